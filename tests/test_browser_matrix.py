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
