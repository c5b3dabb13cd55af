"""The sufficiency-economy form (แบบฟอร์มการนำปรัชญาของเศรษฐกิจพอเพียง…) and the Knowledge Vision (KV)
of a strategic issue as PDFs, read back with pdftotext and pypdf: the seed's title and labels in
the page's order, every text as written (Thai vowels included), the KV's ties as in its workbook,
"ร่าง" while worksheets 2–4 are open and who finalised them when once they are, the fiscal year
and "หน้าที่ x/y" on every page, Thai numerals, hostile text as text, 404 for another province."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from core.models import ProvincialPlan
from core.templatetags.thai import thai_datetime
from tests import test_excel_forms
from tests.pdftext import A4_PORTRAIT, info, needs_poppler, pages, pypdf_pages, squeeze
from tests.test_teams_pdf import inside_the_margins
from worksheets.models import KnowledgeItem, StrategicIssue, SufficiencyAnalysis

pytestmark = needs_poppler

issue = test_excel_forms.issue  # issue 1, KPI 1.2 chosen, its knowledge in worksheet 3
SE_LABELS = [
    "Moderation",
    "Reasonableness",
    "Self-immunity",
    "Knowledge condition",
    "Morality condition",
    "The necessary components, or the scope of KM, are:",
]
SE_TITLE = "Form for applying the philosophy of sufficiency economy to defining the necessary knowledge"
# The words whose ำ (SARA AM) and tone marks a careless PDF loses in its text layer.
THAI_WORDS = "น้ำ สำนักงาน ดำเนินการ ความรู้ กำหนด ค่ำ"


def get_pdf(client, name: str, issue) -> bytes:
    response = client.get(reverse(name, args=[issue.pk]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return response.content


def texts(content: bytes) -> tuple[str, str]:
    """The whole document's text as pdftotext (raw) and pypdf read it, without whitespace."""
    return squeeze(" ".join(pages(content))), squeeze(" ".join(pypdf_pages(content)))


def year_line() -> str:
    """The line under the title."""
    return gettext("Fiscal year %(year)s") % {"year": 2569}


def year_text(year=2569) -> str:
    return squeeze(gettext("fiscal year %(year)s") % {"year": year})


def finalise(issue, user):
    StrategicIssue.objects.filter(pk=issue.pk).update(finalised_at=timezone.now(), finalised_by=user)
    issue.refresh_from_db()
    return issue


@pytest.fixture
def analysis(issue):
    return SufficiencyAnalysis.objects.create(
        issue=issue,
        moderation="ใช้น้ำและปุ๋ยอย่างพอดี กำหนดพื้นที่ปลูกตามความต้องการของตลาด",
        reasonableness="วิเคราะห์ต้นทุนและผลตอบแทน ดำเนินการตามข้อมูลของสำนักงานเกษตร",
        immunity="กระจายความเสี่ยงด้วยการปลูกพืชหลายชนิด",
        knowledge_condition="ความรู้เรื่องมาตรฐาน GAP\nการจัดการดิน",
        morality_condition="ซื่อสัตย์ ขยัน อดทน แบ่งปันความรู้",
        km_scope="การผลิตพืชปลอดภัยตามมาตรฐาน GAP ตั้งแต่การเตรียมดินจนถึงการเก็บเกี่ยว ทั้งเช้าและค่ำ",
    )


# --- The sufficiency-economy form ---------------------------------------------------------------


