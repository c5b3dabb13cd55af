"""What the system tells people is written in Thai, whatever the actor reads, with absolute links."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from core.models import Notification
from core.notify import notify
from tests.factories import IssueFactory, KpiFactory
from tests.test_issue import make_ready
from worksheets import lifecycle

SITE = "https://km.example.go.th"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def english(login):
    """Log ``user`` in with the interface switched to English."""

    def _english(user):
        client = login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return _english


def _links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def test_a_finalise_notice_is_thai_with_an_absolute_link_though_the_actor_reads_english(
    english, km_officer, fiscal_year, agency, agency_user, django_capture_on_commit_callbacks
):
    issue = IssueFactory(fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตรมูลค่าสูง")
    KpiFactory(issue=issue, number=1, responsible=[agency])
    make_ready(issue)
    client = english(km_officer)
    assert "Finalise" in client.get(reverse("issue-detail", args=[issue.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("issue-finalise", args=[issue.pk]))
    [message] = [m for m in mail.outbox if m.to == [agency_user.email]]
    assert "ใบงานที่ 2–4 ของประเด็นยุทธศาสตร์ที่ 1 การพัฒนาการเกษตรมูลค่าสูง" in message.body
    assert _links(message.body) == [f"{SITE}/issues/{issue.pk}/"]
    notice = Notification.objects.get(user=agency_user)
    assert notice.text.startswith("ใบงานที่ 2–4")
    assert notice.url == f"/issues/{issue.pk}/"  # the app keeps the path; only the e-mail needs the host


def test_the_set_password_email_is_thai_and_links_to_the_site(english, km_officer, agency):
    english(km_officer).post(
        reverse("user-create"),
        {
            "username": "somying.r",
            "first_name": "สมหญิง",
            "last_name": "รักเรียน",
            "email": "somying@example.org",
            "agency": agency.pk,
            "is_active": "on",
            "roles": ["agency_team@agency"],
        },
    )
    [message] = mail.outbox
    assert message.subject == "บัญชีผู้ใช้งานระบบ KM กาฬสินธุ์ของท่าน"
    assert "เรียน สมหญิง รักเรียน" in message.body
    [link] = _links(message.body)
    assert link.startswith(f"{SITE}/accounts/reset/")


def test_the_forgotten_password_email_is_thai_and_links_to_the_site(client, agency_user):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(reverse("password_reset"), {"email": agency_user.email})
    [message] = mail.outbox
    assert message.subject == "การตั้งรหัสผ่านใหม่สำหรับระบบ KM กาฬสินธุ์"
    [link] = _links(message.body)
    assert link.startswith(f"{SITE}/accounts/reset/")


def test_an_email_changed_notice_is_composed_in_thai(english, km_officer, agency_user):
    english(km_officer).post(
        reverse("user-edit", args=[agency_user.pk]),
        {
            "username": agency_user.username,
            "first_name": agency_user.first_name,
            "last_name": agency_user.last_name,
            "email": "new.address@example.org",
            "agency": agency_user.agency_id,
            "is_active": "on",
            "roles": ["agency_team@agency"],
        },
    )
    [message] = mail.outbox
    assert message.to == ["agri.team@example.org"]
    assert "ชื่อผู้ใช้ของท่าน: agri.team" in message.body


def test_notify_keeps_the_path_in_the_app_and_sends_the_full_link(agency_user):
    notify([agency_user], "มีการแสดงความคิดเห็นในใบงานที่ 1", "/worksheet1/")
    assert Notification.objects.get().url == "/worksheet1/"
    assert mail.outbox[0].body.endswith(f"{SITE}/worksheet1/")


def test_a_lazy_notice_is_told_in_thai_even_when_it_is_rendered_in_the_actors_language(
    agency_user, django_capture_on_commit_callbacks
):
    """A callback after commit runs in the actor's request: a text still lazy then is rendered in
    Thai all the same."""
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        transaction.on_commit(lambda: notify([agency_user], gettext_lazy("Worksheets 2–4 finalised"), "/"))
    assert Notification.objects.get().text == "ยืนยันผลใบงานที่ 2–4"
    assert mail.outbox[0].subject == "ยืนยันผลใบงานที่ 2–4"


def test_a_long_notice_is_cut_in_the_app_and_whole_in_the_email(agency_user):
    text = "แผนการจัดการความรู้ถูกส่งกลับ: " + "ขอให้เพิ่มกิจกรรมถอดบทเรียน " * 40
    notify([agency_user], text, "/")
    notice = Notification.objects.get()
    assert len(notice.text) == 500 and notice.text.endswith("…")
    assert text.strip() in mail.outbox[0].body


def test_a_lazy_history_reason_is_kept_in_thai_though_the_actor_reads_english(fiscal_year):
    issue = IssueFactory(fiscal_year=fiscal_year)
    with translation.override("en"):
        issue._change_reason = gettext_lazy("Worksheets 2–4 finalised")
        issue.save()
    assert issue.history.latest("history_date").history_change_reason == "ยืนยันผลใบงานที่ 2–4"


def test_a_long_reopening_reason_is_cut_to_the_historys_column_and_saved(
    english, km_officer, fiscal_year, agency
):
    """The history keeps 100 characters of a reason: a longer one fails the save on PostgreSQL."""
    issue = IssueFactory(fiscal_year=fiscal_year, number=1)
    KpiFactory(issue=issue, number=1, responsible=[agency])
    make_ready(issue)
    lifecycle.finalise(issue, km_officer)
    reason = "ส่วนราชการขอเพิ่มตัวชี้วัดตามคำรับรองฉบับใหม่ " * 10
    response = english(km_officer).post(reverse("issue-reopen", args=[issue.pk]), {"reason": reason})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.finalised_at is None
    kept = issue.history.latest("history_date").history_change_reason
    assert len(kept) == 100 and kept.startswith("เปิดให้แก้ไขอีกครั้งโดย") and kept.endswith("…")
