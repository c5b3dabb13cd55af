"""Closing a fiscal year after its 12-month round (core.closing, reports/views/closing.py): who
may close and reopen it, and that a closed year can be read, printed and exported but nothing of
it can be changed, by anyone."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from core import closing, fiscal, thai
from core.models import FiscalYear
from tests import test_access
from tests.access.rows import ACTORS, LOGIN
from tests.factories import FiscalYearFactory

world = test_access.world  # the walk's objects, as a fixture of this module too

# POST rows not bound to a fiscal year: they work as before when the year is closed.
NOT_YEAR_BOUND = {
    "year-select": "choosing which year to look at changes nothing of it",
    "logout": "signing out",
    "set_language": "the interface language",
    "user-send-reset": "user management belongs to the province, not to a year",
    "year-close": "closing is what this tests (a second close changes nothing)",
    "year-reopen": "reopening is how a closed year is corrected",
    "round-document-start": "printing the whole round reads it",
}
# GET rows that are forms to change something of the year: 403 once it is closed. Every other GET
# row (pages, PDFs, Excel exports, blank forms, the KPI import's template, evidence downloads, an
# issue's roster page) reads as before.
FORMS = {
    "kpi-import", "issue-create", "issue-edit", "issue-delete", "kpi-create",
    "kpi-edit", "kpi-delete", "issue-reopen", "process-create", "process-edit", "process-delete",
    "knowledge-create", "knowledge-edit", "knowledge-delete", "sufficiency-edit",
    "knowledge-vision-edit", "team-start", "team-start-province", "team-member-add",
    "team-member-edit", "team-knowledge", "team-copy", "actionplan-create", "actionplan-activities",
    "matrix-import", "team-order", "actionplan-scan", "report-edit",
}  # fmt: skip


def _closed_expectation(name, method, expected, actor):
    """After closing: what some actor could do is refused (403) for everyone of Kalasin; what was
    refused stays refused; the stranger's own province is not closed."""
    want = expected[actor]
    if actor == "stranger" or name in NOT_YEAR_BOUND or want in (LOGIN, 403, 404):
        return want
    if method == "post" or name in FORMS:
        return 403
    return want


@pytest.fixture
def closed(world, fiscal_year, km_officer):
    assert closing.close(fiscal_year, km_officer)
    return world


@pytest.mark.parametrize("actor", ACTORS)
def test_a_closed_year_is_read_only_for_everyone(request, client, closed, actor):
    # Reopening would open the year for the rows after it: tested below.
    failures = test_access.walk(request, client, closed, actor, _closed_expectation, skip={"year-reopen"})
    assert not failures, f"{actor}: " + "; ".join(failures)
    assert FiscalYear.objects.get(pk=closed["fiscal_year"]).closed_at is not None


def _close(client, year, confirm="1"):
    return client.post(reverse("year-close", args=[year.pk]), {"confirm": confirm})


def test_km_team_closes_after_the_12_month_round_and_every_page_says_so(client, km_officer, fiscal_year):
    client.force_login(km_officer)
    page = client.get(reverse("report-rounds"))
    assert gettext("Close the fiscal year") in page.content.decode()
    assert _close(client, fiscal_year).status_code == 302
    fiscal_year.refresh_from_db()
    assert fiscal_year.is_closed and fiscal_year.closed_by == km_officer
    notice = gettext(
        "Fiscal year %(year)s was closed on %(date)s: its data can be read, printed and exported, "
        "but not changed."
    ) % {"year": fiscal_year.year, "date": thai.format_date(timezone.localtime(fiscal_year.closed_at))}
    for name in ("home", "worksheet1", "report-rounds", "actionplan-list", "team-list"):
        assert notice in client.get(reverse(name)).content.decode(), name
    page = client.get(reverse("report-rounds")).content.decode()
    assert gettext("Reopen the fiscal year") in page
    assert gettext("Save the due dates") not in page
    # Each close and reopen is recorded: who and when.
    record = fiscal_year.history.first()
    assert record.history_user == km_officer and record.closed_at is not None


def test_closing_needs_the_confirmation(client, km_officer, fiscal_year):
    client.force_login(km_officer)
    assert _close(client, fiscal_year, confirm="").status_code == 302
    fiscal_year.refresh_from_db()
    assert not fiscal_year.is_closed