def test_the_sufficiency_form_prints_its_six_parts(login, agency_user, issue, analysis):
    response = login(agency_user).get(reverse("sufficiency-pdf", args=[issue.pk]))
    assert "sufficiency-issue-1-2569.pdf" in response["Content-Disposition"]
    content = response.content
    assert info(content)["Page size"] == A4_PORTRAIT
    raw, read = texts(content)
    subtitle = gettext("in strategic issue %(number)s %(title)s") % {
        "number": 1,
        "title": "การพัฒนาการเกษตรมูลค่าสูง",
    }
    # The seed's order: the title, the issue, the three rings, the two conditions, the scope.
    parts = [
        analysis.moderation, analysis.reasonableness, analysis.immunity,
        analysis.knowledge_condition, analysis.morality_condition, analysis.km_scope,
    ]  # fmt: skip
    labels = [gettext(label) for label in SE_LABELS]
    order = [
        gettext(SE_TITLE),
        subtitle,
        "·",
        year_line(),
        *labels[:3],
        *parts[:3],
        *labels[3:5],
        *parts[3:5],
        labels[5],
        parts[5],
    ]
    assert squeeze("".join(order)) in raw
    for text in (raw, read):
        for value in order:
            assert squeeze(value) in text, value
        assert squeeze(gettext("Draft")) in text
        assert year_text() in text
    assert squeeze(f"{gettext('Page')} 1/1") in raw


def test_an_unwritten_form_prints_blank_to_fill_by_hand(login, agency_user, issue):
    content = get_pdf(login(agency_user), "sufficiency-pdf", issue)
    raw = pages(content)[0]
    labels = [gettext(label) for label in SE_LABELS]
    # Only the labels: no "not filled in yet", nothing in the boxes.
    body = raw[raw.index(labels[0]) : raw.index(gettext("Draft"), raw.index(labels[-1]))]
    assert squeeze(body) == squeeze("".join(labels))
    assert info(content)["Pages"] == "1"


def test_a_finalised_form_says_when_and_by_whom(login, agency_user, issue, analysis, km_officer):
    issue = finalise(issue, km_officer)
    line = gettext("Finalised on %(when)s by %(who)s.") % {
        "when": thai_datetime(issue.finalised_at),
        "who": km_officer,
    }
    for name in ("sufficiency-pdf", "knowledge-vision-pdf"):
        for text in texts(get_pdf(login(agency_user), name, issue)):
            assert squeeze(line) in text
            assert squeeze(gettext("Draft")) not in text


def test_a_long_form_has_its_number_year_and_draft_mark_on_every_page(login, agency_user, issue, analysis):
    analysis.km_scope = "\n".join(f"ขั้นตอนที่ {n} ดำเนินการตามมาตรฐานของสำนักงานเกษตรจังหวัด" for n in range(1, 61))
    analysis.save()
    content = get_pdf(login(agency_user), "sufficiency-pdf", issue)
    raw, read = pages(content), pypdf_pages(content)
    count = int(info(content)["Pages"])
    assert count >= 2 and len(raw) == len(read) == count
    for number, page in enumerate(zip(raw, read, strict=True), start=1):
        for text in map(squeeze, page):
            assert squeeze(f"{gettext('Page')} {number}/{count}") in text
            assert year_text() in text
            assert squeeze(gettext("Draft")) in text
    steps = re.findall(r"ขั้นตอนที่(\d+)ดำเนินการ", squeeze(" ".join(raw)))
    assert steps == [str(n) for n in range(1, 61)]


def test_hostile_text_prints_as_text_inside_the_page(login, agency_user, issue, analysis):
    analysis.moderation = "<script>alert(1)</script> " + THAI_WORDS
    analysis.immunity = "x" * 200
    analysis.save()
    content = get_pdf(login(agency_user), "sufficiency-pdf", issue)
    for text in texts(content):
        assert squeeze(analysis.moderation) in text
        assert "x" * 200 in text
    assert inside_the_margins(content)


def test_a_province_with_thai_numerals_gets_them(login, agency_user, issue, analysis, province):
    province.thai_numerals = True
    province.save()
    for name in ("sufficiency-pdf", "knowledge-vision-pdf"):
        text = " ".join(pages(get_pdf(login(agency_user), name, issue)))
        assert not re.search(r"[0-9]", text), re.findall(r".{0,20}[0-9].{0,20}", text)
        assert squeeze(f"{gettext('Page')} ๑/๑") in squeeze(text)
        assert year_text("๒๕๖๙") in squeeze(text)


# --- The Knowledge Vision ----------------------------------------------------------------------------


