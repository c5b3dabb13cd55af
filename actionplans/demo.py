"""Demo KM action plans (แบบฟอร์ม 2) of Kalasin, in every state, so that each demo account has
something waiting on its home page in the current fiscal year 2570:

- ``agri.cko`` a plan of สำนักงานเกษตรจังหวัดกาฬสินธุ์ submitted for review, ``agri.head`` one
  reviewed for approval, ``agri.team`` one returned with the CKO's comment, ``agri.pm`` a draft
  (with a comment of the issue's team);
- ``province.cko`` a province plan submitted, ``governor`` one reviewed; the province also has an
  approved plan, and an approved revision 1 followed by a revision 2 draft.

In 2569, the agency's plans for two items are approved. Every plan is written through
``actionplans.services`` and moved through ``actionplans.workflow``, by the demo account whose
move it is, so its steps, signers and history are what the app would record (and the people told
get their notifications once the seed commits). The activities are illustrative. Running it twice
changes nothing: a plan that exists is left as it is (a person may have moved it in the demo).
"""

from actionplans import services, workflow
from actionplans.models import ActionPlan
from core.models import Agency, FiscalYear, Province, User
from worksheets.models import KnowledgeItem

AGRI = "สำนักงานเกษตรจังหวัดกาฬสินธุ์"
GAP_TECHNIQUE = "เทคนิคการผลิตพืชปลอดภัยตามมาตรฐาน GAP"
GAP_STEPS = "ขั้นตอนการขอรับรองมาตรฐาน GAP"
INSPECTION = "การตรวจประเมินแปลงตามเกณฑ์ GAP"
MARKET = "การวางแผนการผลิตตามความต้องการของตลาด"

# Who runs the activities, by the plan's owner (an agency's name, or None for the province).
RESPONSIBLE = {
    AGRI: "กลุ่มส่งเสริมและพัฒนาการผลิต สำนักงานเกษตรจังหวัดกาฬสินธุ์",
    None: "ทีม KM ประเด็นยุทธศาสตร์ที่ 1 ร่วมกับสำนักงานจังหวัดกาฬสินธุ์",
}

