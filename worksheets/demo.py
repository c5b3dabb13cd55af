"""Demo strategic issues and KPIs of Kalasin for fiscal year 2569, copied into 2570.

Illustrative: they follow the province's published development directions (agriculture of
high value and safe food, diverse tourism, a liveable society leaving no one behind, a green
city), not the official text of the provincial plan, which was not to be had.
"""

from decimal import Decimal

from django.utils import timezone

from core.models import Agency, FiscalYear, Province, User
from worksheets import services
from worksheets.models import (
    KnowledgeHolder,
    KnowledgeItem,
    KnowledgeScore,
    Kpi,
    KpiScore,
    ScoringCriterion,
    StrategicIssue,
    SufficiencyAnalysis,
    WorkProcess,
)

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


# A finished example for newcomers: worksheets 2–4 of issues 1 and 2, fully scored.
# Worksheet 2 scores: KPI number -> its score on each of the five criteria.
KPI_SCORES = {
    1: {1: (5, 5, 3, 3, 5), 2: (5, 5, 5, 3, 5), 3: (3, 5, 3, 3, 3), 4: (5, 3, 3, 3, 3), 5: (3, 3, 1, 5, 3)},
    2: {1: (5, 5, 5, 3, 5), 2: (3, 3, 3, 5, 3), 3: (5, 5, 5, 3, 3)},
}
# Worksheet 3: chosen KPI number -> [(work process, [(knowledge, kind, where found, responsible,
# involved, holder agencies, [(holder name, position, agency)], six worksheet-4 scores, chosen)])]
KNOWLEDGE = {
    1: {
        1: [
            ("การส่งเสริมและถ่ายทอดความรู้การผลิตพืชตามมาตรฐาน GAP", [
                ("เทคนิคการผลิตพืชปลอดภัยตามมาตรฐาน GAP", "tacit",
                 "ศูนย์เรียนรู้การเพิ่มประสิทธิภาพการผลิตสินค้าเกษตร (ศพก.) และเกษตรกรต้นแบบ",
                 [AGRI], [COUNCIL], [AGRI],
                 [("นายบุญมี ศรีสุข", "เกษตรกรต้นแบบ อำเภอยางตลาด", None)], (5, 5, 5, 5, 5, 3), True),
                ("ขั้นตอนการขอรับรองมาตรฐาน GAP", "explicit", "คู่มือการตรวจรับรองแหล่งผลิต GAP พืช",
                 [AGRI], [AGCOOP], [AGRI], [], (5, 3, 3, 5, 3, 3), True),
            ]),
            ("การตรวจประเมินและรับรองแปลง", [
                ("การตรวจประเมินแปลงตามเกณฑ์ GAP", "tacit", "ทีมผู้ตรวจประเมินของสำนักงานเกษตรจังหวัด",
                 [AGRI], [], [AGRI],
                 [("นางสาวมาลี พรหมวงศ์", "นักวิชาการเกษตรชำนาญการ", AGRI)], (5, 3, 5, 3, 5, 5), True),
            ]),
        ],
        2: [
            ("การประยุกต์ใช้เทคโนโลยีเกษตรอัจฉริยะ", [
                ("การใช้เซนเซอร์และระบบน้ำอัจฉริยะในแปลงเกษตร", "explicit", "งานวิจัยของมหาวิทยาลัยกาฬสินธุ์",
                 [AGCOOP], [UNI], [UNI], [], (3, 3, 5, 3, 3, 5), False),
                ("การวางแผนการผลิตตามความต้องการของตลาด", "tacit", "กลุ่มวิสาหกิจชุมชนแปลงใหญ่",
                 [AGCOOP], [AGRI, COMMERCE], [AGCOOP], [], (5, 5, 3, 3, 3, 3), True),
            ]),
        ],
    },
    2: {
        1: [
            ("การพัฒนาเส้นทางท่องเที่ยวเชิงวัฒนธรรมผู้ไทและไดโนเสาร์", [
                ("การออกแบบเส้นทางท่องเที่ยววิถีใหม่", "tacit", "ผู้ประกอบการท่องเที่ยวและชุมชนท่องเที่ยว",
                 [TOURISM], [PAO, CHAMBER], [TOURISM], [], (5, 3, 5, 3, 5, 5), True),
                ("การสื่อความหมายแหล่งท่องเที่ยวโดยมัคคุเทศก์ท้องถิ่น", "tacit", "ชุมชนบ้านโพน อำเภอคำม่วง",
                 [TOURISM], [CD], [],
                 [("นายสมหมาย ไชยวงศ์", "มัคคุเทศก์ท้องถิ่นบ้านโพน", None)], (3, 5, 3, 5, 3, 3), False),
            ]),
        ],
        3: [
            ("การพัฒนาผลิตภัณฑ์ผ้าไหมแพรวา", [
                ("การออกแบบลายผ้าไหมแพรวาร่วมสมัย", "tacit", "กลุ่มทอผ้าไหมแพรวาบ้านโพน",
                 [CD], [COMMERCE], [CD],
                 [("นางคำปุน ศรีใส", "ประธานกลุ่มทอผ้าไหมแพรวา", None)], (5, 5, 5, 5, 3, 5), True),
                ("การตลาดออนไลน์สำหรับผลิตภัณฑ์ชุมชน", "explicit", "หลักสูตรอบรมของสำนักงานพาณิชย์จังหวัด",
                 [COMMERCE], [CD, CHAMBER], [COMMERCE], [], (3, 3, 5, 5, 5, 3), False),
            ]),
        ],
    },
}  # fmt: skip
# The sufficiency-economy form and the KV of the issues with a finished example: finalising
# needs them too.
SUFFICIENCY = {
    1: {
        "moderation": "ผลิตพืชปลอดภัยให้เหมาะกับขนาดแปลง แรงงาน และทุนของครัวเรือน",
        "reasonableness": "ตลาดต้องการสินค้าเกษตรปลอดภัยมากขึ้น และมาตรฐาน GAP ช่วยเพิ่มราคา",
        "immunity": "กระจายชนิดพืช ลดการใช้สารเคมี และรวมกลุ่มเพื่อต่อรองราคา",
        "knowledge_condition": "ความรู้การผลิตตามมาตรฐาน GAP และการตรวจประเมินแปลง",
        "morality_condition": "ซื่อสัตย์ต่อผู้บริโภค ไม่ใช้สารต้องห้าม และแบ่งปันความรู้ในกลุ่ม",
        "km_scope": "เทคนิคการผลิตพืชปลอดภัยตามมาตรฐาน GAP และการตรวจประเมินแปลง",
    },
    2: {
        "moderation": "พัฒนาเส้นทางท่องเที่ยวให้เหมาะกับจำนวนนักท่องเที่ยวที่ชุมชนรองรับได้",
        "reasonableness": "นักท่องเที่ยวสนใจวัฒนธรรมผู้ไท ผ้าไหมแพรวา และแหล่งไดโนเสาร์ ซึ่งสร้างรายได้ให้ชุมชน",
        "immunity": "มีกิจกรรมท่องเที่ยวหลายรูปแบบตลอดปี และตลาดออนไลน์รองรับเมื่อนักท่องเที่ยวลดลง",
        "knowledge_condition": "ความรู้การออกแบบเส้นทางท่องเที่ยว การสื่อความหมาย และการออกแบบลายผ้า",
        "morality_condition": "ให้บริการอย่างซื่อสัตย์ เคารพวัฒนธรรมท้องถิ่น และแบ่งปันรายได้อย่างเป็นธรรม",
        "km_scope": "การออกแบบเส้นทางท่องเที่ยววิถีใหม่และการออกแบบลายผ้าไหมแพรวาร่วมสมัย",
    },
}
KNOWLEDGE_VISION = {
    1: (
        "ถ่ายทอดและต่อยอดความรู้การผลิตพืชปลอดภัยตามมาตรฐาน GAP จากเกษตรกรต้นแบบสู่เกษตรกรทั่วจังหวัด "
        "เพื่อเพิ่มพื้นที่เกษตรปลอดภัยและรายได้ของเกษตรกร สู่เมืองเกษตรมูลค่าสูง อาหารปลอดภัย"
    ),
    2: (
        "รวบรวมและแบ่งปันความรู้การออกแบบเส้นทางท่องเที่ยววิถีใหม่และลายผ้าไหมแพรวาของชุมชน "
        "เพื่อเพิ่มรายได้จากการท่องเที่ยวและผลิตภัณฑ์ชุมชนของจังหวัดกาฬสินธุ์"
    ),
}


