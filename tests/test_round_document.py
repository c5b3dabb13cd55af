"""The whole round as one PDF: its summary's counts, built by a background task whose progress a
page shows, downloaded by those who see every report, never built twice at once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from core.models import Role
from reports import bundle, rounds, services, workflow
from reports.models import RoundDocument
from tests.factories import FiscalYearFactory, UserFactory, approved_plan
from tests.pdftext import pages

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}}


def fill(report, user, status="done", verdict=""):
    rows = {
        row.pk: {"status": status, "cancel_reason": "", "done": "จัดเวทีแลกเปลี่ยนเรียนรู้", "result": "30 คน",
                 "problems": "", "solutions": ""}
        for row in report.rows.all()
    }  # fmt: skip
    fields = {"kpi_result": "ร้อยละ 5", "kpi_verdict": verdict}
    return services.save_report(report, fields, rows, services.fingerprint(report), user)


@pytest.fixture
def two_agencies(
    report, reported_plan, fiscal_year, other_agency, other_agency_user, agency_user, agency_cko, km_officer
):
    """The agency's 6-month report accepted (KPI met); the other agency's plan without a report."""
    fill(report, agency_user, verdict="met")
    workflow.act(report, agency_user, "submit")
    workflow.act(report, agency_cko, "endorse")
    workflow.act(report, km_officer, "accept")
    cko = UserFactory(agency=other_agency, roles=[(Role.CKO, other_agency)])
    ceo = UserFactory(agency=other_agency, roles=[(Role.CEO, other_agency)])
    approved_plan(fiscal_year, other_agency, other_agency_user, cko, ceo)
    return rounds.saved_rounds_of(fiscal_year)[0]


def test_the_summary_counts_each_agencys_plans_reports_and_activities(two_agencies, agency, other_agency):
    lines, total = bundle.summary(two_agencies, today=datetime.date(2026, 11, 28))
    by_owner = {line.owner: line for line in lines}
    mine, theirs = by_owner[agency.name], by_owner[other_agency.name]
    assert (mine.plans, mine.reports_in, mine.accepted, mine.activities, mine.activities_done, mine.kpis_met, mine.late) == (
        1, 1, 1, 2, 2, 1, 0
    )  # fmt: skip
    assert (theirs.plans, theirs.reports_in, theirs.activities, theirs.late) == (1, 0, 2, 1)
    assert (total.plans, total.reports_in, total.activities, total.late) == (2, 1, 4, 1)


def test_the_summary_takes_a_fixed_number_of_queries(two_agencies, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        bundle.summary(two_agencies)


def test_the_km_team_builds_the_round_and_downloads_it(
    two_agencies, login, km_officer, settings, tmp_path, agency, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path
    client = login(km_officer)
    year = two_agencies.fiscal_year
    with django_capture_on_commit_callbacks(execute=True):  # the task is enqueued once committed
        started = client.post(reverse("round-document-start", args=[year.pk, 6]))
    page = client.get(started["Location"]).content.decode()
    document = RoundDocument.objects.get()
    assert document.status == RoundDocument.Status.DONE and document.done == document.total == 1
    assert reverse("round-document-file", args=[document.pk]) in page and "data-hx-trigger" not in page
    download = client.get(reverse("round-document-file", args=[document.pk]))
    assert download["Content-Type"] == "application/pdf" and "attachment" in download["Content-Disposition"]
    text = "\n".join(pages(b"".join(download.streaming_content)))
    assert "รอบ 6 เดือน" in text and agency.name in text and "สรุป" in text
    assert document.pages >= 2


def test_the_page_shows_progress_until_the_worker_is_done(two_agencies, login, km_officer, settings):
    settings.TASKS = DUMMY
    client = login(km_officer)
    start = reverse("round-document-start", args=[two_agencies.fiscal_year.pk, 6])
    first = client.post(start)
    again = client.post(start)
    document = RoundDocument.objects.get()  # asked for twice, built once
    assert first["Location"] == again["Location"] == reverse("round-document", args=[document.pk])
    page = client.get(first["Location"]).content.decode()
    assert "<progress" in page and 'data-hx-trigger="every 2s"' in page
    RoundDocument.objects.filter(pk=document.pk).update(status="running", total=10, done=5)
    part = client.get(first["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'value="50"' in part and "<html" not in part
    assert client.get(reverse("round-document-file", args=[document.pk])).status_code == 404


def test_a_stuck_build_is_given_up_after_an_hour(two_agencies, login, km_officer, settings):
    settings.TASKS = DUMMY
    client = login(km_officer)
    start = reverse("round-document-start", args=[two_agencies.fiscal_year.pk, 6])
    client.post(start)
    RoundDocument.objects.update(status="running", requested_at=timezone.now() - datetime.timedelta(hours=2))
    client.post(start)
    assert sorted(RoundDocument.objects.values_list("status", flat=True)) == ["failed", "queued"]


def test_a_failed_build_says_so(
    two_agencies, login, km_officer, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE

    def broken(report):
        raise RuntimeError("font missing")

    monkeypatch.setattr("reports.documents.render_report", broken)
    client = login(km_officer)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("round-document-start", args=[two_agencies.fiscal_year.pk, 6]))
    page = client.get(started["Location"]).content.decode()
    document = RoundDocument.objects.get()
    assert document.status == "failed" and "font missing" in document.error
    assert "data-hx-trigger" not in page  # it stops asking
    assert (
        gettext(
            "The PDF could not be built. Ask for it again; if it fails again, tell the system's administrator."
        )
        in page
    )


@pytest.mark.parametrize("who", ["agency_user", "agency_cko", "other_agency_user"])
def test_only_those_who_see_every_report_build_the_round(request, two_agencies, login, who, settings):
    settings.TASKS = DUMMY
    client = login(request.getfixturevalue(who))
    assert (
        client.post(reverse("round-document-start", args=[two_agencies.fiscal_year.pk, 6])).status_code == 403
    )
    assert not RoundDocument.objects.exists()


def test_a_round_not_open_takes_no_document(login, km_officer, province, settings):
    settings.TASKS = DUMMY
    year = FiscalYearFactory(province=province, year=2570)
    page = login(km_officer).post(reverse("round-document-start", args=[year.pk, 6]))
    assert page.status_code == 302 and not RoundDocument.objects.exists()


def test_another_province_sees_nothing(two_agencies, login, stranger, settings):
    settings.TASKS = DUMMY
    client = login(stranger)
    assert (
        client.post(reverse("round-document-start", args=[two_agencies.fiscal_year.pk, 6])).status_code == 404
    )
    document = RoundDocument.objects.create(round=two_agencies)
    assert client.get(reverse("round-document", args=[document.pk])).status_code == 404
    assert client.get(reverse("round-document-file", args=[document.pk])).status_code == 404
