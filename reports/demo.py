"""Demo progress reports of Kalasin: last fiscal year 2569, whose three rounds are all open, has
reports in every state, so each demo account has a report to read or act on.

The current year 2570's rounds open only on 1 เม.ย. 2570, so the reports are 2569's. The plans that
report there are last year's: the two of สำนักงานเกษตรจังหวัดกาฬสินธุ์ that ``actionplans.demo``
approves, and three more written here (two of the province, one of the agency approved after the
6-month round's cut-off, so it reports from the 9-month round). A plan reports in a round only when
it was approved before the round's cut-off, so the steps of these plans are dated back to when they
were given, the way ``tests.factories.approve_on`` does.

- 6-month round: three plans accepted (the agency's two and the province's), with their KPI
  results; the province's market plan never reported.
- 9-month round: one submitted (``agri.cko`` endorses), one endorsed (``km.officer`` accepts), one
  returned by ``province.cko`` with a comment, one draft past its due date (late), one never
  opened.
- 12-month round: its due date was moved to 15 ธ.ค. 2569 by the KM team; one draft not yet due.
- KPI assessments of two of 2569's KPIs.

Every report is opened and saved through ``reports.services`` and moved through
``reports.workflow`` by the demo account whose move it is, so its steps, signers and history are
real; the steps are then dated to when they would have been made. The texts are illustrative.
Running it twice changes nothing: a report that exists is left as it is (a person may have moved
it in the demo).
"""

import datetime

from django.utils import timezone

from actionplans import demo as plan_demo
from actionplans import services as plan_services
from actionplans.models import ActionPlan, PlanStep
from core.models import Agency, FiscalYear, Province, User
from reports import rounds, services, workflow
from reports.forms_assessment import KpiAssessmentForm
from reports.models import KpiAssessment, ProgressReport, ReportStep
from worksheets.models import KnowledgeItem, Kpi

YEAR = 2569
AGRI = plan_demo.AGRI
GAP_TECHNIQUE, GAP_STEPS = plan_demo.GAP_TECHNIQUE, plan_demo.GAP_STEPS
INSPECTION, MARKET = plan_demo.INSPECTION, plan_demo.MARKET
D = datetime.date

# Last year's plans: (knowledge, agency or None for the province, who opens it, its story as in
# actionplans.demo, the days its submission, review and approval are dated). The first two are
# actionplans.demo's; only their dates are set here.
PLANS = (
    (GAP_TECHNIQUE, AGRI, None, None, (D(2025, 11, 12), D(2025, 11, 17), D(2025, 11, 20))),
    (INSPECTION, AGRI, None, None, (D(2025, 11, 18), D(2025, 11, 21), D(2025, 11, 25))),
    (GAP_TECHNIQUE, None, "issue.lead",
     [("write", "issue.lead", 6), ("submit", "issue.lead"), ("review", "province.cko"), ("approve", "governor")],
     (D(2025, 11, 26), D(2025, 12, 1), D(2025, 12, 5))),
    (MARKET, None, "km.officer",
     [("write", "km.officer", 4), ("submit", "km.officer"), ("review", "province.cko"), ("approve", "governor")],
     (D(2025, 12, 2), D(2025, 12, 8), D(2025, 12, 10))),
    # Approved after the 6-month round's cut-off (31 มี.ค. 2569): it reports from the 9-month round.
    (GAP_STEPS, AGRI, "agri.pm",
     [("write", "agri.pm", 6), ("submit", "agri.pm"), ("review", "agri.cko"), ("approve", "agri.head")],
     (D(2026, 4, 28), D(2026, 5, 6), D(2026, 5, 12))),
)  # fmt: skip

