"""The tracking page: every plan's report in each round, its state and lateness, who sees which
lines and which reports, who has never reported, and the same as a workbook."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils.translation import gettext, pgettext

from core.models import Role
from reports import services, tracking, workflow
from reports.models import ProgressReport
from tests.factories import AgencyFactory, UserFactory, approved_plan, opened_report
from tests.test_pages import nu_errors

URL = reverse("report-tracking")


def fill(report, user):
    rows = {
        row.pk: {"status": "done", "cancel_reason": "", "done": "จัดเวที", "result": "30 คน", "problems": "",
                 "solutions": ""}
        for row in report.rows.all()
    }  # fmt: skip
    services.save_report(report, {}, rows, services.fingerprint(report), user)


@pytest.fixture
def year_of_reports(
    report, reported_plan, plan_knowledge, fiscal_year, agency_user, agency_cko, km_officer, other_agency
):
    """The agency's plan: 6-month accepted, 9-month a draft (late), 12-month not started (late).
    The other agency's plan, on the same knowledge, approved in April: it reports from the
    9-month round, and never has."""
    fill(report, agency_user)
    workflow.act(report, agency_user, "submit")
    workflow.act(report, agency_cko, "endorse")
    workflow.act(report, km_officer, "accept")
    opened_report(reported_plan, agency_user, 9)
    plan_knowledge.involved_agencies.add(other_agency)
    writer = UserFactory(agency=other_agency, roles=[(Role.AGENCY_TEAM, other_agency)])
    cko = UserFactory(agency=other_agency, roles=[(Role.CKO, other_agency)])
    ceo = UserFactory(agency=other_agency, roles=[(Role.CEO, other_agency)])
    return approved_plan(
        fiscal_year, other_agency, writer, cko, ceo, datetime.date(2026, 4, 2), plan_knowledge
    )


def cells(found, agency_name):
    group = next(g for g in found.groups if g.title == agency_name)
    return [(c.status, c.late) for c in group.lines[0].cells]


def test_each_cell_says_the_reports_state_and_whether_it_is_late(
    year_of_reports, km_officer, fiscal_year, agency, other_agency
):
    found = tracking.tracking(km_officer, fiscal_year, today=datetime.date(2026, 11, 28))
    assert cells(found, agency.name) == [("accepted", False), ("draft", True), ("not_started", True)]
    assert cells(found, other_agency.name) == [
        ("not_reporting", False),
        ("not_started", True),
        ("not_started", True),
    ]
    assert found.never_reported == [other_agency.name]
    assert [(c.plans, c.reports_in, c.accepted, c.late) for c in found.counts] == [
        (1, 1, 1, 0),
        (2, 0, 0, 2),
        (2, 0, 0, 2),
    ]


def test_a_round_not_open_yet_says_so(year_of_reports, km_officer, fiscal_year, agency):
    found = tracking.tracking(km_officer, fiscal_year, today=datetime.date(2026, 5, 1))
    assert cells(found, agency.name) == [("accepted", False), ("not_open", False), ("not_open", False)]


def test_the_km_team_sees_every_line_and_opens_every_report(
    year_of_reports, login, km_officer, agency, other_agency
):
    page = login(km_officer).get(URL).content.decode()
    assert agency.name in page and other_agency.name in page
    for report in ProgressReport.objects.all():
        assert reverse("report-detail", args=[report.pk]) in page
    assert gettext("Late — %(state)s") % {"state": pgettext("a report", "Not started")} in page
    assert 'id="never-reported"' in page


def test_an_involved_agency_sees_the_issues_lines_but_not_anothers_draft(
    year_of_reports, login, other_agency_user, agency
):
    page = login(other_agency_user).get(URL).content.decode()
    accepted = ProgressReport.objects.get(state="accepted")
    draft = ProgressReport.objects.get(state="draft")
    assert agency.name in page
    assert reverse("report-detail", args=[accepted.pk]) in page
    assert reverse("report-detail", args=[draft.pk]) not in page


def test_an_agency_not_named_sees_no_line_of_others(report, login, province, fiscal_year):
    outsider_agency = AgencyFactory(province=province, name="สำนักงานพัฒนาชุมชนจังหวัดกาฬสินธุ์")
    outsider = UserFactory(agency=outsider_agency, roles=[(Role.AGENCY_TEAM, outsider_agency)])
    page = login(outsider).get(URL).content.decode()
    assert 'id="no-plans"' in page and report.plan.header_knowledge not in page


def test_a_writer_starts_a_report_from_its_cell(year_of_reports, login, fiscal_year, other_agency):
    writer = year_of_reports.created_by
    client = login(writer)
    page = client.get(URL).content.decode()
    assert page.count(f'name="plan" value="{year_of_reports.pk}"') == 2  # the 9- and 12-month rounds
    response = client.post(
        reverse("report-open"), {"fiscal_year": fiscal_year.pk, "months": "9", "plan": year_of_reports.pk}
    )
    report = ProgressReport.objects.get(plan=year_of_reports, round__months=9)
    assert response["Location"] == reverse("report-edit", args=[report.pk])


def test_grouped_by_strategic_issue(year_of_reports, login, km_officer, reported_plan):
    found = tracking.tracking(km_officer, reported_plan.fiscal_year, tracking.BY_ISSUE)
    assert len(found.groups) == 1 and found.groups[0].title.startswith(f"{reported_plan.issue.number}. ")
    assert len(found.groups[0].lines) == 2
    assert login(km_officer).get(URL, {"by": "issue"}).status_code == 200


def test_the_workbook_holds_the_pages_lines(year_of_reports, login, km_officer, agency, other_agency):
    response = login(km_officer).get(reverse("report-tracking-excel"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    flat = [str(v) for row in values for v in row if v]
    assert any(other_agency.name in v for v in flat)  # never reported, in the heading
    lines = [row for row in values if row[1] == agency.name]
    assert lines and lines[0][4] == gettext("Accepted")


def test_the_page_takes_a_fixed_number_of_queries(
    year_of_reports, login, km_officer, fiscal_year, province, django_assert_max_num_queries
):
    client = login(km_officer)
    client.get(URL)
    with django_assert_max_num_queries(20) as few:
        client.get(URL)
    for _ in range(4):
        more = AgencyFactory(province=province)
        users = [
            UserFactory(agency=more, roles=[(role, more)]) for role in (Role.AGENCY_TEAM, Role.CKO, Role.CEO)
        ]
        plan = approved_plan(fiscal_year, more, *users)
        opened_report(plan, users[0], 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)


@pytest.mark.validator
def test_the_page_is_valid_html(year_of_reports, login, km_officer, tmp_path):
    client = login(km_officer)
    for number, by in enumerate(("agency", "issue")):
        (tmp_path / f"{number}.html").write_text(
            client.get(URL, {"by": by}).content.decode(), encoding="utf-8"
        )
    (tmp_path / "rounds.html").write_text(
        client.get(reverse("report-rounds")).content.decode(), encoding="utf-8"
    )
    errors = nu_errors(tmp_path)
    assert not errors, [(e.get("url"), e.get("lastLine"), e["message"]) for e in errors]


def test_another_province_sees_nothing_of_kalasin(year_of_reports, login, stranger, agency):
    client = login(stranger)
    page = client.get(URL).content.decode()
    assert agency.name not in page and year_of_reports.knowledge.name not in page
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("report-tracking-excel")).content))
    cells = [str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v]
    assert cells and not any(agency.name in v or year_of_reports.knowledge.name in v for v in cells)
