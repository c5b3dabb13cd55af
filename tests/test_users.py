"""Users and their roles: who may add and edit whom, the set-password e-mail, password reset."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from core.models import Role, RoleAssignment, User
from tests.factories import AgencyFactory, UserFactory

NEW_PASSWORD = "ข้าวหอมมะลิ-2569"


def _form(agency, roles=(), **fields) -> dict:
    """What a person types into the user form."""
    return {
        "username": "somying.r",
        "first_name": "สมหญิง",
        "last_name": "รักเรียน",
        "email": "somying@example.org",
        "position": "นักวิชาการเกษตรชำนาญการ",
        "phone": "043-811-111",
        "agency": agency.pk,
        "is_active": "on",
        "roles": list(roles),
        **fields,
    }


def _form_of(user, roles=(), **changes) -> dict:
    """The edit form of ``user`` as the page fills it, with ``roles`` ticked and ``changes`` typed."""
    fields = ["username", "first_name", "last_name", "email", "position", "phone"]
    return {**_form(user.agency, roles, **{f: getattr(user, f) for f in fields}), **changes}


def _roles(user) -> set[tuple[str, int | None]]:
    return set(RoleAssignment.objects.filter(user=user).values_list("role", "agency_id"))


def _link(message) -> str:
    """The path of the set-password link in an e-mail."""
    url = re.search(r"https?://\S+", message.body).group(0)
    return urlparse(url).path


def _set_password(link: str, password: str = NEW_PASSWORD) -> Client:
    """Follow an e-mailed link in a fresh browser and set ``password`` there."""
    browser = Client()
    form = browser.get(link, follow=True)
    assert "ตั้งรหัสผ่านใหม่" in form.content.decode()
    done = browser.post(
        form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}, follow=True
    )
    assert "ตั้งรหัสผ่านเรียบร้อยแล้ว" in done.content.decode()
    return browser


def _without_csrf(response) -> str:
    return re.sub(r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]*', "", response.content.decode())


def _log_in(username: str, password: str):
    return Client().post(reverse("login"), {"username": username, "password": password})


# --- Adding a user ------------------------------------------------------------------------------


def test_it_adds_a_user_with_agency_roles(login, km_officer, agency):
    client = login(km_officer)
    response = client.post(
        reverse("user-create"), _form(agency, ["agency_team@agency", "coordinator@agency"]), follow=True
    )
    user = User.objects.get(username="somying.r")
    assert user.agency == agency and user.email == "somying@example.org"
    assert _roles(user) == {(Role.AGENCY_TEAM, agency.pk), (Role.COORDINATOR, agency.pk)}
    page = response.content.decode()
    assert "เพิ่มผู้ใช้งาน สมหญิง รักเรียน เรียบร้อยแล้ว" in page
    assert "somying@example.org" in page


def test_it_records_who_granted_a_role(login, km_officer, agency):
    login(km_officer).post(reverse("user-create"), _form(agency, ["agency_team@agency"]))
    assignment = RoleAssignment.objects.get(user__username="somying.r")
    assert assignment.granted_by == km_officer


def test_it_emails_the_new_user_a_link_to_set_a_password(login, km_officer, agency):
    login(km_officer).post(reverse("user-create"), _form(agency, ["agency_team@agency"]))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["somying@example.org"]
    assert message.subject == "บัญชีผู้ใช้งานระบบ KM กาฬสินธุ์ของท่าน"
    assert "เรียน สมหญิง รักเรียน" in message.body
    assert "somying.r" in message.body
    assert "/accounts/reset/" in _link(message)


def test_the_new_user_sets_a_password_through_the_link_and_logs_in(login, km_officer, agency):
    login(km_officer).post(reverse("user-create"), _form(agency, ["agency_team@agency"]))
    _set_password(_link(mail.outbox[0]))
    response = _log_in("somying.r", NEW_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_the_link_works_only_once(login, km_officer, agency):
    login(km_officer).post(reverse("user-create"), _form(agency, ["agency_team@agency"]))
    link = _link(mail.outbox[0])
    _set_password(link)
    page = Client().get(link, follow=True).content.decode()
    assert "ลิงก์นี้ใช้งานไม่ได้แล้ว" in page


def test_the_new_user_cannot_log_in_before_setting_a_password(login, km_officer, agency):
    login(km_officer).post(reverse("user-create"), _form(agency, ["agency_team@agency"]))
    user = User.objects.get(username="somying.r")
    assert not user.has_usable_password()
    for password in ["", "secret-pass-123", "!"]:
        response = _log_in("somying.r", password)
        assert response.status_code == 200
        assert "_auth_user_id" not in response.client.session


def test_it_refuses_a_duplicate_email_in_thai(login, km_officer, agency, other_agency_user):
    response = login(km_officer).post(
        reverse("user-create"), _form(agency, email=other_agency_user.email.upper())
    )
    assert response.status_code == 200
    assert "อีเมลนี้มีผู้ใช้งานรายอื่นใช้อยู่แล้ว กรุณาใช้อีเมลอื่น" in response.content.decode()
    assert not User.objects.filter(username="somying.r").exists()
    assert mail.outbox == []


def test_it_keeps_a_users_own_email_on_edit(login, km_officer, agency_user):
    response = login(km_officer).post(
        reverse("user-edit", args=[agency_user.pk]),
        _form_of(agency_user, ["agency_team@agency"], position="ผู้อำนวยการส่วน"),
    )
    assert response.status_code == 302
    agency_user.refresh_from_db()
    assert agency_user.position == "ผู้อำนวยการส่วน"


def test_it_refuses_a_duplicate_user_name_in_thai(login, km_officer, agency, agency_user):
    response = login(km_officer).post(reverse("user-create"), _form(agency, username=agency_user.username))
    assert "ชื่อผู้ใช้นั้นได้ถูกใช้ไปแล้ว" in response.content.decode()
    assert User.objects.filter(username=agency_user.username).count() == 1


def test_it_sends_a_new_password_link_on_request(login, km_officer, agency_user):
    response = login(km_officer).post(reverse("user-send-reset", args=[agency_user.pk]), follow=True)
    assert "ระบบได้ส่งลิงก์สำหรับตั้งรหัสผ่านไปยัง agri.team@example.org แล้ว" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["agri.team@example.org"]]
    _set_password(_link(mail.outbox[0]))
    assert _log_in("agri.team", NEW_PASSWORD).status_code == 302


def test_it_resends_the_link_to_a_user_who_never_set_a_password(login, km_officer, agency):
    client = login(km_officer)
    client.post(reverse("user-create"), _form(agency, ["agency_team@agency"]))
    user = User.objects.get(username="somying.r")
    mail.outbox.clear()
    client.post(reverse("user-send-reset", args=[user.pk]))
    assert [m.to for m in mail.outbox] == [["somying@example.org"]]


def test_send_reset_rejects_get(login, km_officer, agency_user):
    response = login(km_officer).get(reverse("user-send-reset", args=[agency_user.pk]))
    assert response.status_code == 405
    assert mail.outbox == []


# --- Province-level roles -----------------------------------------------------------------------


def test_it_offers_province_roles_to_the_km_team(login, km_officer):
    page = login(km_officer).get(reverse("user-create")).content.decode()
    assert 'value="km_team@province"' in page
    assert "KM Team ระดับจังหวัด (ระดับจังหวัด)" in page
    assert "KM Team ส่วนราชการ ของส่วนราชการที่ผู้ใช้งานสังกัด" in page


def test_km_team_gives_a_province_role(login, km_officer, agency):
    login(km_officer).post(reverse("user-create"), _form(agency, ["km_team@province", "agency_team@agency"]))
    user = User.objects.get(username="somying.r")
    assert _roles(user) == {(Role.KM_TEAM, None), (Role.AGENCY_TEAM, agency.pk)}
    assert RoleAssignment.objects.get(user=user, role=Role.KM_TEAM).province == agency.province


def test_km_team_takes_a_province_role_away(login, km_officer, cko):
    login(km_officer).post(reverse("user-edit", args=[cko.pk]), _form_of(cko, []))
    assert _roles(cko) == set()


def test_the_strategic_issue_team_is_no_role(login, km_officer):
    """Who is on an issue's team is its worksheet-5 roster: the user form offers no such role."""
    page = login(km_officer).get(reverse("user-create")).content.decode()
    assert "issue_team" not in page and "KM Team ตามประเด็นยุทธศาสตร์" not in page