# What each activity's report says once it is done: (what was done, the result against the
# indicator and target, problems met, how they were solved), and what was done while in progress.
DONE, PROGRESS = "done", "progress"
TEXTS = {
    # เทคนิคการผลิตพืชปลอดภัยตามมาตรฐาน GAP
    "จัดตั้งชุมชนนักปฏิบัติ (CoP) เกษตรกรผู้ผลิตพืชปลอดภัย": {
        DONE: ("ประชุมจัดตั้ง CoP ณ สำนักงานเกษตรจังหวัดกาฬสินธุ์ เมื่อ 14 พ.ย. 2568 คัดเลือกประธานและเลขานุการกลุ่ม "
               "ตั้งกลุ่มไลน์ \"GAP กาฬสินธุ์\" สำหรับแลกเปลี่ยนความรู้",
               "มีสมาชิก CoP 34 คน จากแปลงใหญ่ 9 อำเภอ สูงกว่าเป้าหมาย 30 คน",
               "เกษตรกรบางรายไม่สะดวกเดินทางมาประชุมในช่วงเก็บเกี่ยวข้าว",
               "ประชุมออนไลน์ควบคู่ และนัดพบกันที่ ศพก. ของแต่ละอำเภอแทน"),
    },
    "ถอดบทเรียนเทคนิคการผลิตพืชปลอดภัยจากเกษตรกรต้นแบบ อำเภอยางตลาด": {
        DONE: ("ถอดบทเรียนนายบุญมี ศรีสุข เกษตรกรต้นแบบ อำเภอยางตลาด ด้วยการสัมภาษณ์และเยี่ยมแปลง 2 ครั้ง "
               "เรื่องการเตรียมดิน การใช้ชีวภัณฑ์แทนสารเคมี และการบันทึกข้อมูลการผลิต",
               "ได้องค์ความรู้ \"การผลิตผักปลอดภัยด้วยชีวภัณฑ์\" 1 เรื่อง ตามเป้าหมาย",
               "ความรู้ส่วนใหญ่อยู่ในตัวเกษตรกร ไม่ได้จดบันทึกไว้",
               "ใช้แบบบันทึกการถอดบทเรียนและถ่ายวิดีโอการสาธิตเพื่อทบทวนภายหลัง"),
    },
    "เวทีแลกเปลี่ยนเรียนรู้ ณ ศูนย์เรียนรู้การเพิ่มประสิทธิภาพการผลิตสินค้าเกษตร (ศพก.)": {
        DONE: ("จัดเวทีแลกเปลี่ยนเรียนรู้ 2 ครั้ง ณ ศพก. อำเภอยางตลาดและอำเภอกมลาไสย เกษตรกรต้นแบบสาธิต"
               "การทำน้ำหมักชีวภาพและการจดบันทึกการใช้ปัจจัยการผลิต",
               "มีผู้เข้าร่วม 72 คน สูงกว่าเป้าหมาย 60 คน ร้อยละ 85 ประเมินว่านำไปใช้ได้",
               "ฝนตกหนักในวันจัดเวทีครั้งแรก ผู้เข้าร่วมมาน้อยกว่าที่ลงทะเบียน",
               "จัดเวทีรอบเพิ่มเติมที่ ศพก. อำเภอกมลาไสย และส่งคลิปสาธิตให้ผู้ที่ไม่ได้มา"),
    },
    "จัดทำคู่มือการผลิตพืชปลอดภัยตามมาตรฐาน GAP ฉบับเกษตรกร": {
        DONE: ("เรียบเรียงคู่มือจากองค์ความรู้ที่ถอดได้และผลการแลกเปลี่ยนในเวที ให้นักวิชาการจากมหาวิทยาลัยกาฬสินธุ์"
               "ตรวจทาน และจัดพิมพ์",
               "คู่มือ 1 เล่ม ผ่านการตรวจทานของผู้เชี่ยวชาญ จัดพิมพ์ 300 เล่ม ตามเป้าหมาย",
               "การตรวจทานใช้เวลานานกว่าที่วางแผนไว้ 3 สัปดาห์",
               "แบ่งบทให้ผู้ตรวจทาน 2 คนตรวจพร้อมกัน"),
        PROGRESS: "ร่างคู่มือเสร็จ 4 บทจาก 6 บท อยู่ระหว่างรอผู้เชี่ยวชาญตรวจทาน",
    },
    "เผยแพร่คู่มือและคลิปความรู้ผ่านคลังความรู้ของจังหวัดและกลุ่มไลน์ CoP": {
        DONE: ("เผยแพร่คู่มือฉบับ PDF และคลิปความรู้ 5 คลิปในคลังความรู้ของจังหวัด กลุ่มไลน์ CoP "
               "และเพจของสำนักงานเกษตรจังหวัด",
               "มีการเข้าถึงความรู้ 640 ครั้ง สูงกว่าเป้าหมาย 500 ครั้ง",
               "เกษตรกรสูงอายุบางส่วนไม่ใช้สมาร์ทโฟน",
               "แจกคู่มือฉบับพิมพ์ผ่านเกษตรอำเภอและอาสาสมัครเกษตรหมู่บ้าน"),
        PROGRESS: "เผยแพร่คู่มือฉบับ PDF และคลิปความรู้ 2 คลิปแล้ว",
    },
    "ติดตามผลการนำความรู้ไปใช้และยกย่องเกษตรกรที่ได้รับการรับรอง GAP": {
        DONE: ("ติดตามสมาชิก CoP ด้วยแบบสอบถามและเยี่ยมแปลง 12 แปลง มอบเกียรติบัตรแก่เกษตรกรที่ได้รับการรับรอง GAP "
               "ในงานวันเกษตรจังหวัด",
               "สมาชิกนำความรู้ไปใช้ร้อยละ 82 สูงกว่าเป้าหมายร้อยละ 80",
               "", ""),
        PROGRESS: "ส่งแบบสอบถามติดตามผลให้สมาชิก CoP แล้ว ตอบกลับ 20 จาก 34 คน",
    },
    # การตรวจประเมินแปลงตามเกณฑ์ GAP
    "ถอดบทเรียนประสบการณ์การตรวจแปลงจากผู้ตรวจประเมินที่มีความชำนาญ": {
        DONE: ("ถอดบทเรียนผู้ตรวจประเมินอาวุโส 3 คน ด้วยการสนทนากลุ่มและติดตามการตรวจแปลงจริง",
               "ได้ประเด็นความรู้ 6 ประเด็น สูงกว่าเป้าหมาย 5 ประเด็น เช่น การสังเกตร่องรอยการใช้สารเคมี "
               "การตรวจบันทึกการผลิต",
               "ผู้ตรวจอาวุโสมีภารกิจตรวจแปลงมาก นัดหมายได้ยาก",
               "ถอดบทเรียนระหว่างออกตรวจแปลงจริงแทนการนัดประชุม"),
    },
    "จัดทำแบบตรวจ (Checklist) และคู่มือการตรวจประเมินแปลงฉบับภาคสนาม": {
        DONE: ("จัดทำแบบตรวจและคู่มือฉบับพกพา ทดลองใช้ในการตรวจแปลงที่อำเภอสหัสขันธ์และอำเภอคำม่วง แล้วปรับปรุง",
               "แบบตรวจและคู่มือ 1 ชุด ตามเป้าหมาย",
               "แบบตรวจฉบับแรกยาวเกินไป ใช้เวลาตรวจแปลงละเกือบ 2 ชั่วโมง",
               "รวมข้อที่ซ้ำกันและจัดลำดับตามเส้นทางเดินตรวจในแปลง"),
    },
    "ฝึกปฏิบัติการตรวจแปลงจริงแบบพี่เลี้ยง (Coaching)": {
        DONE: ("จับคู่ผู้ตรวจรุ่นใหม่กับพี่เลี้ยง ออกตรวจแปลงจริงคู่ละ 4 แปลง",
               "ผู้ตรวจรุ่นใหม่ผ่านการฝึก 12 คน ตามเป้าหมาย",
               "บางอำเภออยู่ไกล ค่าใช้จ่ายในการเดินทางสูง",
               "จัดเส้นทางตรวจแปลงให้ครอบคลุมอำเภอใกล้เคียงในวันเดียวกัน"),
        PROGRESS: "ฝึกปฏิบัติแล้ว 7 คน จาก 12 คน",
    },
    "เวทีแลกเปลี่ยนเรียนรู้ผลการตรวจและปัญหาที่พบระหว่างอำเภอ": {
        DONE: ("จัดเวทีแลกเปลี่ยนผลการตรวจ 2 ครั้ง ผู้ตรวจจาก 18 อำเภอร่วมนำเสนอกรณีที่พบ",
               "จัดเวที 2 ครั้ง ตามเป้าหมาย",
               "", ""),
        PROGRESS: "จัดเวทีครั้งที่ 1 แล้ว เมื่อ 26 มิ.ย. 2569 ผู้ตรวจเข้าร่วม 41 คน",
    },
    "ประเมินความถูกต้องของผลการตรวจและยกย่องผู้ตรวจดีเด่น": {
        DONE: ("สุ่มทบทวนรายงานการตรวจ 60 ฉบับ และยกย่องผู้ตรวจดีเด่น 3 คน",
               "รายงานการตรวจถูกต้องครบถ้วนร้อยละ 92 สูงกว่าเป้าหมายร้อยละ 90",
               "", ""),
    },
    # การวางแผนการผลิตตามความต้องการของตลาด
    "สำรวจความต้องการของตลาดและผู้รับซื้อสินค้าเกษตรปลอดภัยในจังหวัด": {
        DONE: ("สำรวจร่วมกับสำนักงานพาณิชย์จังหวัด ทั้งผู้ประกอบการ ตลาดสด ห้างค้าปลีก และโรงพยาบาลในจังหวัด",
               "สำรวจผู้รับซื้อได้ 23 ราย สูงกว่าเป้าหมาย 20 ราย",
               "ผู้รับซื้อบางรายไม่เปิดเผยปริมาณที่ต้องการ",
               "ขอข้อมูลเป็นช่วงปริมาณแทนตัวเลขที่แน่นอน"),
    },
    "ชุมชนนักปฏิบัติ (CoP) การวางแผนการผลิตของวิสาหกิจชุมชนแปลงใหญ่": {
        DONE: ("CoP ผู้นำวิสาหกิจชุมชนแปลงใหญ่พบกัน 6 ครั้ง แลกเปลี่ยนการวางแผนการผลิตตามคำสั่งซื้อ",
               "CoP พบกัน 6 ครั้ง ตามเป้าหมาย",
               "", ""),
        PROGRESS: "CoP พบกันแล้ว 4 ครั้ง ครั้งล่าสุดที่อำเภอกุฉินารายณ์",
    },
    "จัดทำปฏิทินการผลิตตามความต้องการของตลาดและเผยแพร่ผ่านคลังความรู้": {
        DONE: ("จัดทำปฏิทินการผลิตผักปลอดภัย 12 ชนิดตามช่วงที่ตลาดต้องการ และเผยแพร่ผ่านคลังความรู้",
               "ปฏิทินการผลิต 1 ชุด ตามเป้าหมาย",
               "", ""),
        PROGRESS: "ร่างปฏิทินการผลิตแล้ว รอผู้รับซื้อยืนยันช่วงเวลาที่ต้องการ",
    },
    "ติดตามรายได้ของกลุ่มที่ใช้ปฏิทินการผลิต": {
        DONE: ("ติดตามรายได้ของกลุ่มที่ใช้ปฏิทินการผลิตจากบัญชีของกลุ่ม",
               "กลุ่มที่มีรายได้เพิ่มขึ้นร้อยละ 64 สูงกว่าเป้าหมายร้อยละ 60", "", ""),
    },
}  # fmt: skip

