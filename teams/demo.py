"""Demo KM teams of Kalasin: the provincial team, the teams of strategic issues 1 and 2
(worksheet 5) and several agencies' teams (worksheet 6), in both demo fiscal years.

People not among the demo accounts are illustrative, with made-up phone numbers and e-mails of
the reserved ``.example`` domain. Running it twice changes nothing: a roster that exists is left
as it is (a person may have changed it in the demo).
"""

from django.db.models import Q

from core.models import Agency, FiscalYear, Province, User
from teams import services
from teams.models import KmFunction, MemberRole, Team
from worksheets.lifecycle import knowledge_for_action_plans
from worksheets.models import StrategicIssue

R, F = MemberRole, KmFunction
PROVINCE_OFFICE = "สำนักงานจังหวัดกาฬสินธุ์"
AGRI = "สำนักงานเกษตรจังหวัดกาฬสินธุ์"
AGCOOP = "สำนักงานเกษตรและสหกรณ์จังหวัดกาฬสินธุ์"
TOURISM = "สำนักงานการท่องเที่ยวและกีฬาจังหวัดกาฬสินธุ์"
HEALTH = "สำนักงานสาธารณสุขจังหวัดกาฬสินธุ์"
UNI = "มหาวิทยาลัยกาฬสินธุ์"
PAO = "องค์การบริหารส่วนจังหวัดกาฬสินธุ์"

# A row is (role, KM function, account username) for a linked row, or
# (role, KM function, title, first name, last name, position, agency, phone, e-mail).
PROVINCE_ROWS = (
    (R.HEAD, F.EUA, "นาย", "ไพโรจน์", "ศรีวงศ์", "หัวหน้าสำนักงานจังหวัดกาฬสินธุ์", PROVINCE_OFFICE,
     "043-811-100", "pairoj.s@kalasin.example"),
    (R.DEPUTY, F.AMNUAY, "นางสาว", "วรรณา", "คำภู", "หัวหน้ากลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด",
     PROVINCE_OFFICE, "043-811-101", ""),
    (R.MEMBER, F.AMNUAY, "km.officer"),
    (R.MEMBER, F.KIJ, "นาย", "สุรชัย", "พลราช", "นักวิเคราะห์นโยบายและแผนชำนาญการ", PROVINCE_OFFICE,
     "043-811-102", ""),
    (R.MEMBER, F.WISAT, "นาย", "อนุชา", "แสนสุข", "นักวิชาการคอมพิวเตอร์ชำนาญการ", PROVINCE_OFFICE,
     "043-811-103", "anucha.s@kalasin.example"),
    (R.SECRETARY, F.LIKIT, "นาง", "จันทร์เพ็ญ", "ทองมา", "นักวิเคราะห์นโยบายและแผนปฏิบัติการ", PROVINCE_OFFICE,
     "043-811-104", ""),
    (R.ASSISTANT_SECRETARY, F.LIKIT, "นางสาว", "ศิริพร", "บุญเรือง", "เจ้าพนักงานธุรการชำนาญงาน", PROVINCE_OFFICE,
     "043-811-105", ""),
)  # fmt: skip

ISSUE_ROWS = {
    1: (
        (R.HEAD, F.EUA, "agri.head"),
        (R.DEPUTY, F.AMNUAY, "issue.lead"),
        (R.MEMBER, F.KIJ, "นาย", "สมพงษ์", "ไชยมาตย์", "เกษตรและสหกรณ์จังหวัดกาฬสินธุ์", AGCOOP, "043-812-200", ""),
        (R.MEMBER, F.KIJ, "ผู้ช่วยศาสตราจารย์ ดร.", "กนกวรรณ", "ภูมิสถาน", "อาจารย์คณะเกษตรศาสตร์", UNI,
         "", "kanokwan.p@ksu.example"),
        (R.MEMBER, F.PROJECT_MANAGER, "agri.pm"),
        (R.SECRETARY, F.LIKIT, "agri.team"),
    ),
    2: (
        (R.HEAD, F.EUA, "นาย", "ประยุทธ", "วงศ์ใหญ่", "ท่องเที่ยวและกีฬาจังหวัดกาฬสินธุ์", TOURISM, "043-813-300", ""),
        (R.MEMBER, F.KIJ, "นาง", "อรุณี", "ผิวขำ", "นักพัฒนาการท่องเที่ยวชำนาญการ", TOURISM, "043-813-301", ""),
        (R.MEMBER, F.KIJ, "นาย", "ธวัชชัย", "แก้วประเสริฐ", "นักวิเคราะห์นโยบายและแผนชำนาญการ", PAO, "043-813-302",
         ""),
        (R.SECRETARY, F.LIKIT, "นางสาว", "เบญจมาศ", "ศรีสมบัติ", "นักวิชาการการท่องเที่ยวปฏิบัติการ", TOURISM,
         "043-813-303", ""),
    ),
}  # fmt: skip