def test_it_does_not_offer_province_roles_to_a_coordinator(login, coordinator):
    page = login(coordinator).get(reverse("user-create")).content.decode()
    assert 'value="agency_team@agency"' in page
    assert "@province" not in page
    assert "ระดับจังหวัด)" not in page


def test_it_refuses_a_province_role_from_a_coordinator(login, coordinator, agency):
    response = login(coordinator).post(reverse("user-create"), _form(agency, ["km_team@province"]))
    assert response.status_code == 200
    assert "เลือกตัวเลือกที่ถูกต้อง. km_team@province ไม่ใช่ตัวเลือกที่ใช้ได้." in response.content.decode()
    assert not User.objects.filter(username="somying.r").exists()
    assert not RoleAssignment.objects.filter(role=Role.KM_TEAM, agency=None).exclude(
        user__username="km.officer"
    )


def test_a_coordinator_may_not_open_a_province_role_holders_account(login, coordinator, agency):
    """A provincial KM team member who works in the coordinator's agency acts for the whole province."""
    holder = UserFactory(agency=agency, roles=[(Role.KM_TEAM, None), (Role.AGENCY_TEAM, agency)])
    client = login(coordinator)
    assert client.get(reverse("user-edit", args=[holder.pk])).status_code == 403
    response = client.post(reverse("user-edit", args=[holder.pk]), _form_of(holder, [], first_name="ผู้อื่น"))
    assert response.status_code == 403
    holder.refresh_from_db()
    assert holder.first_name != "ผู้อื่น"
    assert _roles(holder) == {(Role.KM_TEAM, None), (Role.AGENCY_TEAM, agency.pk)}