# Knowledge -> its activities: (activity, first and last month counted from October = 0, indicator,
# target, target group, steps served, remark).
ACTIVITIES = {
    GAP_TECHNIQUE: (
        ("จัดตั้งชุมชนนักปฏิบัติ (CoP) เกษตรกรผู้ผลิตพืชปลอดภัย", 0, 1, "จำนวนสมาชิก CoP", "30 คน",
         "เกษตรกรแปลงใหญ่และเกษตรกรต้นแบบ", ["km1", "ch1", "ch2"], ""),
        ("ถอดบทเรียนเทคนิคการผลิตพืชปลอดภัยจากเกษตรกรต้นแบบ อำเภอยางตลาด", 1, 2,
         "จำนวนองค์ความรู้ที่ถอดบทเรียนได้", "1 เรื่อง", "เกษตรกรต้นแบบและนักวิชาการส่งเสริมการเกษตร",
         ["km2", "km3"], ""),
        ("เวทีแลกเปลี่ยนเรียนรู้ ณ ศูนย์เรียนรู้การเพิ่มประสิทธิภาพการผลิตสินค้าเกษตร (ศพก.)", 3, 4,
         "จำนวนผู้เข้าร่วมเวที", "60 คน", "เกษตรกรที่ขอรับรองมาตรฐาน GAP", ["km6", "km7", "ch4"], ""),
        ("จัดทำคู่มือการผลิตพืชปลอดภัยตามมาตรฐาน GAP ฉบับเกษตรกร", 4, 6,
         "คู่มือที่ผ่านการตรวจทานของผู้เชี่ยวชาญ", "1 เล่ม", "เกษตรกรและเจ้าหน้าที่ส่งเสริมการเกษตร",
         ["km4", "ch3"], ""),
        ("เผยแพร่คู่มือและคลิปความรู้ผ่านคลังความรู้ของจังหวัดและกลุ่มไลน์ CoP", 6, 8,
         "จำนวนครั้งที่เข้าถึงความรู้", "500 ครั้ง", "เกษตรกรทั่วจังหวัดกาฬสินธุ์", ["km5", "ch2"], ""),
        ("ติดตามผลการนำความรู้ไปใช้และยกย่องเกษตรกรที่ได้รับการรับรอง GAP", 9, 11,
         "ร้อยละของสมาชิกที่นำความรู้ไปใช้", "ร้อยละ 80", "สมาชิก CoP", ["ch5", "ch6"],
         "มอบเกียรติบัตรในงานวันเกษตรจังหวัด"),
    ),
    GAP_STEPS: (
        ("รวบรวมขั้นตอนและเอกสารการขอรับรองมาตรฐาน GAP จากคู่มือของกรมวิชาการเกษตร", 0, 1,
         "ขั้นตอนและเอกสารที่รวบรวมได้", "1 ชุด", "เจ้าหน้าที่ส่งเสริมการเกษตรระดับอำเภอ", ["km1", "km2"], ""),
        ("จัดทำแผนภาพขั้นตอนการยื่นคำขอรับรองที่เข้าใจง่าย (Infographic)", 2, 3, "แผนภาพ", "1 ชุด",
         "เกษตรกรที่สนใจขอรับรอง", ["km3", "km4"], ""),
        ("คลินิกให้คำปรึกษาการยื่นคำขอรับรองแบบกลุ่ม ร่วมกับสำนักงานเกษตรและสหกรณ์จังหวัด", 4, 7,
         "จำนวนกลุ่มที่ได้รับคำปรึกษา", "10 กลุ่ม", "วิสาหกิจชุมชนแปลงใหญ่", ["km6", "ch3"], ""),
        ("เผยแพร่แผนภาพและแบบฟอร์มผ่านคลังความรู้และเว็บไซต์ของสำนักงาน", 5, 8, "จำนวนการดาวน์โหลด",
         "300 ครั้ง", "เกษตรกรทั่วจังหวัด", ["km5", "ch2"], ""),
        ("วัดผลจำนวนแปลงที่ยื่นคำขอและผ่านการรับรอง", 9, 11, "ร้อยละของแปลงที่ยื่นแล้วผ่านการรับรอง",
         "ร้อยละ 70", "แปลงที่ยื่นคำขอในปีงบประมาณ", ["ch5"], "เพิ่มตามข้อเสนอของผู้ทบทวน"),
        ("ขยายผลสู่กลุ่มยุวเกษตรกรและเกษตรกรรุ่นใหม่", 10, 11, "จำนวนยุวเกษตรกรที่เข้าร่วม", "40 คน",
         "ยุวเกษตรกรและ Young Smart Farmer", ["km7", "ch4", "ch6"], "เพิ่มในฉบับปรับปรุง"),
    ),
    INSPECTION: (
        ("ถอดบทเรียนประสบการณ์การตรวจแปลงจากผู้ตรวจประเมินที่มีความชำนาญ", 0, 2,
         "จำนวนประเด็นความรู้ที่ถอดได้", "5 ประเด็น", "ทีมผู้ตรวจประเมินของสำนักงานเกษตรจังหวัด",
         ["km1", "km2", "ch1"], ""),
        ("จัดทำแบบตรวจ (Checklist) และคู่มือการตรวจประเมินแปลงฉบับภาคสนาม", 2, 4, "คู่มือและแบบตรวจ",
         "1 ชุด", "ผู้ตรวจประเมินรุ่นใหม่", ["km3", "km4", "ch3"], ""),
        ("ฝึกปฏิบัติการตรวจแปลงจริงแบบพี่เลี้ยง (Coaching)", 5, 7, "จำนวนผู้ตรวจรุ่นใหม่ที่ผ่านการฝึก",
         "12 คน", "นักวิชาการส่งเสริมการเกษตรระดับอำเภอ", ["km6", "km7", "ch4"], ""),
        ("เวทีแลกเปลี่ยนเรียนรู้ผลการตรวจและปัญหาที่พบระหว่างอำเภอ", 8, 9, "จำนวนครั้งของเวที", "2 ครั้ง",
         "ผู้ตรวจประเมินทั้ง 18 อำเภอ", ["km6", "ch2"], ""),
        ("ประเมินความถูกต้องของผลการตรวจและยกย่องผู้ตรวจดีเด่น", 10, 11,
         "ร้อยละของรายงานการตรวจที่ถูกต้องครบถ้วน", "ร้อยละ 90", "ผู้ตรวจประเมิน", ["ch5", "ch6"], ""),
    ),
    MARKET: (
        ("สำรวจความต้องการของตลาดและผู้รับซื้อสินค้าเกษตรปลอดภัยในจังหวัด", 0, 2, "จำนวนผู้รับซื้อที่สำรวจ",
         "20 ราย", "ผู้ประกอบการ ตลาด และโรงพยาบาลในจังหวัด", ["km1", "km2"], "ร่วมกับสำนักงานพาณิชย์จังหวัด"),
        ("ชุมชนนักปฏิบัติ (CoP) การวางแผนการผลิตของวิสาหกิจชุมชนแปลงใหญ่", 2, 8, "จำนวนครั้งที่ CoP พบกัน",
         "6 ครั้ง", "ผู้นำวิสาหกิจชุมชนแปลงใหญ่", ["km6", "ch1", "ch4"], ""),
        ("จัดทำปฏิทินการผลิตตามความต้องการของตลาดและเผยแพร่ผ่านคลังความรู้", 5, 7, "ปฏิทินการผลิต",
         "1 ชุด", "เกษตรกรสมาชิกแปลงใหญ่", ["km4", "km5", "ch3"], ""),
        ("ติดตามรายได้ของกลุ่มที่ใช้ปฏิทินการผลิต", 9, 11, "ร้อยละของกลุ่มที่มีรายได้เพิ่มขึ้น", "ร้อยละ 60",
         "วิสาหกิจชุมชนแปลงใหญ่", ["ch5"], ""),
    ),
}  # fmt: skip