# What a plan's report says of its KPI by round, and its verdict (empty: not to be told yet).
GAP_AREA_6 = (
    "ณ 31 มี.ค. 2569 พื้นที่ที่ได้รับการรับรองมาตรฐาน GAP เพิ่มขึ้นร้อยละ 2.8 (เป้าหมายทั้งปีร้อยละ 5) จากแปลงใหญ่ 9 อำเภอ",
    "",
)
GAP_AREA_9 = ("ณ 30 มิ.ย. 2569 พื้นที่ที่ได้รับการรับรองมาตรฐาน GAP เพิ่มขึ้นร้อยละ 5.3 สูงกว่าเป้าหมายร้อยละ 5", "met")
KPI_RESULTS = {
    (GAP_TECHNIQUE, 6): GAP_AREA_6, (INSPECTION, 6): GAP_AREA_6,
    (GAP_TECHNIQUE, 9): GAP_AREA_9, (INSPECTION, 9): GAP_AREA_9,
    (MARKET, 9): ("ณ 30 มิ.ย. 2569 รายได้ของกลุ่มแปลงใหญ่ที่วางแผนการผลิตตามตลาดเพิ่มขึ้นร้อยละ 2.1 "
                  "(เป้าหมายทั้งปีร้อยละ 3)", ""),
}  # fmt: skip

