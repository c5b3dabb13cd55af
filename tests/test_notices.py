"""What the system tells people is written in Thai, whatever the actor reads, with absolute links."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from core.models import Notification
from core.notify import notify
from tests.factories import IssueFactory, KpiFactory
from tests.test_issue import make_ready

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