RETURNED_BY_AGENCY_CKO = (
    "ขอให้เพิ่มกิจกรรมวัดผลการนำความรู้ไปใช้ (6.5 การวัดผล) และกิจกรรมยกย่องชมเชย (6.6) ก่อนส่งทบทวนอีกครั้ง"
)
RETURNED_BY_PROVINCE_CKO = "แผนยังไม่มีกิจกรรมวัดผล (6.5) ขอให้เพิ่มตัวชี้วัดการผ่านการรับรองของแปลงที่ยื่นคำขอ"
TEAM_COMMENT = "ควรเชิญสำนักงานพาณิชย์จังหวัดร่วมเวที CoP เพื่อให้ข้อมูลความต้องการของตลาด"

# (fiscal year, knowledge, agency or None for the province's plan, who opens it, its story). A
# story's step is (move, username[, how many activities or the comment]): "write" saves the
# knowledge's first activities; "comment" is the seed's 6.2; the rest are workflow moves.
PLANS = (
    # 2570, the current year: one plan waiting for each demo account.
    (2570, GAP_TECHNIQUE, AGRI, "agri.team",
     [("write", "agri.team", 6), ("submit", "agri.team")]),  # agri.cko reviews
    (2570, INSPECTION, AGRI, "agri.team",
     [("write", "agri.team", 5), ("submit", "agri.team"), ("review", "agri.cko")]),  # agri.head approves
    (2570, GAP_STEPS, AGRI, "agri.pm",
     [("write", "agri.pm", 4), ("submit", "agri.pm"),
      ("return", "agri.cko", RETURNED_BY_AGENCY_CKO)]),  # agri.team revises
    (2570, MARKET, AGRI, "agri.pm",
     [("write", "agri.pm", 3), ("comment", "issue.lead", TEAM_COMMENT)]),  # agri.pm writes on
    (2570, GAP_TECHNIQUE, None, "issue.lead",
     [("write", "issue.lead", 6), ("submit", "issue.lead")]),  # province.cko reviews
    (2570, INSPECTION, None, "km.officer",
     [("write", "km.officer", 5), ("submit", "km.officer"), ("review", "province.cko")]),  # the governor
    (2570, MARKET, None, "km.officer",
     [("write", "km.officer", 4), ("submit", "km.officer"), ("review", "province.cko"),
      ("approve", "governor")]),
    # Returned, written again, approved; then changed by a revision 2, still a draft.
    (2570, GAP_STEPS, None, "issue.lead",
     [("write", "issue.lead", 4), ("submit", "issue.lead"), ("return", "province.cko", RETURNED_BY_PROVINCE_CKO),
      ("write", "issue.lead", 5), ("submit", "issue.lead"), ("review", "province.cko"), ("approve", "governor"),
      ("revise", "km.officer"), ("write", "km.officer", 6)]),
    # 2569: last year's plans, approved.
    (2569, GAP_TECHNIQUE, AGRI, "agri.team",
     [("write", "agri.team", 6), ("submit", "agri.team"), ("review", "agri.cko"), ("approve", "agri.head")]),
    (2569, INSPECTION, AGRI, "agri.team",
     [("write", "agri.team", 5), ("submit", "agri.team"), ("review", "agri.cko"), ("approve", "agri.head")]),
)  # fmt: skip


