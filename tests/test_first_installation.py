"""A fresh server: ``start_province`` makes the first KM-team account; no one is left at a dead end."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from core.models import Agency, Province, Role, RoleAssignment, User
from tests.factories import ProvinceFactory, UserFactory

PASSWORD = "ข้าวเหนียวเขี้ยวงู-2569"
SITE = "https://km.kalasin.example"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def start(*extra: str, stdin: str | None = None, **options) -> str:
    out = io.StringIO()
    args = ["--province", "กาฬสินธุ์", "--username", "km.admin", "--email", "KM.Admin@example.go.th", *extra]
    if stdin is not None:
        options["stdin"] = io.StringIO(stdin)
    call_command("start_province", *args, stdout=out, **options)
    return out.getvalue()


def log_in(username: str, password: str) -> Client:
    browser = Client()
    assert browser.post(reverse("login"), {"username": username, "password": password}).status_code == 302
    return browser


def test_it_creates_the_province_its_office_and_a_km_team_account(db):
    start("--office", "สำนักงานจังหวัดกาฬสินธุ์", "--first-name", "สมศรี", "--last-name", "มีความรู้")
    province = Province.objects.get(name="กาฬสินธุ์")
    office = Agency.objects.get(province=province)
    assert (office.name, office.kind) == ("สำนักงานจังหวัดกาฬสินธุ์", Agency.Kind.PROVINCE_OFFICE)
    user = User.objects.get(username="km.admin")
    assert (user.agency, user.email, user.get_full_name()) == (
        office,
        "km.admin@example.go.th",
        "สมศรี มีความรู้",
    )
    assert list(RoleAssignment.objects.filter(user=user).values_list("role", "agency", "province")) == [
        (Role.KM_TEAM, None, province.pk)
    ]
    assert not user.has_usable_password()


def test_the_office_is_named_after_the_province_by_default(db):
    start()
    assert Agency.objects.get().name == "สำนักงานจังหวัดกาฬสินธุ์"


def test_the_account_sets_its_password_from_the_emailed_link_and_manages_the_province(db):
    output = start()
    assert "km.admin@example.go.th" in output
    [message] = mail.outbox
    assert message.to == ["km.admin@example.go.th"]
    assert message.subject == "บัญชีผู้ใช้งานระบบ KM กาฬสินธุ์ของท่าน"  # Thai, though the console is English
    link = re.search(r"https?://\S+", message.body).group(0)
    assert link.startswith(f"{SITE}/accounts/reset/")
    browser = Client()
    form = browser.get(urlparse(link).path, follow=True)
    browser.post(form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    client = log_in("km.admin", PASSWORD)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("agency-list")).status_code == 200
    assert client.get(reverse("year-create")).status_code == 200


def test_it_prints_the_link_instead_of_emailing_it(db):
    output = start("--print-link")
    assert mail.outbox == []
    link = re.search(r"https?://\S+", output).group(0)
    assert link.startswith(f"{SITE}/accounts/reset/")
    page = Client().get(urlparse(link).path, follow=True).content.decode()
    assert "ตั้งรหัสผ่านใหม่" in page


def test_it_takes_the_password_from_standard_input(db):
    output = start("--password-from-stdin", stdin=f"{PASSWORD}\n")
    assert mail.outbox == []
    assert "km.admin can log in now" in output
    assert log_in("km.admin", PASSWORD).get(reverse("user-list")).status_code == 200


@pytest.mark.parametrize(
    ("stdin", "why"),
    [
        ("\n", "No password"),
        ("12345678\n", "too common"),
        ("ab-12\n", "too short"),
        ("km.admin.2569\n", "too similar to the username"),
    ],
)
def test_it_refuses_a_weak_or_missing_password_and_creates_nothing(db, stdin, why):
    with pytest.raises(CommandError, match=why):
        start("--password-from-stdin", stdin=stdin)
    assert not Province.objects.exists() and not User.objects.exists()


def test_it_refuses_a_province_that_exists_and_changes_nothing(db):
    start()
    mail.outbox.clear()
    with pytest.raises(CommandError, match="already exists: nothing was changed"):
        start("--username", "someone.else", "--email", "else@example.go.th")
    assert User.objects.count() == 1 and Agency.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        ("--username", "taken", "user name taken is taken"),
        ("--email", "TAKEN@example.org", "already has the e-mail taken@example.org"),
        ("--email", "not-an-address", "valid email"),
        ("--username", "มี ช่องว่าง", "valid username"),
    ],
)
def test_it_refuses_a_user_that_clashes_or_is_invalid_and_changes_nothing(db, field, value, why):
    UserFactory(username="taken", email="taken@example.org", agency__province=ProvinceFactory(name="ขอนแก่น"))
    with pytest.raises(CommandError, match=why):
        start(field, value)
    assert not Province.objects.filter(name="กาฬสินธุ์").exists()
    assert User.objects.count() == 1


def test_an_installation_script_runs_it_with_the_password_on_a_pipe(tmp_path):
    """`printf '%s\\n' "$PW" | manage.py start_province ... --password-from-stdin`, on a new database."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}

    def manage(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
        )

    assert manage("migrate", "-v0").returncode == 0
    args = ["start_province", "--province", "กาฬสินธุ์", "--username", "km.admin", "--email", "km@example.go.th"]
    first = manage(*args, "--password-from-stdin", stdin=f"{PASSWORD}\n")
    assert first.returncode == 0, first.stderr
    again = manage(*args, "--password-from-stdin", stdin=f"{PASSWORD}\n")
    assert again.returncode == 1
    assert "Province กาฬสินธุ์ already exists: nothing was changed" in again.stderr


# --- A user without an agency ----------------------------------------------------------------------


def test_a_superuser_without_an_agency_is_shown_the_admin_and_a_way_out(client, db):
    admin = User.objects.create_superuser("root", "root@example.go.th", PASSWORD)
    client.force_login(admin)
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "บัญชีผู้ใช้งานของท่านยังไม่ได้เชื่อมโยงกับส่วนราชการ" in page
    assert f'href="{reverse("admin:index")}"' in page
    assert "manage.py start_province" in page
    assert f'action="{reverse("logout")}"' in page
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_user_without_an_agency_can_log_out_but_is_not_shown_the_admin(client, db):
    user = User.objects.create_user("lost", "lost@example.go.th", PASSWORD)
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert reverse("admin:index") not in page
    assert "start_province" not in page
    assert f'action="{reverse("logout")}"' in page
    client.post(reverse("logout"))
    assert client.get(reverse("home")).url == reverse("login")
