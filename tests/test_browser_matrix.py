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
    with page.expect_response(lambda r: "/cell/" in r.url):  # saved, and the page updated
        cell.locator("label", has_text=re.compile(f"^{value}$")).click()
    expect(cell.locator(f"input[type=radio][value='{value}']")).to_be_checked()


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
    with page.expect_response(lambda r: "/choose/" in r.url and r.status == 200):
        page.locator(f"#chosen-{KnowledgeItem.objects.get(order=2).pk}").check()
    assert list(KnowledgeItem.objects.filter(chosen=True).values_list("order", flat=True)) == [2]


def test_typing_a_score_works_and_a_wrong_key_is_refused_in_thai(page, live_server, issue):
    log_in(page, live_server, "km.officer")
    page.goto(live_server.url + reverse("matrix", args=[issue.pk, 2]))
    first = page.locator("table.matrix tbody tr").nth(0).locator("td.score-cell").nth(0)
    first.locator("input[type=radio][value='5']").focus()
    page.keyboard.press("4")
    expect(page.locator("#matrix-message")).to_contain_text("5 (มาก)")
    page.keyboard.press("3")
    expect(first.locator("input[type=radio][value='3']")).to_be_checked()
    expect(page.locator("#matrix-message")).to_be_empty()


def test_two_people_on_one_worksheet_2_never_lose_each_others_scores(browser, live_server, issue, issue_lead):
    """A's own clicks never block A's whole-table save; B's score made after A's page showed the
    cell is never overwritten by it: A is refused and shown B's score, marked."""
    from worksheets.models import KpiScore

    issue.members.add(issue_lead)
    url = live_server.url + reverse("matrix", args=[issue.pk, 2])
    first, second = browser.new_context(), browser.new_context()
    a, b = first.new_page(), second.new_page()
    log_in(a, live_server, "km.officer")
    log_in(b, live_server, "issue.lead")
    a.goto(url)
    b.goto(url)

    # A scores column 1 cell by cell, changes their mind once, ticks it, then saves the whole table.
    for criterion in range(5):
        click_score(a, criterion, 0, "5")
    click_score(a, 0, 0, "3")
    with a.expect_response(lambda r: "/choose/" in r.url and r.status == 200):
        a.locator("tr.matrix-chosen input[type=checkbox]").first.check()
    with a.expect_response(lambda r: r.request.method == "POST" and r.url == url) as saved:
        a.get_by_role("button", name="บันทึกทั้งตาราง").click()
    assert saved.value.status == 302
    expect(a.locator("tr.matrix-totals td").first).to_have_text("23")
    assert issue.kpis.get(number=1).chosen

    # B, whose page was opened before, scores KPI 1.3 on criterion 2 after A's page showed it.
    click_score(b, 1, 2, "5")
    # A saves the whole table without having seen B's score: refused, B's score kept and pointed out.
    with a.expect_response(lambda r: r.request.method == "POST" and r.url == url) as refused:
        a.get_by_role("button", name="บันทึกทั้งตาราง").click()
    assert refused.value.status == 409
    changed = a.locator("table.matrix tbody tr").nth(1).locator("td.score-cell").nth(2)
    expect(changed).to_have_class(re.compile(r"\bis-changed\b"))
    expect(changed.locator("input[type=radio][value='5']")).to_be_checked()
    expect(a.locator("#matrix-message")).to_contain_text("1.3")
    expect(a.locator("td.is-changed")).to_have_count(1)
    assert KpiScore.objects.get(criterion__order=2, kpi__number=3).value == 5
    assert KpiScore.objects.filter(kpi__number=1).count() == 5
    a.screenshot(path="/tmp/matrix-conflict.png", full_page=True)

    # The refused page is fresh: saving it again now goes through and keeps B's score.
    with a.expect_response(lambda r: r.request.method == "POST" and r.url == url) as again:
        a.get_by_role("button", name="บันทึกทั้งตาราง").click()
    assert again.value.status == 302
    assert KpiScore.objects.get(criterion__order=2, kpi__number=3).value == 5

    # B ticks KPI 1.3 after A's page showed it unticked; A's tick of it is refused and A is told.
    with b.expect_response(lambda r: "/choose/" in r.url and r.status == 200):
        b.locator("tr.matrix-chosen input[type=checkbox]").nth(2).check()
    with a.expect_response(lambda r: "/choose/" in r.url and r.status == 409):
        a.locator("tr.matrix-chosen input[type=checkbox]").nth(2).click()
    expect(a.locator("#matrix-message")).to_contain_text("1.3")
    expect(a.locator("tr.matrix-chosen td").nth(2)).to_have_class(re.compile(r"\bis-changed\b"))
    expect(a.locator("tr.matrix-chosen input[type=checkbox]").nth(2)).to_be_checked()
    first.close()
    second.close()