def _score(score_model, column_field, criteria, column, values) -> None:
    for criterion, value in zip(criteria, values, strict=True):
        score_model.objects.update_or_create(
            criterion=criterion, **{column_field: column}, defaults={"value": value}
        )


def _fill_worksheets(issue: StrategicIssue, agencies) -> None:
    """Worksheets 2–4 of a demo issue, fully scored, with its choices. (Who fills them in is the
    issue's roster of worksheet 5: teams/demo.py.)"""
    criteria2 = list(ScoringCriterion.objects.filter(issue=issue, worksheet=2).order_by("order")[:5])
    criteria4 = list(ScoringCriterion.objects.filter(issue=issue, worksheet=4).order_by("order")[:6])
    chosen_kpis = KNOWLEDGE[issue.number]
    for kpi in issue.kpis.all():
        _score(KpiScore, "kpi", criteria2, kpi, KPI_SCORES[issue.number][kpi.number])
        Kpi.objects.filter(pk=kpi.pk).update(chosen=kpi.number in chosen_kpis)
        for p_order, (process_name, items) in enumerate(chosen_kpis.get(kpi.number, []), start=1):
            process, _ = WorkProcess.objects.update_or_create(
                kpi=kpi, order=p_order, defaults={"name": process_name}
            )
            for i_order, (name, kind, source, resp, inv, held, people, scores, chosen) in enumerate(
                items, start=1
            ):
                item, _ = KnowledgeItem.objects.update_or_create(
                    process=process,
                    order=i_order,
                    defaults={"name": name, "kind": kind, "source": source, "chosen": chosen},
                )
                item.responsible_agencies.set([agencies[n] for n in resp])
                item.involved_agencies.set([agencies[n] for n in inv])
                item.holder_agencies.set([agencies[n] for n in held])
                for person, position, agency in people:
                    KnowledgeHolder.objects.update_or_create(
                        item=item,
                        name=person,
                        defaults={"position": position, "agency": agencies[agency] if agency else None},
                    )
                _score(KnowledgeScore, "item", criteria4, item, scores)


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
    # Both years carry the finished example; in 2569 the issues are finalised, in the current
    # year 2570 issue 1 is finalised and issue 2 is still open.
    km_officer = User.objects.get(username="km.officer")
    for fiscal_year in FiscalYear.objects.filter(province=province, year__in=[DEMO_YEAR, COPIED_YEAR]):
        for number in KNOWLEDGE:
            issue = StrategicIssue.objects.get(fiscal_year=fiscal_year, number=number)
            _fill_worksheets(issue, agencies)
            SufficiencyAnalysis.objects.update_or_create(issue=issue, defaults=SUFFICIENCY[number])
            StrategicIssue.objects.filter(pk=issue.pk).update(knowledge_vision=KNOWLEDGE_VISION[number])
            finalised = fiscal_year.year == DEMO_YEAR or number == 1
            if finalised and issue.finalised_at is None:
                StrategicIssue.objects.filter(pk=issue.pk).update(
                    finalised_at=timezone.now(), finalised_by=km_officer
                )
    out.write(f"worksheets: fiscal years {DEMO_YEAR} and {COPIED_YEAR}, {len(ISSUES)} strategic issues each")
