"""send_round_reminders: the writers of a plan whose report in an open round is not submitted are
told once a few days before the due date and once more when it is late; a submitted report, a
round not open yet and a closed year get nothing; the text is Thai and links to the report."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from core.models import Notification
from reports import rounds, services, workflow
from reports.models import RoundReminder
from tests import factories

# The test fiscal year 2569's 6-month round opens on 1 เม.ย. 2569 and is due on 15 เม.ย. 2569.
DUE = datetime.date(2026, 4, 15)
BEFORE = DUE - datetime.timedelta(days=6)
WINDOW = DUE - datetime.timedelta(days=5)
LATE = DUE + datetime.timedelta(days=1)


def remind(today: datetime.date, *args) -> str:
    out = io.StringIO()
    call_command("send_round_reminders", "--today", today.isoformat(), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def writers(agency_user, project_manager):
    return {agency_user, project_manager}


def _told(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user).order_by("pk"))


def test_the_six_month_round_is_due_on_the_fifteenth(reported_plan):
    six = rounds.rounds_of(reported_plan.fiscal_year)[0]
    assert (six.opens_on, six.due_on) == (datetime.date(2026, 4, 1), DUE)


def test_nothing_before_the_window(reported_plan, writers):
    assert remind(BEFORE).endswith("0 reminder(s) sent.\n")
    assert not Notification.objects.exists() and not RoundReminder.objects.exists()


def test_nothing_before_the_round_opens(reported_plan, writers):
    remind(datetime.date(2026, 3, 31))
    assert not Notification.objects.exists()


def test_in_the_window_the_writers_are_told_once(reported_plan, writers, agency_cko):
    remind(WINDOW)
    for user in writers:
        assert len(_told(user)) == 1
    assert not _told(agency_cko)  # the CKO is no writer
    reminder = RoundReminder.objects.get()
    assert (reminder.kind, reminder.knowledge_id, reminder.agency_id) == (
        "due_soon", reported_plan.knowledge_id, reported_plan.agency_id,
    )  # fmt: skip
    # Hourly from cron: nothing twice.
    remind(WINDOW)
    remind(DUE)
    assert all(len(_told(user)) == 1 for user in writers)


def test_late_they_are_told_once_more(reported_plan, writers):
    remind(WINDOW)
    remind(LATE)
    remind(LATE + datetime.timedelta(days=3))
    for user in writers:
        assert len(_told(user)) == 2
    assert sorted(RoundReminder.objects.values_list("kind", flat=True)) == ["due_soon", "late"]


def test_first_seen_late_gets_only_the_late_reminder(reported_plan, agency_user):
    remind(LATE)
    assert len(_told(agency_user)) == 1
    assert RoundReminder.objects.get().kind == "late"


def test_a_submitted_report_gets_nothing(report, agency_user):
    rows = {
        row.pk: {**dict.fromkeys(services.ROW_FIELDS, ""), "status": "in_progress"}
        for row in report.rows.all()
    }
    services.save_report(report, {}, rows, services.fingerprint(report), agency_user)
    workflow.act(report, agency_user, "submit")
    Notification.objects.all().delete()
    remind(WINDOW)
    remind(LATE)
    assert not _told(agency_user) and not RoundReminder.objects.exists()


def test_a_returned_report_is_reminded(report, agency_user, agency_cko):
    rows = {
        row.pk: {**dict.fromkeys(services.ROW_FIELDS, ""), "status": "in_progress"}
        for row in report.rows.all()
    }
    services.save_report(report, {}, rows, services.fingerprint(report), agency_user)
    workflow.act(report, agency_user, "submit")
    workflow.act(report, agency_cko, "return", "ขอให้แนบหลักฐาน")
    Notification.objects.all().delete()
    remind(LATE)
    assert [n.url for n in _told(agency_user)] == [reverse("report-detail", args=[report.pk])]


def test_a_closed_year_gets_nothing(reported_plan, agency_user, km_officer):
    year = reported_plan.fiscal_year
    year.closed_at, year.closed_by = timezone.now(), km_officer
    year.save()
    remind(WINDOW)
    remind(LATE)
    assert not Notification.objects.exists() and not RoundReminder.objects.exists()


def test_the_text_is_thai_and_links_to_the_report_or_to_tracking(report, reported_plan, agency_user):
    with translation.override("en"):  # whoever runs the command, the people told read Thai
        remind(LATE)
    [six] = _told(agency_user)
    assert "รอบ 6 เดือน" in six.text and "15 เม.ย. 2569" in six.text
    assert reported_plan.knowledge.name in six.text or reported_plan.header_knowledge in six.text
    assert six.url == reverse("report-detail", args=[report.pk])
    # No report yet in the 9-month round: the link is to the tracking page.
    remind(datetime.date(2026, 7, 16))
    nine = _told(agency_user)[-1]
    assert "รอบ 9 เดือน" in nine.text and nine.url == reverse("report-tracking")


@override_settings(REPORT_REMINDER_DAYS=10)
def test_the_window_is_a_setting(reported_plan, agency_user):
    remind(BEFORE)
    assert len(_told(agency_user)) == 1


def test_dry_run_lists_and_sends_nothing(reported_plan, agency_user):
    out = remind(LATE, "--dry-run")
    assert "late" in out and agency_user.username in out and "1 reminder(s) would be sent." in out
    assert not Notification.objects.exists() and not RoundReminder.objects.exists()


def test_a_bad_date_is_refused(db):
    with pytest.raises(CommandError):
        call_command("send_round_reminders", "--today", "28/11/2026", stdout=io.StringIO())


def test_the_province_plan_is_reminded_once(fiscal_year, km_officer, cko, ceo, plan_knowledge):
    factories.approved_plan(fiscal_year, None, km_officer, cko, ceo, knowledge=plan_knowledge)
    remind(LATE)
    remind(LATE)
    assert len(_told(km_officer)) == 1
    reminder = RoundReminder.objects.get()
    assert reminder.agency_id is None
    with pytest.raises(IntegrityError), transaction.atomic():  # NULL agencies are one plan too
        RoundReminder.objects.create(round=reminder.round, knowledge=reminder.knowledge, kind="late")
