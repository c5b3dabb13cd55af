"""Demo strategic issues and KPIs of Kalasin for fiscal year 2569, copied into 2570.

Illustrative: they follow the province's published development directions (agriculture of
high value and safe food, diverse tourism, a liveable society leaving no one behind, a green
city), not the official text of the provincial plan, which was not to be had.
"""

from decimal import Decimal

from core.models import Agency, FiscalYear, Province
from worksheets import services
from worksheets.models import Kpi, StrategicIssue

DEMO_YEAR = 2569
COPIED_YEAR = 2570

AGRI = "สำนักงานเกษตรจังหวัดกาฬสินธุ์"
AGCOOP = "สำนักงานเกษตรและสหกรณ์จังหวัดกาฬสินธุ์"
COUNCIL = "สำนักงานสภาเกษตรกรจังหวัดกาฬสินธุ์"
LAMPAO = "โครงการส่งน้ำและบำรุงรักษาลำปาว"
RICE = "ศูนย์เมล็ดพันธุ์ข้าวกาฬสินธุ์"
UNI = "มหาวิทยาลัยกาฬสินธุ์"
TOURISM = "สำนักงานการท่องเที่ยวและกีฬาจังหวัดกาฬสินธุ์"
COMMERCE = "สำนักงานพาณิชย์จังหวัดกาฬสินธุ์"
PAO = "องค์การบริหารส่วนจังหวัดกาฬสินธุ์"
CHAMBER = "หอการค้าจังหวัดกาฬสินธุ์"
CD = "สำนักงานพัฒนาชุมชนจังหวัดกาฬสินธุ์"
DOPA = "ที่ทำการปกครองจังหวัดกาฬสินธุ์"
HEALTH = "สำนักงานสาธารณสุขจังหวัดกาฬสินธุ์"
TRANSPORT = "สำนักงานขนส่งจังหวัดกาฬสินธุ์"
FOREST = "สำนักงานป่าไม้จังหวัดกาฬสินธุ์"
ENV = "สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัดกาฬสินธุ์"
ENERGY = "สำนักงานพลังงานจังหวัดกาฬสินธุ์"