def test_a_coordinator_cannot_take_over_a_province_role_holders_account(login, km_officer, province_office):
    """Changing the e-mail, then sending the password link, would hand them the KM team's powers."""
    coordinator = UserFactory(agency=province_office, roles=[(Role.COORDINATOR, province_office)])
    client = login(coordinator)
    edit = client.post(
        reverse("user-edit", args=[km_officer.pk]),
        _form_of(km_officer, email="coordinator@example.org", is_active=""),
    )
    send = client.post(reverse("user-send-reset", args=[km_officer.pk]))
    assert (edit.status_code, send.status_code) == (403, 403)
    km_officer.refresh_from_db()
    assert km_officer.email == "km.officer@example.org"
    assert km_officer.is_active
    assert mail.outbox == []


# --- A coordinator manages no one above them -----------------------------------------------------


@pytest.mark.parametrize("holder", ["agency_cko", "agency_ceo"])
def test_a_coordinator_cannot_take_over_the_agencys_cko_or_head(request, login, coordinator, holder):
    """The agency's CKO and head approve its plans: their accounts are the provincial KM team's."""
    head = request.getfixturevalue(holder)
    client = login(coordinator)
    assert client.get(reverse("user-edit", args=[head.pk])).status_code == 403
    edit = client.post(reverse("user-edit", args=[head.pk]), _form_of(head, email="coordinator@example.org"))
    send = client.post(reverse("user-send-reset", args=[head.pk]))
    assert (edit.status_code, send.status_code) == (403, 403)
    head.refresh_from_db()
    assert head.email == f"{head.username}@example.org"
    assert mail.outbox == []


def test_a_coordinator_sees_the_agencys_head_in_the_list_without_an_edit_link(
    login, coordinator, agency_ceo, agency_user
):
    page = login(coordinator).get(reverse("user-list")).content.decode()
    assert agency_ceo.get_full_name() in page
    assert reverse("user-edit", args=[agency_user.pk]) in page
    assert reverse("user-edit", args=[agency_ceo.pk]) not in page


def test_a_coordinator_is_not_offered_the_agencys_cko_or_head(login, coordinator):
    page = login(coordinator).get(reverse("user-create")).content.decode()
    assert 'value="project_manager@agency"' in page and 'value="coordinator@agency"' in page
    assert 'value="cko@agency"' not in page
    assert 'value="ceo@agency"' not in page


@pytest.mark.parametrize("role", ["cko@agency", "ceo@agency"])
def test_a_coordinator_cannot_make_anyone_the_agencys_cko_or_head(login, coordinator, agency_user, role):
    client = login(coordinator)
    created = client.post(reverse("user-create"), _form(agency_user.agency, [role]))
    edited = client.post(reverse("user-edit", args=[agency_user.pk]), _form_of(agency_user, [role]))
    assert (created.status_code, edited.status_code) == (200, 200)
    assert f"{role} ไม่ใช่ตัวเลือกที่ใช้ได้" in edited.content.decode()
    assert not User.objects.filter(username="somying.r").exists()
    assert _roles(agency_user) == {(Role.AGENCY_TEAM, agency_user.agency_id)}