def _rows(plan: ActionPlan, owner: str | None, count: int) -> list[dict]:
    months = services.month_choices(plan.fiscal_year)
    kept = {a.name: a.pk for a in plan.activities.all()}
    rows = []
    for name, first, last, indicator, target, group, steps, remark in ACTIVITIES[plan.knowledge.name][:count]:
        row = {
            "name": name, "start_month": months[first], "end_month": months[last], "indicator": indicator,
            "target": target, "target_group": group, "responsible": RESPONSIBLE[owner], "remark": remark,
            "steps": steps,
        }  # fmt: skip
        if name in kept:
            row["id"] = kept[name]
        rows.append(row)
    return rows


def _tell_story(plan: ActionPlan, owner: str | None, story, accounts: dict[str, User]) -> ActionPlan:
    for move, username, *detail in story:
        user = accounts[username]
        if move == "write":
            services.save_activities(plan, _rows(plan, owner, detail[0]), services.fingerprint(plan), user)
        elif move == "comment":
            services.add_comment(plan, user, detail[0])
        elif move == "revise":
            plan = workflow.revise(plan, user)
        else:
            plan = workflow.act(plan, user, move, *detail)
    return plan


def seed(out) -> None:
    province = Province.objects.get(name="กาฬสินธุ์")
    agencies = {a.name: a for a in Agency.objects.filter(province=province)}
    accounts = {u.username: u for u in User.objects.filter(agency__province=province)}
    made = 0
    for year_number, knowledge, owner, opener, story in PLANS:
        year = FiscalYear.objects.filter(province=province, year=year_number).first()
        item = KnowledgeItem.objects.filter(process__kpi__issue__fiscal_year=year, name=knowledge).first()
        if year is None or item is None:
            continue
        agency_id = agencies[owner].pk if owner else None
        if ActionPlan.objects.filter(knowledge=item, agency_id=agency_id).exists():
            continue
        plan = services.open_plan(accounts[opener], year, item, agency_id)
        _tell_story(plan, owner, story, accounts)
        made += 1
    out.write(f"actionplans: {made} KM action plans written and moved through their workflow")