RETURNED_BY_PROVINCE_CKO = "ขอให้ระบุผลของกิจกรรมที่ 4 เทียบกับค่าเป้าหมายให้ชัดเจน และแนบภาพถ่ายการจัดเวทีเป็นหลักฐาน"

# (knowledge, agency or None, round, who writes, how the report ends up, the days its steps are
# dated). "draft" saves part of it, "late" likewise in a round past due; "none" opens no report.
REPORTS = (
    (GAP_TECHNIQUE, AGRI, 6, "agri.team",
     [("submit", "agri.team"), ("endorse", "agri.cko"), ("accept", "km.officer")],
     (D(2026, 4, 8), D(2026, 4, 10), D(2026, 4, 20))),
    (INSPECTION, AGRI, 6, "agri.team",
     [("submit", "agri.team"), ("endorse", "agri.cko"), ("accept", "km.officer")],
     (D(2026, 4, 9), D(2026, 4, 10), D(2026, 4, 21))),
    (GAP_TECHNIQUE, None, 6, "issue.lead",
     [("submit", "issue.lead"), ("endorse", "province.cko"), ("accept", "km.officer")],
     (D(2026, 4, 13), D(2026, 4, 15), D(2026, 4, 22))),
    # 9 months: one waiting for each of the agency's CKO, the KM team and the province plan's writers.
    (GAP_TECHNIQUE, AGRI, 9, "agri.team", [("submit", "agri.team")], (D(2026, 7, 14),)),
    (INSPECTION, AGRI, 9, "agri.team", [("submit", "agri.team"), ("endorse", "agri.cko")],
     (D(2026, 7, 13), D(2026, 7, 16))),
    (GAP_TECHNIQUE, None, 9, "issue.lead",
     [("submit", "issue.lead"), ("return", "province.cko", RETURNED_BY_PROVINCE_CKO)],
     (D(2026, 7, 15), D(2026, 7, 20))),
    (MARKET, None, 9, "km.officer", "late", ()),
    # 12 months, due 15 ธ.ค. 2569: being written.
    (GAP_TECHNIQUE, AGRI, 12, "agri.team", "draft", ()),
)  # fmt: skip
TWELVE_MONTH_DUE = D(2026, 12, 15)