def test_a_coordinator_manages_another_coordinator_of_the_agency(login, coordinator, agency):
    """Coordinators of one agency are peers: neither holds a role above the other."""
    peer = UserFactory(agency=agency, roles=[(Role.COORDINATOR, agency), (Role.PROJECT_MANAGER, agency)])
    response = login(coordinator).post(
        reverse("user-edit", args=[peer.pk]), _form_of(peer, ["project_manager@agency"], phone="043-999-999")
    )
    assert response.status_code == 302
    assert _roles(peer) == {(Role.PROJECT_MANAGER, agency.pk)}


def test_the_km_team_manages_the_agencys_head(login, km_officer, agency_ceo, agency):
    client = login(km_officer)
    response = client.post(
        reverse("user-edit", args=[agency_ceo.pk]),
        _form_of(agency_ceo, ["ceo@agency"], email="head@example.org"),
    )
    assert response.status_code == 302
    agency_ceo.refresh_from_db()
    assert agency_ceo.email == "head@example.org"
    assert client.post(reverse("user-send-reset", args=[agency_ceo.pk])).status_code == 302


# --- A changed e-mail is told to the old address --------------------------------------------------


def test_a_changed_email_is_told_to_the_old_address(login, coordinator, agency_user):
    login(coordinator).post(
        reverse("user-edit", args=[agency_user.pk]),
        _form_of(agency_user, ["agency_team@agency"], email="somchai.new@example.org"),
    )
    agency_user.refresh_from_db()
    assert agency_user.email == "somchai.new@example.org"
    assert [m.to for m in mail.outbox] == [["agri.team@example.org"]]
    body = mail.outbox[0].body
    assert "somchai.new@example.org" in body
    assert coordinator.get_full_name() in body and "สำนักงานเกษตรจังหวัดกาฬสินธุ์" in body
    assert "agri.team@example.org" in body and ": agri.team\n" in body


def test_an_unchanged_email_tells_no_one(login, km_officer, agency_user):
    login(km_officer).post(
        reverse("user-edit", args=[agency_user.pk]),
        _form_of(agency_user, ["agency_team@agency"], email=agency_user.email.upper(), phone="043-1"),
    )
    assert mail.outbox == []


def test_km_team_changes_a_province_role_holders_email(login, km_officer, cko):
    login(km_officer).post(
        reverse("user-edit", args=[cko.pk]), _form_of(cko, ["cko@province"], email="new@example.org")
    )
    cko.refresh_from_db()
    assert cko.email == "new@example.org"


# --- A coordinator manages their own agency only -------------------------------------------------


def test_a_coordinator_sees_only_users_of_their_agency(login, coordinator, agency_user, other_agency_user):
    page = login(coordinator).get(reverse("user-list")).content.decode()
    assert agency_user.get_full_name() in page
    assert other_agency_user.get_full_name() not in page
    assert "สำนักงานสาธารณสุขจังหวัดกาฬสินธุ์" not in page


def test_a_coordinator_gets_404_on_another_agencys_user(login, coordinator, other_agency_user):
    client = login(coordinator)
    assert client.get(reverse("user-edit", args=[other_agency_user.pk])).status_code == 404
    response = client.post(reverse("user-edit", args=[other_agency_user.pk]), _form_of(other_agency_user))
    assert response.status_code == 404
    assert client.post(reverse("user-send-reset", args=[other_agency_user.pk])).status_code == 404
    assert mail.outbox == []


def test_a_coordinator_is_offered_only_their_agency(
    login, coordinator, agency, other_agency, province_office
):
    page = login(coordinator).get(reverse("user-create")).content.decode()
    options = re.search(r'<select name="agency".*?</select>', page, re.S).group(0)
    assert f'value="{agency.pk}"' in options
    assert f'value="{other_agency.pk}"' not in options
    assert f'value="{province_office.pk}"' not in options


def test_a_coordinator_cannot_add_a_user_to_another_agency(login, coordinator, other_agency):
    response = login(coordinator).post(reverse("user-create"), _form(other_agency, ["agency_team@agency"]))
    assert response.status_code == 200
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()
    assert not User.objects.filter(username="somying.r").exists()


def test_a_coordinator_adds_a_user_to_their_agency(login, coordinator, agency):
    response = login(coordinator).post(reverse("user-create"), _form(agency, ["agency_team@agency"]))
    assert response.status_code == 302
    user = User.objects.get(username="somying.r")
    assert _roles(user) == {(Role.AGENCY_TEAM, agency.pk)}
    assert RoleAssignment.objects.get(user=user).granted_by == coordinator