def test_the_kv_prints_what_it_ties_together(login, agency_user, issue, province):
    issue.knowledge_vision = "เกษตรกรผลิตพืชปลอดภัยได้ตามมาตรฐาน ดำเนินการร่วมกับสำนักงานเกษตร"
    issue.save()
    ProvincialPlan.objects.create(
        province=province, first_year=2566, last_year=2570, vision="กาฬสินธุ์เมืองน่าอยู่", mission="พัฒนาเกษตร"
    )
    KnowledgeItem.objects.filter(name__in=["การขายออนไลน์", "การทำปุ๋ยหมัก"]).update(chosen=True)
    response = login(agency_user).get(reverse("knowledge-vision-pdf", args=[issue.pk]))
    assert "knowledge-vision-issue-1-2569.pdf" in response["Content-Disposition"]
    content = response.content
    assert info(content)["Page size"] == A4_PORTRAIT
    raw, read = texts(content)
    issue_line = f"{gettext('Strategic issue')} 1 การพัฒนาการเกษตรมูลค่าสูง"
    kpi = f"{gettext('KPI')} ({gettext('Chosen in worksheet 2')})"
    knowledge = f"{gettext('Necessary knowledge')} ({gettext('Chosen in worksheet 4')})"
    order = [
        gettext("Knowledge Vision (KV)"), issue_line, "·", year_line(),
        gettext("The KM goal of the strategic issue"), issue.knowledge_vision,
        gettext("What the KV ties together"),
        gettext("Vision of the province"), "กาฬสินธุ์เมืองน่าอยู่",
        gettext("Mission"), "พัฒนาเกษตร",
        capfirst(gettext("strategic issue")), issue_line,
        gettext("Goal"), "เกษตรกรมีรายได้\nเพิ่มขึ้น",
        kpi, "1.2 ร้อยละของพื้นที่เกษตรปลอดภัย",
        # In the page's order: the knowledge of the KPI's first process first.
        knowledge, f"การทำปุ๋ยหมัก ({gettext('KPI')} 1.2)", f"การขายออนไลน์ ({gettext('KPI')} 1.2)",
    ]  # fmt: skip
    assert squeeze("".join(order)) in raw
    for text in (raw, read):
        for value in order:
            assert squeeze(value) in text, value
        assert "ตัวชี้วัดที่ไม่ได้เลือก" not in text  # KPI 1.1, not chosen
        assert squeeze(gettext("Draft")) in text
        assert year_text() in text
    assert squeeze(f"{gettext('Page')} 1/1") in raw


def test_an_empty_kv_says_what_is_missing(login, agency_user, issue):
    KnowledgeItem.objects.update(chosen=False)
    issue.kpis.update(chosen=False)
    for text in texts(get_pdf(login(agency_user), "knowledge-vision-pdf", issue)):
        assert squeeze(gettext("No provincial plan covers fiscal year %(year)s.") % {"year": 2569}) in text
        assert squeeze(gettext("No KPI chosen yet")) in text
        assert squeeze(gettext("No knowledge chosen yet")) in text


def test_the_kv_keeps_its_thai_and_its_markup_as_text(login, agency_user, issue):
    issue.knowledge_vision = f"<b>{THAI_WORDS}</b> " + "x" * 300
    issue.save()
    content = get_pdf(login(agency_user), "knowledge-vision-pdf", issue)
    for text in texts(content):
        assert squeeze(issue.knowledge_vision) in text
    assert inside_the_margins(content)


# --- Both ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["sufficiency-pdf", "knowledge-vision-pdf"])
def test_it_checks_access(client, login, stranger, other_agency_user, issue, name):
    url = reverse(name, args=[issue.pk])
    assert client.get(url).status_code == 302  # to the login page
    assert login(stranger).get(url).status_code == 404
    assert login(other_agency_user).get(url).status_code == 200  # everyone of the province


@pytest.mark.parametrize(
    "page, pdf", [("sufficiency", "sufficiency-pdf"), ("knowledge-vision", "knowledge-vision-pdf")]
)
def test_each_page_links_its_pdf(login, agency_user, issue, page, pdf):
    html = login(agency_user).get(reverse(page, args=[issue.pk])).content.decode()
    assert f'href="{reverse(pdf, args=[issue.pk])}"' in html
