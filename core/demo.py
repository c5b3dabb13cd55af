"""Demo data of the bottom app: Kalasin province, its districts and agencies, demo accounts.

Public facts (districts, agency names, the draft 20-year goal) come from ../shared/data/kalasin.md;
people and the plan's missions are illustrative.
"""

from core.models import Agency, District, Province, ProvincialPlan, Role, RoleAssignment, User

PROVINCE = "กาฬสินธุ์"
PROVINCE_OFFICE = "สำนักงานจังหวัดกาฬสินธุ์"
DEMO_PASSWORD = "kalasin-demo"

DISTRICTS = (
    "เมืองกาฬสินธุ์", "นามน", "กมลาไสย", "ร่องคำ", "กุฉินารายณ์", "เขาวง", "ยางตลาด", "ห้วยเม็ก",
    "สหัสขันธ์", "คำม่วง", "ท่าคันโท", "หนองกุงศรี", "สมเด็จ", "ห้วยผึ้ง", "สามชัย", "นาคู",
    "ดอนจาน", "ฆ้องชัย",
)  # fmt: skip

K = Agency.Kind
AGENCIES = (
    (PROVINCE_OFFICE, "สนจ.กส.", K.PROVINCE_OFFICE),
    ("ที่ทำการปกครองจังหวัดกาฬสินธุ์", "ปค.จ.กส.", K.AGENCY),
    ("สำนักงานพัฒนาชุมชนจังหวัดกาฬสินธุ์", "พช.กส.", K.AGENCY),
    ("สำนักงานสาธารณสุขจังหวัดกาฬสินธุ์", "สสจ.กส.", K.AGENCY),
    ("สำนักงานเกษตรและสหกรณ์จังหวัดกาฬสินธุ์", "กษ.จ.กส.", K.AGENCY),
    ("สำนักงานเกษตรจังหวัดกาฬสินธุ์", "กษจ.กส.", K.AGENCY),
    ("สำนักงานพาณิชย์จังหวัดกาฬสินธุ์", "พณ.กส.", K.AGENCY),
    ("สำนักงานขนส่งจังหวัดกาฬสินธุ์", "ขส.กส.", K.AGENCY),
    ("สำนักงานป่าไม้จังหวัดกาฬสินธุ์", "ปม.กส.", K.AGENCY),
    ("สำนักงานสภาเกษตรกรจังหวัดกาฬสินธุ์", "สกจ.กส.", K.AGENCY),
    ("โครงการส่งน้ำและบำรุงรักษาลำปาว", "คป.ลำปาว", K.AGENCY),
    ("ศูนย์เมล็ดพันธุ์ข้าวกาฬสินธุ์", "ศมข.กส.", K.AGENCY),
    ("สำนักงานการท่องเที่ยวและกีฬาจังหวัดกาฬสินธุ์", "กก.จ.กส.", K.AGENCY),
    ("สำนักงานพลังงานจังหวัดกาฬสินธุ์", "พน.กส.", K.AGENCY),
    ("สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัดกาฬสินธุ์", "ทสจ.กส.", K.AGENCY),
    ("องค์การบริหารส่วนจังหวัดกาฬสินธุ์", "อบจ.กส.", K.LOCAL),
    ("มหาวิทยาลัยกาฬสินธุ์", "มก.กส.", K.PARTNER),
    ("หอการค้าจังหวัดกาฬสินธุ์", "หอการค้า กส.", K.PARTNER),
)

AGRI = "สำนักงานเกษตรจังหวัดกาฬสินธุ์"
HEALTH = "สำนักงานสาธารณสุขจังหวัดกาฬสินธุ์"