def test_the_km_team_sees_users_of_every_agency(login, km_officer, agency_user, other_agency_user):
    page = login(km_officer).get(reverse("user-list")).content.decode()
    assert agency_user.get_full_name() in page and other_agency_user.get_full_name() in page


def test_the_list_filters_by_agency(login, km_officer, agency, agency_user, other_agency_user):
    page = login(km_officer).get(reverse("user-list"), {"agency": agency.pk}).content.decode()
    assert agency_user.get_full_name() in page
    assert other_agency_user.get_full_name() not in page


def test_a_stranger_sees_no_kalasin_users(login, stranger, agency_user):
    client = login(stranger)
    assert agency_user.get_full_name() not in client.get(reverse("user-list")).content.decode()
    assert client.get(reverse("user-edit", args=[agency_user.pk])).status_code == 404


@pytest.mark.parametrize("actor", ["agency_user", "issue_lead", "cko", "ceo", "agency_cko", "agency_ceo"])
def test_it_checks_access(request, login, actor, agency):
    client = login(request.getfixturevalue(actor))
    assert client.get(reverse("user-list")).status_code == 403
    assert client.post(reverse("user-create"), _form(agency, ["agency_team@agency"])).status_code == 403
    assert not User.objects.filter(username="somying.r").exists()


def test_it_sends_anonymous_to_log_in(client, agency_user):
    response = client.get(reverse("user-edit", args=[agency_user.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- One CKO and one CEO ------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "holder"), [("cko", "agency_cko"), ("ceo", "agency_ceo")])
def test_it_refuses_a_second_agency_cko_or_ceo(request, login, km_officer, agency, role, holder):
    current = request.getfixturevalue(holder)
    response = login(km_officer).post(reverse("user-create"), _form(agency, [f"{role}@agency"]))
    assert response.status_code == 200
    label = Role(role).label
    assert (
        f"สำนักงานเกษตรจังหวัดกาฬสินธุ์ มี {label} อยู่แล้ว คือ {current.get_full_name()} "
        "กรุณายกเลิกบทบาทดังกล่าวของผู้ใช้งานรายนั้นก่อน"
    ) in response.content.decode()
    assert not User.objects.filter(username="somying.r").exists()


@pytest.mark.parametrize(("role", "holder"), [("cko", "cko"), ("ceo", "ceo")])
def test_it_refuses_a_second_province_cko_or_ceo(request, login, km_officer, agency, role, holder):
    current = request.getfixturevalue(holder)
    response = login(km_officer).post(reverse("user-create"), _form(agency, [f"{role}@province"]))
    assert response.status_code == 200
    assert f"กาฬสินธุ์ มี {Role(role).label} อยู่แล้ว คือ {current.get_full_name()}" in response.content.decode()
    assert _roles(current) == {(role, None)}


def test_another_agency_may_have_its_own_cko(login, km_officer, agency_cko, other_agency, cko):
    response = login(km_officer).post(reverse("user-create"), _form(other_agency, ["cko@agency"]))
    assert response.status_code == 302
    assert _roles(User.objects.get(username="somying.r")) == {(Role.CKO, other_agency.pk)}


def test_the_cko_keeps_the_role_when_their_page_is_saved(login, km_officer, agency_cko, agency):
    response = login(km_officer).post(
        reverse("user-edit", args=[agency_cko.pk]), _form_of(agency_cko, ["cko@agency"], phone="043-000-000")
    )
    assert response.status_code == 302
    assert _roles(agency_cko) == {(Role.CKO, agency.pk)}


def test_the_role_passes_on_once_the_holder_gives_it_up(login, km_officer, agency_cko, agency):
    client = login(km_officer)
    client.post(reverse("user-edit", args=[agency_cko.pk]), _form_of(agency_cko, ["agency_team@agency"]))
    response = client.post(reverse("user-create"), _form(agency, ["cko@agency"]))
    assert response.status_code == 302
    assert RoleAssignment.objects.get(role=Role.CKO, agency=agency).user.username == "somying.r"


@pytest.mark.parametrize("role", [Role.CKO, Role.CEO])
def test_the_database_allows_one_agency_cko_or_ceo(agency, role):
    UserFactory(agency=agency, roles=[(role, agency)])
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(agency=agency, roles=[(role, agency)])


@pytest.mark.parametrize("role", [Role.CKO, Role.CEO])
def test_the_database_allows_one_province_cko_or_ceo(province_office, role):
    UserFactory(agency=province_office, roles=[(role, None)])
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(agency=AgencyFactory(province=province_office.province), roles=[(role, None)])


def test_the_database_refuses_an_agency_only_role_at_province_level(agency):
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(agency=agency, roles=[(Role.COORDINATOR, None)])


# --- Changing roles -----------------------------------------------------------------------------


def test_unticking_a_role_removes_it(login, km_officer, agency_user, agency):
    response = login(km_officer).post(
        reverse("user-edit", args=[agency_user.pk]),
        _form_of(agency_user, ["coordinator@agency"]),
        follow=True,
    )
    assert "บันทึกข้อมูลผู้ใช้งาน" in response.content.decode()
    assert _roles(agency_user) == {(Role.COORDINATOR, agency.pk)}
    assert RoleAssignment.objects.get(user=agency_user).granted_by == km_officer


def test_the_edit_page_ticks_the_roles_held(login, km_officer, agency_user):
    page = login(km_officer).get(reverse("user-edit", args=[agency_user.pk])).content.decode()
    ticked = re.search(r'<input[^>]*value="agency_team@agency"[^>]*>', page).group(0)
    assert "checked" in ticked
    assert "checked" not in re.search(r'<input[^>]*value="coordinator@agency"[^>]*>', page).group(0)


def test_moving_a_user_to_another_agency_moves_their_agency_roles(
    login, km_officer, agency_user, other_agency
):
    login(km_officer).post(
        reverse("user-edit", args=[agency_user.pk]),
        _form_of(agency_user, ["agency_team@agency"], agency=other_agency.pk),
    )
    assert _roles(agency_user) == {(Role.AGENCY_TEAM, other_agency.pk)}


def test_a_user_who_loses_the_coordinator_role_loses_the_user_pages(login, km_officer, coordinator):
    login(km_officer).post(reverse("user-edit", args=[coordinator.pk]), _form_of(coordinator, []))
    assert login(coordinator).get(reverse("user-list")).status_code == 403


# --- Passwords ----------------------------------------------------------------------------------


def test_the_login_page_links_to_the_forgotten_password_page(client):
    page = client.get(reverse("login")).content.decode()
    assert "ลืมรหัสผ่าน?" in page
    assert f'href="{reverse("password_reset")}"' in page


def test_it_emails_a_reset_link_to_a_known_address(client, agency_user):
    response = client.post(reverse("password_reset"), {"email": "Agri.Team@example.org"}, follow=True)
    assert "กรุณาตรวจสอบอีเมลของท่าน" in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["agri.team@example.org"]
    assert mail.outbox[0].subject == "การตั้งรหัสผ่านใหม่สำหรับระบบ KM กาฬสินธุ์"
    _set_password(_link(mail.outbox[0]))
    assert _log_in("agri.team", "secret-pass-123").status_code == 200
    assert _log_in("agri.team", NEW_PASSWORD).status_code == 302


def test_it_shows_the_same_page_for_an_unknown_address(client, agency_user):
    known = client.post(reverse("password_reset"), {"email": agency_user.email}, follow=True)
    mail.outbox.clear()
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert mail.outbox == []
    assert unknown.redirect_chain == known.redirect_chain
    assert _without_csrf(unknown) == _without_csrf(known)


def test_a_user_changes_their_password(login, agency_user):
    client = login(agency_user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "secret-pass-123", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "เปลี่ยนรหัสผ่านเรียบร้อยแล้ว" in response.content.decode()
    agency_user.refresh_from_db()
    assert agency_user.check_password(NEW_PASSWORD)
    assert client.get(reverse("user-list")).status_code == 403  # still logged in, as themselves


def test_it_refuses_a_wrong_old_password_in_thai(login, agency_user):
    response = login(agency_user).post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "ใส่รหัสผ่านเก่าผิด กรุณาใส่รหัสผ่านอีกครั้ง" in response.content.decode()
    agency_user.refresh_from_db()
    assert agency_user.check_password("secret-pass-123")


# --- Queries ------------------------------------------------------------------------------------


def _fill(agencies, users_per_agency):
    for agency in agencies:
        for _ in range(users_per_agency):
            UserFactory(agency=agency, roles=[(Role.AGENCY_TEAM, agency), (Role.PROJECT_MANAGER, agency)])


def test_the_list_makes_a_fixed_number_of_queries(
    login, km_officer, agency, other_agency, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(km_officer)
    _fill([agency, other_agency], 1)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("user-list"))
    _fill([agency, other_agency, AgencyFactory(province=agency.province)], 6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("user-list"))
    assert response.content.decode().count(">แก้ไข<") == 1 + 2 + 18