AGENCY_ROWS = {
    AGRI: (
        (R.HEAD, F.EUA, "นาย", "วีระพงษ์", "สุขสวัสดิ์", "หัวหน้ากลุ่มส่งเสริมและพัฒนาการผลิต", AGRI,
         "043-814-400", "weerapong.s@agri.example"),
        (R.DEPUTY, F.AMNUAY, "issue.lead"),
        (R.MEMBER, F.KIJ, "นาย", "ณัฐพล", "ศรีภูมิ", "นักวิชาการส่งเสริมการเกษตรชำนาญการ", AGRI, "081-234-5678", ""),
        (R.MEMBER, F.KIJ, "นางสาว", "ปวีณา", "มูลสาร", "นักวิชาการส่งเสริมการเกษตรปฏิบัติการ", AGRI,
         "089-876-5432", ""),
        (R.MEMBER, F.PROJECT_MANAGER, "agri.pm"),
        (R.MEMBER, F.WISAT, "นาย", "กิตติศักดิ์", "โพธิ์ศรี", "นักวิชาการคอมพิวเตอร์ปฏิบัติการ", AGRI, "043-814-401",
         ""),
        (R.SECRETARY, F.LIKIT, "agri.team"),
        (R.ASSISTANT_SECRETARY, F.LIKIT, "นาง", "ละเอียด", "ดวงแก้ว", "เจ้าพนักงานการเกษตรชำนาญงาน", AGRI,
         "043-814-402", ""),
    ),
    HEALTH: (
        (R.HEAD, F.EUA, "นายแพทย์", "อดิศักดิ์", "ชัยมงคล", "นายแพทย์เชี่ยวชาญ (ด้านเวชกรรมป้องกัน)", HEALTH,
         "043-815-500", ""),
        (R.MEMBER, F.KIJ, "นาง", "สุดารัตน์", "พรมมา", "พยาบาลวิชาชีพชำนาญการพิเศษ", HEALTH, "043-815-501", ""),
        (R.MEMBER, F.KIJ, "นาย", "เอกชัย", "บุตรดี", "นักวิชาการสาธารณสุขชำนาญการ", HEALTH, "043-815-502", ""),
        (R.SECRETARY, F.LIKIT, "health.team"),
    ),
    AGCOOP: (
        (R.HEAD, F.EUA, "นาย", "สมพงษ์", "ไชยมาตย์", "เกษตรและสหกรณ์จังหวัดกาฬสินธุ์", AGCOOP, "043-812-200", ""),
        (R.MEMBER, F.KIJ, "นางสาว", "รัตนา", "อินทร์แก้ว", "นักวิเคราะห์นโยบายและแผนชำนาญการ", AGCOOP,
         "043-812-201", ""),
        (R.SECRETARY, F.LIKIT, "นาย", "ชัยวัฒน์", "ทองสุข", "เจ้าพนักงานธุรการปฏิบัติงาน", AGCOOP, "043-812-202",
         ""),
    ),
}  # fmt: skip


def _fill(team: Team, rows, accounts: dict[str, User], agencies: dict[str, Agency]) -> None:
    for role, function, *person in rows:
        if len(person) == 1:
            services.add_member(team, role=role, km_function=function, user=accounts[person[0]])
            continue
        title, first_name, last_name, position, agency, phone, email = person
        services.add_member(
            team, role=role, km_function=function, title=title, first_name=first_name, last_name=last_name,
            position=position, phone=phone, email=email,
            agency=agencies[agency] if team.kind == Team.Kind.ISSUE else None,
        )  # fmt: skip


def seed(out) -> None:
    province = Province.objects.get(name="กาฬสินธุ์")
    agencies = {a.name: a for a in Agency.objects.filter(province=province)}
    accounts = {u.username: u for u in User.objects.filter(agency__province=province)}
    made = 0
    for year in FiscalYear.objects.filter(province=province).order_by("year"):
        teams = Team.objects.filter(fiscal_year=year)
        if not teams.filter(kind=Team.Kind.PROVINCE).exists():
            _fill(services.start_roster(Team.Kind.PROVINCE, year), PROVINCE_ROWS, accounts, agencies)
            made += 1
        for number, rows in ISSUE_ROWS.items():
            issue = StrategicIssue.objects.filter(fiscal_year=year, number=number).first()
            if issue and not teams.filter(issue=issue).exists():
                _fill(services.start_roster(Team.Kind.ISSUE, year, issue=issue), rows, accounts, agencies)
                made += 1
        for name, rows in AGENCY_ROWS.items():
            agency = agencies[name]
            if teams.filter(agency=agency).exists():
                continue
            # The first knowledge worksheet 3 names the agency for, once worksheet 4 is finalised;
            # else blank, waiting for it while the year's worksheets 4 are still open.
            knowledge = (
                knowledge_for_action_plans(year)
                .filter(Q(responsible_agencies=agency) | Q(involved_agencies=agency))
                .order_by("process__kpi__issue__number", "process__kpi__number", "order")
                .first()
            )
            if knowledge is None and services.knowledge_required(year):
                continue
            team = services.start_roster(Team.Kind.AGENCY, year, agency=agency, knowledge=knowledge)
            _fill(team, rows, accounts, agencies)
            made += 1
    out.write(f"teams: {made} rosters started")
