"""Scoring worksheets 2 and 4 with the mouse, as a strategic-issue team would."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import IssueFactory, KpiFactory
from tests.test_browser import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def issue(transactional_db, km_officer, fiscal_year):
    issue = IssueFactory(fiscal_year=fiscal_year, number=1)
    for number in (1, 2, 3):
        KpiFactory(issue=issue, number=number, name=f"ตัวชี้วัดทดสอบ {number}")
    return issue


def click_score(page, criterion_index: int, column_index: int, value: str) -> None:
    row = page.locator("table.matrix tbody tr").nth(criterion_index)
    cell = row.locator("td.score-cell").nth(column_index)
    cell.locator("label", has_text=re.compile(f"^{value}$")).click()
    expect(cell.locator(f"input[value='{value}']")).to_be_checked()


def test_the_team_scores_a_whole_worksheet_2_and_sees_totals_and_ranks(page, live_server, issue):
    log_in(page, live_server, "km.officer")
    page.goto(live_server.url + reverse("matrix", args=[issue.pk, 2]))
    plan = {0: "5", 1: "3", 2: "3"}  # column -> the score given on every criterion
    for criterion in range(5):
        for column, value in plan.items():
            click_score(page, criterion, column, value)
    totals = page.locator("tr.matrix-totals td")
    expect(totals).to_have_text(["25", "15", "15"])
    expect(page.locator("tr.matrix-ranks td")).to_have_text(["1", "2", "2"])
    # The server kept every cell: a reload shows the same.
    page.reload()
    expect(page.locator("tr.matrix-totals td")).to_have_text(["25", "15", "15"])


def test_the_team_scores_a_whole_worksheet_4_and_chooses_knowledge(page, live_server, issue):
    from worksheets.models import KnowledgeItem, WorkProcess

    kpi = issue.kpis.get(number=1)
    kpi.chosen = True
    kpi.save()
    process = WorkProcess.objects.create(kpi=kpi, order=1, name="การตรวจรับรองแปลง")
    for order, name in enumerate(["เทคนิคการผลิตพืชปลอดภัย", "การตรวจประเมินแปลง"], start=1):
        KnowledgeItem.objects.create(process=process, order=order, name=name, kind="tacit")
    log_in(page, live_server, "km.officer")
    page.goto(live_server.url + reverse("matrix", args=[issue.pk, 4]))
    expect(page.locator("table.matrix thead")).to_contain_text("เทคนิคการผลิตพืชปลอดภัย")
    for criterion in range(6):
        click_score(page, criterion, 0, "3")
        click_score(page, criterion, 1, "5" if criterion % 2 else "1")
    expect(page.locator("tr.matrix-totals td")).to_have_text(["18", "18"])
    expect(page.locator("tr.matrix-ranks td")).to_have_text(["1", "1"])
    click_score(page, 0, 1, "5")  # the person changes their mind
    expect(page.locator("tr.matrix-totals td")).to_have_text(["18", "22"])
    expect(page.locator("tr.matrix-ranks td")).to_have_text(["2", "1"])
    with page.expect_response(lambda r: "/choose/" in r.url and r.status == 204):
        page.locator(f"#chosen-{KnowledgeItem.objects.get(order=2).pk}").check()
    assert list(KnowledgeItem.objects.filter(chosen=True).values_list("order", flat=True)) == [2]


def test_typing_a_score_works_and_a_wrong_key_is_refused_in_thai(page, live_server, issue):
    log_in(page, live_server, "km.officer")
    page.goto(live_server.url + reverse("matrix", args=[issue.pk, 2]))
    first = page.locator("table.matrix tbody tr").nth(0).locator("td.score-cell").nth(0)
    first.locator("input[value='5']").focus()
    page.keyboard.press("4")
    expect(page.locator("#matrix-message")).to_contain_text("5 (มาก)")
    page.keyboard.press("3")
    expect(first.locator("input[value='3']")).to_be_checked()
    expect(page.locator("#matrix-message")).to_be_empty()
