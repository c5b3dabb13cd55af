"""Worksheet 3, Form 1, the sufficiency-economy form and the Knowledge Vision as Excel, read back
against the data their pages show."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from openpyxl import load_workbook

from core.documents import excel as documents
from core.models import ProvincialPlan
from tests.factories import IssueFactory, KpiFactory
from tests.test_form1 import knowledge
from worksheets.models import KnowledgeHolder, KnowledgeItem, SufficiencyAnalysis, WorkProcess


def _open(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == documents.CONTENT_TYPE
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


def _column(ws, column: int = 1) -> list:
    return [ws.cell(row=row, column=column).value for row in range(1, ws.max_row + 1)]


def _rows_below(ws, header: int) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=header + 1)]


@pytest.fixture
def issue(fiscal_year, issue_lead, agency, other_agency):
    """Issue 1 with KPI 1.2 chosen: two work processes, three knowledge items, one process without."""
    issue = IssueFactory(
        fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตรมูลค่าสูง", goal="เกษตรกรมีรายได้\nเพิ่มขึ้น"
    )
    issue.members.add(issue_lead)
    kpi = KpiFactory(
        issue=issue, number=2, name="ร้อยละของพื้นที่เกษตรปลอดภัย", chosen=True, target="80", unit="ร้อยละ"
    )
    KpiFactory(issue=issue, number=1, name="ตัวชี้วัดที่ไม่ได้เลือก", chosen=False)
    growing = WorkProcess.objects.create(kpi=kpi, order=1, name="การส่งเสริมการผลิต")
    selling = WorkProcess.objects.create(kpi=kpi, order=2, name="การตลาด")
    WorkProcess.objects.create(kpi=kpi, order=3, name="การติดตามผล")
    gap = KnowledgeItem.objects.create(
        process=growing, order=1, name="การผลิตพืชตามมาตรฐาน GAP", kind="tacit", source="คู่มือ GAP"
    )
    gap.responsible_agencies.set([agency])
    gap.involved_agencies.set([other_agency])
    gap.holder_agencies.set([other_agency])
    KnowledgeHolder.objects.create(item=gap, name="นายสมชาย ใจดี", position="เกษตรกรต้นแบบ", agency=agency)
    KnowledgeItem.objects.create(process=growing, order=2, name="การทำปุ๋ยหมัก", kind="explicit")
    KnowledgeItem.objects.create(process=selling, order=1, name="การขายออนไลน์", kind="explicit")
    return issue


# --- Worksheet 3 ------------------------------------------------------------------------------------


def test_worksheet_3_has_a_row_per_knowledge_item_in_the_pages_order(
    login, agency_user, issue, agency, other_agency
):
    response = login(agency_user).get(reverse("worksheet3-export", args=[issue.pk]))
    ws = _open(response)
    assert 'filename="worksheet-3-issue-1-2569.xlsx"' in response["Content-Disposition"]
    assert ws.title == gettext("Worksheet 3")
    heading = _column(ws)[:5]
    assert heading[1] == f"{gettext('Strategic issue')} 1 การพัฒนาการเกษตรมูลค่าสูง"
    assert heading[2] == f"{gettext('Goal')} เกษตรกรมีรายได้ เพิ่มขึ้น"
    assert heading[3] == gettext("Fiscal year %(year)s") % {"year": 2569}
    assert heading[4] == gettext("Draft")
    header = [c.value for c in ws[7]]
    assert header == [
        gettext(label)
        for label in (
            "KPI no.", "Work process", "Necessary knowledge", "Kind of knowledge", "Where it is found",
            "Who holds the knowledge", "Responsible agencies", "Involved agencies",
        )
    ]  # fmt: skip
    kpi = f"1.2 ร้อยละของพื้นที่เกษตรปลอดภัย\n{gettext('Target')}: 80 ร้อยละ"
    rows = _rows_below(ws, 7)
    assert rows == [
        [
            kpi, "1. การส่งเสริมการผลิต", f"{gettext('Knowledge')} 1\nการผลิตพืชตามมาตรฐาน GAP",
            gettext("Tacit knowledge"), "คู่มือ GAP",
            f"นายสมชาย ใจดี, เกษตรกรต้นแบบ, {agency.name}\n{gettext('Agencies that hold it:')}\n{other_agency.name}",
            agency.name, other_agency.name,
        ],
        [kpi, "1. การส่งเสริมการผลิต", f"{gettext('Knowledge')} 2\nการทำปุ๋ยหมัก", gettext("Explicit knowledge"), None, None, None, None],
        [kpi, "2. การตลาด", f"{gettext('Knowledge')} 3\nการขายออนไลน์", gettext("Explicit knowledge"), None, None, None, None],
        [kpi, "3. การติดตามผล", None, None, None, None, None, None],
    ]  # fmt: skip


def test_worksheet_3_says_when_it_was_finalised(login, agency_user, issue, km_officer):
    type(issue).objects.filter(pk=issue.pk).update(finalised_at=timezone.now(), finalised_by=km_officer)
    ws = _open(login(agency_user).get(reverse("worksheet3-export", args=[issue.pk])))
    assert str(km_officer) in ws["A5"].value and ws["A5"].value != gettext("Draft")


def test_worksheet_3_makes_a_fixed_number_of_queries(
    login, agency_user, issue, agency, django_assert_max_num_queries
):
    client = login(agency_user)
    url = reverse("worksheet3-export", args=[issue.pk])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    count = len(small)
    for number in range(3, 6):
        kpi = KpiFactory(issue=issue, number=number, chosen=True)
        for order in (1, 2):
            item = knowledge(kpi, f"องค์ความรู้ {number}.{order}", responsible=[agency], holders=[agency])
            KnowledgeHolder.objects.create(item=item, name="ผู้รู้", agency=agency)
    with django_assert_max_num_queries(count):
        ws = _open(client.get(url))
    assert len(_rows_below(ws, 7)) == 4 + 6


# --- Form 1 -------------------------------------------------------------------------------------------


def test_form_1_spans_issue_goal_and_kpi_as_on_paper(login, agency_user, fiscal_year, province):
    issue = IssueFactory(fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตร", goal="เกษตรกรมีรายได้")
    kpi = KpiFactory(issue=issue, number=2, name="พื้นที่เกษตรปลอดภัย", chosen=True, target="")
    knowledge(kpi, "การผลิตพืช GAP")
    knowledge(kpi, "การตลาดออนไลน์")
    knowledge(kpi, "ไม่ได้เลือก", chosen=False)
    KpiFactory(issue=issue, number=4, name="เกษตรกรผ่านการอบรม", chosen=True, target="")
    IssueFactory(fiscal_year=fiscal_year, number=2, title="การท่องเที่ยว", goal="รายได้จากการท่องเที่ยว")
    response = login(agency_user).get(reverse("form1-export"))
    ws = _open(response)
    assert 'filename="form-1-2569.xlsx"' in response["Content-Disposition"]
    assert ws["A1"].value == gettext(
        "Form 1: classification of the knowledge needed to drive the strategic issues of the province of %(name)s"
    ) % {"name": province.name}
    assert ws["A2"].value == "ปีงบประมาณ 2569"
    assert [c.value for c in ws[4]] == [
        capfirst(gettext("strategic issue")),
        gettext("Goal"),
        gettext("KPI"),
        gettext("Necessary knowledge"),
    ]
    assert _rows_below(ws, 4) == [
        [f"{gettext('Strategic issue')} 1 การพัฒนาการเกษตร", "เกษตรกรมีรายได้", "1.2 พื้นที่เกษตรปลอดภัย", "1. การผลิตพืช GAP"],
        [None, None, None, "2. การตลาดออนไลน์"],
        [None, None, "1.4 เกษตรกรผ่านการอบรม", gettext("No knowledge chosen yet")],
        [f"{gettext('Strategic issue')} 2 การท่องเที่ยว", "รายได้จากการท่องเที่ยว", gettext("No KPI chosen yet"), None],
    ]  # fmt: skip
    assert {str(r) for r in ws.merged_cells.ranges} == {"A5:A7", "B5:B7", "C5:C6"}


def test_form_1_of_one_agency(login, agency_user, fiscal_year, agency, other_agency):
    issue = IssueFactory(fiscal_year=fiscal_year, number=1)
    mine = KpiFactory(issue=issue, number=1, name="ของเรา", chosen=True, responsible=[agency])
    knowledge(mine, "ความรู้ของเรา")
    theirs = KpiFactory(issue=issue, number=2, name="ของเขา", chosen=True, responsible=[other_agency])
    knowledge(theirs, "ความรู้ของเขา")
    response = login(agency_user).get(reverse("form1-export") + f"?agency={agency.pk}")
    ws = _open(response)
    assert agency.name in ws["A1"].value
    texts = str(_rows_below(ws, 4))
    assert "ของเรา" in texts and "ของเขา" not in texts


def test_form_1_of_another_provinces_agency_is_404(login, agency_user, fiscal_year, stranger):
    response = login(agency_user).get(reverse("form1-export") + f"?agency={stranger.agency.pk}")
    assert response.status_code == 404


def test_form_1_makes_a_fixed_number_of_queries(
    login, agency_user, fiscal_year, django_assert_max_num_queries
):
    client = login(agency_user)
    issue = IssueFactory(fiscal_year=fiscal_year, number=1)
    knowledge(KpiFactory(issue=issue, number=1, chosen=True), "ความรู้")
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("form1-export")).status_code == 200
    count = len(small)
    for number in range(2, 5):
        other = IssueFactory(fiscal_year=fiscal_year, number=number)
        for kpi_number in (1, 2):
            knowledge(KpiFactory(issue=other, number=kpi_number, chosen=True), f"ความรู้ {number}.{kpi_number}")
    with django_assert_max_num_queries(count):
        ws = _open(client.get(reverse("form1-export")))
    assert len(_rows_below(ws, 4)) == 7


# --- The sufficiency-economy form and the KV -----------------------------------------------------------


def test_the_sufficiency_form_holds_its_six_parts(login, agency_user, issue):
    SufficiencyAnalysis.objects.create(
        issue=issue, moderation="พอประมาณ", reasonableness="มีเหตุผล", immunity="ภูมิคุ้มกัน",
        knowledge_condition="รอบรู้", morality_condition="ซื่อสัตย์", km_scope="การผลิตพืช GAP",
    )  # fmt: skip
    response = login(agency_user).get(reverse("sufficiency-export", args=[issue.pk]))
    ws = _open(response)
    assert 'filename="sufficiency-issue-1-2569.xlsx"' in response["Content-Disposition"]
    assert ws["A2"].value == gettext("in strategic issue %(number)s %(title)s") % {
        "number": 1,
        "title": "การพัฒนาการเกษตรมูลค่าสูง",
    }
    assert ws["A3"].value == "ปีงบประมาณ 2569"
    grid = [[c.value for c in row] for row in ws.iter_rows(min_row=5)]
    assert grid == [
        [gettext("Moderation"), gettext("Reasonableness"), gettext("Self-immunity")],
        ["พอประมาณ", "มีเหตุผล", "ภูมิคุ้มกัน"],
        [gettext("Knowledge condition"), gettext("Morality condition"), None],
        ["รอบรู้", "ซื่อสัตย์", None],
        [gettext("The necessary components, or the scope of KM, are:"), None, None],
        ["การผลิตพืช GAP", None, None],
    ]


def test_an_unwritten_sufficiency_form_is_blank_to_fill_by_hand(login, agency_user, issue):
    ws = _open(login(agency_user).get(reverse("sufficiency-export", args=[issue.pk])))
    assert [c.value for c in ws[6]] == [None, None, None]


def test_the_knowledge_vision_ties_the_chosen_kpis_and_knowledge(login, agency_user, issue, province):
    issue.knowledge_vision = "เกษตรกรผลิตพืชปลอดภัยได้ตามมาตรฐาน"
    issue.save()
    ProvincialPlan.objects.create(
        province=province, first_year=2566, last_year=2570, vision="กาฬสินธุ์เมืองน่าอยู่", mission="พัฒนาเกษตร"
    )
    KnowledgeItem.objects.filter(name="การขายออนไลน์").update(chosen=True)
    response = login(agency_user).get(reverse("knowledge-vision-export", args=[issue.pk]))
    ws = _open(response)
    assert ws["A1"].value == gettext("Knowledge Vision (KV)")
    assert ws["A3"].value == "ปีงบประมาณ 2569"
    rows = dict((row[0], row[1]) for row in _rows_below(ws, 4))
    assert rows[gettext("The KM goal of the strategic issue")] == "เกษตรกรผลิตพืชปลอดภัยได้ตามมาตรฐาน"
    assert rows[gettext("Vision of the province")] == "กาฬสินธุ์เมืองน่าอยู่"
    assert rows[gettext("Mission")] == "พัฒนาเกษตร"
    assert rows[f"{gettext('KPI')} ({gettext('Chosen in worksheet 2')})"] == "1.2 ร้อยละของพื้นที่เกษตรปลอดภัย"
    assert rows[f"{gettext('Necessary knowledge')} ({gettext('Chosen in worksheet 4')})"] == (
        f"การขายออนไลน์ ({gettext('KPI')} 1.2)"
    )


@pytest.mark.parametrize("name", ["worksheet3-export", "sufficiency-export", "knowledge-vision-export"])
def test_another_provinces_issue_is_404(login, stranger, issue, name):
    assert login(stranger).get(reverse(name, args=[issue.pk])).status_code == 404


@pytest.mark.parametrize(
    "page, export",
    [
        ("worksheet3", "worksheet3-export"),
        ("sufficiency", "sufficiency-export"),
        ("knowledge-vision", "knowledge-vision-export"),
    ],
)
def test_each_page_links_its_workbook(login, agency_user, issue, page, export):
    html = login(agency_user).get(reverse(page, args=[issue.pk])).content.decode()
    assert reverse(export, args=[issue.pk]) in html


def test_form_1_links_its_workbook_with_the_agency(login, agency_user, fiscal_year, agency):
    html = login(agency_user).get(reverse("form1") + f"?agency={agency.pk}").content.decode()
    assert reverse("form1-export") + f"?agency={agency.pk}" in html