# (number, title, goal, [(name, unit, target, weight, responsible, involved)])
ISSUES = (
    (1, "การพัฒนาการเกษตรมูลค่าสูงและอาหารปลอดภัย",
     "เกษตรกรมีรายได้เพิ่มขึ้นจากการผลิตสินค้าเกษตรปลอดภัยที่มีมูลค่าสูง",
     [
         ("ร้อยละที่เพิ่มขึ้นของพื้นที่การผลิตเกษตรปลอดภัยที่ได้รับการรับรองมาตรฐาน GAP", "ร้อยละ", "5", "10", [AGRI], [AGCOOP, COUNCIL]),
         ("ร้อยละที่เพิ่มขึ้นของรายได้เกษตรกรที่เข้าร่วมโครงการเกษตรอัจฉริยะ", "ร้อยละ", "3", "10", [AGCOOP], [AGRI, UNI]),
         ("จำนวนยุวเกษตรกรและเกษตรกรรุ่นใหม่ที่ได้รับการพัฒนาทักษะ", "ราย", "300", "5", [AGRI], [COUNCIL]),
         ("ร้อยละของพื้นที่เกษตรในเขตชลประทานลำปาวที่ได้รับน้ำอย่างทั่วถึง", "ร้อยละ", "85", "5", [LAMPAO], [AGRI]),
         ("ปริมาณเมล็ดพันธุ์ข้าวคุณภาพดีที่กระจายสู่เกษตรกร", "ตัน", "2,000", "5", [RICE], [AGRI, COUNCIL]),
     ]),
    (2, "การส่งเสริมการท่องเที่ยวที่หลากหลายวิถีใหม่",
     "รายได้จากการท่องเที่ยวเพิ่มขึ้นจากแหล่งท่องเที่ยวทางธรรมชาติ ประวัติศาสตร์ และวัฒนธรรมผู้ไท",
     [
         ("ร้อยละที่เพิ่มขึ้นของรายได้จากการท่องเที่ยว", "ร้อยละ", "5", "10", [TOURISM], [COMMERCE, PAO, CHAMBER]),
         ("จำนวนนักท่องเที่ยวที่เยี่ยมชมพิพิธภัณฑ์สิรินธรและเขื่อนลำปาว", "คน", "500,000", "5", [TOURISM], [PAO]),
         ("ร้อยละที่เพิ่มขึ้นของมูลค่าการจำหน่ายผ้าไหมแพรวาและผลิตภัณฑ์ชุมชน", "ร้อยละ", "5", "5", [CD], [COMMERCE, CHAMBER]),
     ]),
    (3, "การพัฒนาสังคมน่าอยู่และสุขภาวะที่ดี ไม่ทิ้งใครไว้ข้างหลัง",
     "ประชาชนมีคุณภาพชีวิตที่ดี ครัวเรือนยากจนลดลง และมีสุขภาวะที่ดี",
     [
         ("ร้อยละของครัวเรือนยากจนเป้าหมายที่พ้นเกณฑ์ความยากจน", "ร้อยละ", "30", "10", [CD], [DOPA, PAO]),
         ("อัตราการเสียชีวิตจากอุบัติเหตุทางถนนต่อประชากรแสนคน", "ต่อแสนประชากร", "ไม่เกิน 22", "5", [HEALTH], [TRANSPORT, DOPA]),
         ("ร้อยละของผู้สูงอายุที่มีพฤติกรรมสุขภาพที่พึงประสงค์", "ร้อยละ", "60", "5", [HEALTH], [PAO]),
         ("ร้อยละของหมู่บ้านที่ผ่านเกณฑ์หมู่บ้านเศรษฐกิจพอเพียง", "ร้อยละ", "80", "5", [CD], [DOPA]),
     ]),
    (4, "การบริหารจัดการทรัพยากรธรรมชาติและสิ่งแวดล้อมสู่เมืองสีเขียว",
     "ทรัพยากรธรรมชาติได้รับการฟื้นฟูและเมืองมีสิ่งแวดล้อมที่ดี (Kalasin Smart Green City)",
     [
         ("ร้อยละของพื้นที่ป่าเสื่อมโทรมที่ได้รับการฟื้นฟู", "ร้อยละ", "10", "5", [FOREST], [ENV]),
         ("ร้อยละของขยะมูลฝอยชุมชนที่ได้รับการจัดการอย่างถูกต้อง", "ร้อยละ", "75", "5", [ENV], [PAO, DOPA]),
         ("ร้อยละที่ลดลงของการใช้พลังงานไฟฟ้าในหน่วยงานภาครัฐ", "ร้อยละ", "5", "5", [ENERGY], []),
     ]),
)  # fmt: skip


def seed(out) -> None:
    province = Province.objects.get(name="กาฬสินธุ์")
    agencies = {a.name: a for a in Agency.objects.filter(province=province)}
    year, _ = FiscalYear.objects.get_or_create(province=province, year=DEMO_YEAR)
    for number, title, goal, kpis in ISSUES:
        issue = StrategicIssue.objects.filter(fiscal_year=year, number=number).first()
        if issue is None:
            issue = services.create_issue(year, number=number, title=title, goal=goal)
        else:
            StrategicIssue.objects.filter(pk=issue.pk).update(title=title, goal=goal)
        for kpi_number, (name, unit, target, weight, responsible, involved) in enumerate(kpis, start=1):
            kpi, _ = Kpi.objects.update_or_create(
                issue=issue,
                number=kpi_number,
                defaults={"name": name, "unit": unit, "target": target, "weight": Decimal(weight)},
            )
            kpi.responsible_agencies.set([agencies[n] for n in responsible])
            kpi.involved_agencies.set([agencies[n] for n in involved])
    if not FiscalYear.objects.filter(province=province, year=COPIED_YEAR).exists():
        services.start_fiscal_year(province, COPIED_YEAR, copy_from=year)
    out.write(f"worksheets: fiscal years {DEMO_YEAR} and {COPIED_YEAR}, {len(ISSUES)} strategic issues each")