# KPI assessments of chosen KPIs: (issue number, KPI number, who enters it, result, value, verdict).
ASSESSMENTS = (
    (1, 1, "agri.team",
     "ณ 30 ก.ย. 2569 พื้นที่การผลิตที่ได้รับการรับรองมาตรฐาน GAP เพิ่มขึ้นร้อยละ 6.4 จากปี 2568 "
     "(12,450 ไร่ เป็น 13,247 ไร่) สูงกว่าเป้าหมายร้อยละ 5", "6.4", "met"),
    # Its responsible agency (สำนักงานเกษตรและสหกรณ์จังหวัด) has no demo account: the KM team enters it.
    (1, 2, "km.officer",
     "รายได้ของเกษตรกรที่เข้าร่วมโครงการเกษตรอัจฉริยะเพิ่มขึ้นร้อยละ 2.4 ต่ำกว่าเป้าหมายร้อยละ 3 "
     "เนื่องจากราคาข้าวหอมมะลิตกต่ำช่วงปลายปี และระบบน้ำอัจฉริยะติดตั้งได้ไม่ครบตามแผน", "2.4", "not_met"),
)  # fmt: skip


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


def _date_steps(steps, days) -> None:
    """Date each step (in order) on its day, as if made then (Thai time)."""
    for step, day in zip(steps, days, strict=False):
        type(step).objects.filter(pk=step.pk).update(at=_moment(day, 10 + step.pk % 6))


def _plans(year: FiscalYear, agencies: dict, accounts: dict) -> tuple[dict, int]:
    """Last year's plans, written here when missing, their steps dated; by (knowledge, agency)."""
    plans, made = {}, 0
    for knowledge, owner, opener, story, days in PLANS:
        item = KnowledgeItem.objects.filter(process__kpi__issue__fiscal_year=year, name=knowledge).first()
        if item is None:
            continue
        agency_id = agencies[owner].pk if owner else None
        plan = ActionPlan.objects.filter(knowledge=item, agency_id=agency_id).order_by("-revision").first()
        if plan is None and opener:
            plan = plan_services.open_plan(accounts[opener], year, item, agency_id)
            plan = plan_demo._tell_story(plan, owner, story, accounts)  # as actionplans.demo writes its own
            made += 1
        if plan is None:
            continue
        steps = list(PlanStep.objects.filter(plan=plan).order_by("at", "pk"))
        if [s.action for s in steps] == ["submit", "review", "approve"]:  # as the demo wrote it
            _date_steps(steps, days)
        plans[knowledge, owner] = plan
    return plans, made


def _month_index(start: datetime.date, month: datetime.date) -> int:
    """0 for the fiscal year's first month (October), 11 for its last."""
    return (month.year - start.year) * 12 + month.month - start.month