# One account per role: the province level, and two agencies each with its own CKO and head; and
# issue.lead, on the team of strategic issue 1.
# (username, first name, last name, position, agency, [(role, agency or None for province)])
ACCOUNTS = (
    ("km.officer", "สุภาพร", "ศรีสุข", "นักวิเคราะห์นโยบายและแผนชำนาญการ", PROVINCE_OFFICE,
     [(Role.KM_TEAM, None)]),
    # No role: their rights on issue 1's worksheets 2–4 come from its roster (teams/demo.py).
    ("issue.lead", "ประเสริฐ", "บุญมา", "นักวิชาการส่งเสริมการเกษตรชำนาญการพิเศษ", AGRI, []),
    ("province.cko", "วิชัย", "ทองดี", "รองผู้ว่าราชการจังหวัดกาฬสินธุ์", PROVINCE_OFFICE,
     [(Role.CKO, None)]),
    ("governor", "สมศักดิ์", "แก้วกาฬ", "ผู้ว่าราชการจังหวัดกาฬสินธุ์", PROVINCE_OFFICE,
     [(Role.CEO, None)]),
    ("agri.team", "มาลี", "พรหมวงศ์", "นักวิชาการเกษตรชำนาญการ", AGRI,
     [(Role.AGENCY_TEAM, AGRI), (Role.COORDINATOR, AGRI)]),
    ("agri.pm", "ธนากร", "ภูผา", "นักวิชาการเกษตรปฏิบัติการ", AGRI,
     [(Role.PROJECT_MANAGER, AGRI)]),
    ("agri.cko", "อำนาจ", "สายทอง", "หัวหน้ากลุ่มยุทธศาสตร์และสารสนเทศ", AGRI, [(Role.CKO, AGRI)]),
    ("agri.head", "ชาญชัย", "ศรีกาฬ", "เกษตรจังหวัดกาฬสินธุ์", AGRI, [(Role.CEO, AGRI)]),
    ("health.team", "นงลักษณ์", "จันทร์หอม", "นักวิชาการสาธารณสุขชำนาญการ", HEALTH,
     [(Role.AGENCY_TEAM, HEALTH), (Role.COORDINATOR, HEALTH)]),
    ("health.cko", "พิมพ์ใจ", "ธรรมวงศ์", "รองนายแพทย์สาธารณสุขจังหวัด", HEALTH, [(Role.CKO, HEALTH)]),
    ("health.head", "ธีระ", "ปัญญาดี", "นายแพทย์สาธารณสุขจังหวัดกาฬสินธุ์", HEALTH,
     [(Role.CEO, HEALTH)]),
)  # fmt: skip

VISION = "เมืองเกษตรมูลค่าสูง อาหารปลอดภัย ท่องเที่ยวหลากหลาย สังคมน่าอยู่ สู่เมืองมั่งคั่ง และสุขภาวะที่ดีอย่างยั่งยืน"
MISSION = "\n".join(
    (
        "1. ส่งเสริมการผลิตสินค้าเกษตรปลอดภัยและเพิ่มมูลค่าด้วยเทคโนโลยีและนวัตกรรม",
        "2. พัฒนาการท่องเที่ยวทางธรรมชาติ ประวัติศาสตร์ และวัฒนธรรมผู้ไทให้หลากหลายและยั่งยืน",
        "3. ยกระดับคุณภาพชีวิต ลดความเหลื่อมล้ำ ไม่ทิ้งใครไว้ข้างหลัง",
        "4. บริหารจัดการทรัพยากรธรรมชาติและสิ่งแวดล้อมสู่เมืองสีเขียว",
    )
)


def seed(out) -> None:
    province, _ = Province.objects.update_or_create(name=PROVINCE, defaults={"name_en": "Kalasin"})
    for code, name in enumerate(DISTRICTS, start=4601):
        District.objects.update_or_create(code=str(code), defaults={"province": province, "name": name})
    for name, short, kind in AGENCIES:
        Agency.objects.update_or_create(
            province=province, name=name, defaults={"short_name": short, "kind": kind}
        )
    agencies = {a.name: a for a in Agency.objects.filter(province=province)}
    for username, first, last, position, agency, roles in ACCOUNTS:
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "position": position,
                "agency": agencies[agency],
                "email": f"{username}@demo.kalasin-km.invalid",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        for role, scope in roles:
            RoleAssignment.objects.get_or_create(
                user=user,
                role=role,
                agency=agencies[scope] if scope else None,
                defaults={"province": province},
            )
    ProvincialPlan.objects.update_or_create(
        province=province,
        first_year=2566,
        defaults={"last_year": 2570, "vision": VISION, "mission": MISSION},
    )
    out.write(f"core: {len(AGENCIES)} agencies, {len(DISTRICTS)} districts, {len(ACCOUNTS)} demo accounts")