def test_closing_is_refused_before_the_12_month_round_ends(client, km_officer, province):
    today = timezone.localdate()
    year = FiscalYearFactory(province=province, year=fiscal.fiscal_year_of(today) + 1)
    assert today <= fiscal.round_end(year.year, 12)
    client.force_login(km_officer)
    client.post(reverse("year-select"), {"year": year.year})
    assert gettext("Close the fiscal year") not in client.get(reverse("report-rounds")).content.decode()
    response = _close(client, year)
    assert response.status_code == 403
    assert str(year.year) in response.content.decode()
    year.refresh_from_db()
    assert not year.is_closed


@pytest.mark.parametrize("actor", ["cko", "ceo", "issue_lead", "agency_user", "coordinator", "agency_cko"])
def test_only_the_provincial_km_team_closes_and_reopens(request, client, fiscal_year, km_officer, actor):
    client.force_login(request.getfixturevalue(actor))
    assert gettext("Close the fiscal year") not in client.get(reverse("report-rounds")).content.decode()
    assert _close(client, fiscal_year).status_code == 403
    closing.close(fiscal_year, km_officer)
    assert client.post(reverse("year-reopen", args=[fiscal_year.pk])).status_code == 403
    fiscal_year.refresh_from_db()
    assert fiscal_year.is_closed


def test_another_province_cannot_close_the_year(client, stranger, fiscal_year):
    client.force_login(stranger)
    assert _close(client, fiscal_year).status_code == 404
    assert client.post(reverse("year-reopen", args=[fiscal_year.pk])).status_code == 404
    fiscal_year.refresh_from_db()
    assert not fiscal_year.is_closed


def test_a_second_close_is_a_no_op(client, km_officer, fiscal_year, cko):
    assert closing.close(fiscal_year, km_officer)
    fiscal_year.refresh_from_db()
    first = fiscal_year.closed_at
    client.force_login(km_officer)
    response = _close(client, fiscal_year)
    assert response.status_code == 302
    fiscal_year.refresh_from_db()
    assert fiscal_year.closed_at == first and fiscal_year.closed_by == km_officer
    assert fiscal_year.history.count() == 2  # created, closed once


def test_reopening_restores_editing(client, world, fiscal_year, km_officer, issue_lead):
    closing.close(fiscal_year, km_officer)
    client.force_login(issue_lead)
    criterion = {"text": "เกณฑ์ใหม่"}
    url = reverse("criterion-add", args=[world["issue"], 2])
    assert client.post(url, criterion).status_code == 403
    client.force_login(km_officer)
    assert client.post(reverse("year-reopen", args=[fiscal_year.pk])).status_code == 302
    fiscal_year.refresh_from_db()
    assert not fiscal_year.is_closed and fiscal_year.closed_by is None
    assert fiscal_year.history.first().history_user == km_officer
    client.force_login(issue_lead)
    assert client.post(url, criterion).status_code == 302


def test_pages_of_a_closed_year_offer_no_changes(client, world, fiscal_year, km_officer, agency_user):
    """The buttons that lead to a change are gone, for the provincial KM team too; reading,
    printing and exporting stay."""
    pages = {
        "worksheet1": (reverse("worksheet1"), ["Add strategic issue", "Import KPIs from Excel"]),
        "issue": (reverse("issue-detail", args=[world["issue"]]), ["Finalise worksheets 2–4"]),
        "matrix": (reverse("matrix", args=[world["issue"], 2]), ["Import from Excel"]),
        "teams": (reverse("team-list"), ["Start an agency's roster", "Start the provincial roster"]),
    }
    client.force_login(km_officer)
    before = {key: client.get(url).content.decode() for key, (url, _labels) in pages.items()}
    closing.close(fiscal_year, km_officer)
    for key, (url, labels) in pages.items():
        after = client.get(url).content.decode()
        for label in labels:
            assert gettext(label) in before[key], (key, label)
            assert gettext(label) not in after, (key, label)
        assert 'id="year-closed"' in after, key
    client.force_login(agency_user)
    closing.reopen(fiscal_year, km_officer)
    plans = {
        "aplan": ["Edit the activities", "Submit for review"],
        "approved_plan": ["Replace the signed scan"],
    }
    url = {key: reverse("actionplan-detail", args=[world[key]]) for key in plans}
    before = {key: client.get(url[key]).content.decode() for key in plans}
    closing.close(fiscal_year, km_officer)
    for key, labels in plans.items():
        after = client.get(url[key]).content.decode()
        for label in labels:
            assert gettext(label) in before[key] and gettext(label) not in after, (key, label)