def _rows(report: ProgressReport, filled: int | None = None) -> dict[int, dict]:
    """Each row as its writer would fill it at the end of the round: done, in progress or not
    started by the activity's months; ``filled`` rows only, for a report still being written."""
    months, start = report.round.months, report.round.starts_on
    typed = {}
    for index, row in enumerate(report.rows.select_related("activity")):
        activity = row.activity
        first, last = _month_index(start, activity.start_month), _month_index(start, activity.end_month)
        texts = TEXTS.get(activity.name, {})
        values = dict.fromkeys(services.ROW_FIELDS, "")
        if filled is not None and index >= filled:
            typed[row.pk] = {f: getattr(row, f) for f in services.ROW_FIELDS}
            continue
        if last < months and DONE in texts:
            values.update(zip(("done", "result", "problems", "solutions"), texts[DONE], strict=True))
            values["status"] = "done"
        elif first < months:
            values["status"] = "in_progress"
            values["done"] = texts.get(PROGRESS, "")
            values["result"] = "อยู่ระหว่างดำเนินการ ยังไม่ครบตามเป้าหมาย"
        else:
            values["status"] = "not_started"
        typed[row.pk] = values
    return typed


def _write(report: ProgressReport, user: User, filled: int | None = None) -> None:
    result, verdict = KPI_RESULTS.get(
        (report.plan.knowledge.name, report.round.months), (report.kpi_result, report.kpi_verdict)
    )
    fields = {"kpi_result": result, "kpi_verdict": verdict}
    services.save_report(report, fields, _rows(report, filled), services.fingerprint(report), user)


def _reports(year: FiscalYear, plans: dict, accounts: dict) -> int:
    by_months = {r.months: r for r in rounds.saved_rounds_of(year)}
    made = 0
    for knowledge, owner, months, writer, story, days in REPORTS:
        plan = plans.get((knowledge, owner))
        round = by_months[months]
        if plan is None or plan.pk not in {p.pk for p in rounds.plans_reporting(round)}:
            continue
        if ProgressReport.objects.filter(round=round, plan=plan).exists():
            continue
        user = accounts[writer]
        report = services.open_report(round, plan, user)
        if story in ("draft", "late"):
            _write(report, user, filled=2)
        else:
            _write(report, user)
            for move, username, *comment in story:
                report = workflow.act(report, accounts[username], move, *comment)
            _date_steps(list(ReportStep.objects.filter(report=report).order_by("at", "pk")), days)
        made += 1
    return made


def _due_dates(year: FiscalYear, accounts: dict) -> None:
    """The KM team gave the 12-month round until mid-December."""
    twelve = next(r for r in rounds.saved_rounds_of(year) if r.months == 12)
    if twelve.due_on == twelve.default_due_on():
        rounds.set_due_dates(year, {12: TWELVE_MONTH_DUE}, {12: twelve.due_on}, accounts["km.officer"])


def _assessments(year: FiscalYear, accounts: dict) -> int:
    if not rounds.assessment_is_open(year):
        return 0
    made = 0
    for issue, number, username, result, value, verdict in ASSESSMENTS:
        kpi = Kpi.objects.filter(
            issue__fiscal_year=year, issue__number=issue, number=number, chosen=True
        ).first()
        if kpi is None or KpiAssessment.objects.filter(kpi=kpi).exists():
            continue
        user = accounts[username]
        blank = KpiAssessmentForm(instance=KpiAssessment(kpi=kpi), user=user)
        form = KpiAssessmentForm(
            {"result": result, "value": value, "verdict": verdict, "seen": blank["seen"].initial},
            instance=KpiAssessment(kpi=kpi),
            user=user,
        )
        if form.is_valid():
            form.save()
            made += 1
    return made


def seed(out) -> None:
    province = Province.objects.get(name="กาฬสินธุ์")
    year = FiscalYear.objects.filter(province=province, year=YEAR).first()
    if year is None or year.is_closed:
        return
    agencies = {a.name: a for a in Agency.objects.filter(province=province)}
    accounts = {u.username: u for u in User.objects.filter(agency__province=province)}
    plans, plans_made = _plans(year, agencies, accounts)
    _due_dates(year, accounts)
    made = _reports(year, plans, accounts)
    assessed = _assessments(year, accounts)
    out.write(
        f"reports: {plans_made} plans of {YEAR} approved, {made} progress reports written, {assessed} KPIs assessed"
    )
