"""Editing the KM teams' rosters in the browser (issue 8): starting a roster, adding, changing,
moving and removing its rows, naming an agency roster's knowledge, and who may do each."""

import re

import pytest
from django.urls import reverse

from teams import services
from teams.models import MemberRole, Team, TeamMember
from tests.factories import IssueFactory, KpiFactory
from tests.test_access import world  # noqa: F401  (the URL walk's objects)
from worksheets.models import KnowledgeItem, StrategicIssue, WorkProcess

Kind = Team.Kind
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english(_thai, settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def issue(fiscal_year):
    return IssueFactory(fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตรมูลค่าสูง")


def _knowledge(issue, agency, name="เทคนิคการตรวจแปลง", finalise=True):
    kpi = KpiFactory(issue=issue, chosen=True)
    process = WorkProcess.objects.create(kpi=kpi, order=1, name="การตรวจรับรองแปลง GAP")
    item = KnowledgeItem.objects.create(process=process, order=1, name=name, kind="tacit", chosen=True)
    item.responsible_agencies.set([agency])
    if finalise:
        StrategicIssue.objects.filter(pk=issue.pk).update(finalised_at="2026-01-15T09:00:00+07:00")
    return item


@pytest.fixture
def team(fiscal_year, agency):
    return services.start_roster(Kind.AGENCY, fiscal_year, agency=agency)


def _row(**fields) -> dict:
    return {"title": "", "first_name": "", "last_name": "", "position": "", "role": "member",
            "km_function": "", "phone": "", "email": "", "user": "", **fields}  # fmt: skip


def _names(team) -> list[str]:
    return [m.full_name for m in team.members.select_related("user")]


def _errors(response) -> str:
    """The messages crispy forms shows under the fields."""
    return " ".join(re.findall(r'id="error_\d+_id_\w+"><strong>([^<]+)', response.content.decode()))


# --- Starting a roster -------------------------------------------------------------------------


def test_an_agency_starts_its_roster_with_its_ceo_and_cko(
    login, agency_user, fiscal_year, agency, issue, agency_ceo, agency_cko
):
    item = _knowledge(issue, agency)
    client = login(agency_user)
    page = client.get(reverse("team-start"), **EN).content.decode()
    assert agency.name in page and "เทคนิคการตรวจแปลง" in page

    response = client.post(reverse("team-start"), {"agency": agency.pk, "knowledge": item.pk}, **EN)

    team = Team.objects.get(kind=Kind.AGENCY, agency=agency)
    assert response.status_code == 302 and response["Location"] == reverse("team-detail", args=[team.pk])
    assert team.knowledge == item
    assert [(m.role, m.user) for m in team.members.all()] == [("ceo", agency_ceo), ("cko", agency_cko)]


def test_an_agency_user_cannot_start_another_agencys_roster(login, agency_user, other_agency, fiscal_year):
    response = login(agency_user).post(reverse("team-start"), {"agency": other_agency.pk}, **EN)
    assert response.status_code == 200 and "Select a valid choice" in _errors(response)
    assert not Team.objects.exists()


def test_the_knowledge_may_be_blank_until_worksheet_4_is_finalised(
    login, coordinator, fiscal_year, agency, issue
):
    client = login(coordinator)
    assert client.post(reverse("team-start"), {"agency": agency.pk, "knowledge": ""}).status_code == 302
    # A second blank roster is a double click: the form says so and nothing is made.
    response = client.post(reverse("team-start"), {"agency": agency.pk, "knowledge": ""}, **EN)
    assert "already has a KM team whose knowledge is not chosen yet" in response.content.decode()
    assert Team.objects.count() == 1
    # Once every worksheet 4 of the year is finalised, the knowledge is required.
    Team.objects.all().delete()
    _knowledge(issue, agency)
    response = client.post(reverse("team-start"), {"agency": agency.pk, "knowledge": ""}, **EN)
    assert "This field is required." in _errors(response)
    assert not Team.objects.exists()


def test_knowledge_not_named_for_the_agency_is_refused(
    login, agency_user, fiscal_year, agency, other_agency, issue
):
    elsewhere = _knowledge(issue, other_agency)
    response = login(agency_user).post(
        reverse("team-start"), {"agency": agency.pk, "knowledge": elsewhere.pk}, **EN
    )
    assert "Select a valid choice" in _errors(response)
    assert not Team.objects.exists()


def test_the_km_team_starts_the_provincial_roster_once(login, km_officer, fiscal_year, cko, ceo):
    client = login(km_officer)
    assert "Start the provincial roster" in client.get(reverse("team-list"), **EN).content.decode()
    first = client.post(reverse("team-start-province"), **EN)
    again = client.post(reverse("team-start-province"), **EN)
    team = Team.objects.get(kind=Kind.PROVINCE)
    assert first["Location"] == again["Location"] == reverse("team-detail", args=[team.pk])
    assert [m.user for m in team.members.all()] == [ceo, cko]
    assert "Start the provincial roster" not in client.get(reverse("team-list"), **EN).content.decode()


def test_an_agency_user_sees_no_start_button_for_the_province(login, agency_user, fiscal_year):
    page = login(agency_user).get(reverse("team-list"), **EN).content.decode()
    assert "Start the provincial roster" not in page
    assert "Start an agency's roster" in page
    assert login(agency_user).post(reverse("team-start-province")).status_code == 403


# --- Rows ------------------------------------------------------------------------------------------


def test_adding_a_member_puts_them_last_of_their_role(login, agency_user, team):
    client = login(agency_user)
    for name in ("สมชาย", "สมหญิง"):
        response = client.post(
            reverse("team-member-add", args=[team.pk]),
            _row(
                title="นาย", first_name=name, last_name="ใจดี", position="นักวิชาการเกษตร", phone="081-234-5678"
            ),
        )
        assert response.status_code == 302
    client.post(reverse("team-member-add", args=[team.pk]), _row(first_name="สมศรี", role="head"))
    assert _names(team) == ["สมศรี", "นายสมชาย ใจดี", "นายสมหญิง ใจดี"]
    page = client.get(reverse("team-detail", args=[team.pk]), **EN).content.decode()
    assert "081-234-5678" in page and "นักวิชาการเกษตร" in page
    # A name breaks between its words only (Thai has no spaces inside a word to break at).
    assert '<span class="text-nowrap">นายสมชาย</span> <span class="text-nowrap">ใจดี</span>' in page


def test_a_second_head_or_a_row_without_a_name_is_explained(login, agency_user, team):
    client = login(agency_user)
    client.post(reverse("team-member-add", args=[team.pk]), _row(first_name="สมศรี", role="head"))
    response = client.post(
        reverse("team-member-add", args=[team.pk]), _row(first_name="สมชาย", role="head"), **EN
    )
    assert "A team has at most one CEO, one CKO and one team head." in _errors(response)
    response = client.post(reverse("team-member-add", args=[team.pk]), _row(phone="12345"), **EN)
    errors = _errors(response)
    assert "Enter the member&#x27;s name or link the row to a user account." in errors
    assert "phone" in errors.lower()
    assert _names(team) == ["สมศรี"]


def test_a_linked_row_shows_the_accounts_data_and_keeps_no_copy(login, agency_user, team, issue_lead):
    issue_lead.position = "นักวิชาการส่งเสริมการเกษตร"
    issue_lead.save()
    login(agency_user).post(
        reverse("team-member-add", args=[team.pk]),
        _row(user=issue_lead.pk, title="ว่าที่ร้อยตรี", first_name="พิมพ์ผิด", phone="081-111-1111"),
    )
    member = team.members.get(role="member")
    assert (member.user, member.first_name, member.phone) == (issue_lead, "", "")
    assert member.full_name == f"ว่าที่ร้อยตรี{issue_lead.first_name} {issue_lead.last_name}"


def test_an_issue_roster_records_each_members_agency(login, km_officer, fiscal_year, issue, other_agency):
    team = services.start_roster(Kind.ISSUE, fiscal_year, issue=issue)
    client = login(km_officer)
    assert 'name="agency"' in client.get(reverse("team-member-add", args=[team.pk])).content.decode()
    client.post(reverse("team-member-add", args=[team.pk]), _row(first_name="สมใจ", agency=other_agency.pk))
    assert team.members.get(first_name="สมใจ").agency == other_agency
    # Worksheet 6 has no สังกัด column: the agency's roster is the agency's.
    agency_team = services.start_roster(Kind.AGENCY, fiscal_year, agency=other_agency)
    assert (
        'name="agency"' not in client.get(reverse("team-member-add", args=[agency_team.pk])).content.decode()
    )


def test_changing_a_member_keeps_what_someone_else_saved_meanwhile(login, agency_user, coordinator, team):
    member = services.add_member(team, role=MemberRole.MEMBER, first_name="สมชาย", position="นักวิชาการ")
    url = reverse("team-member-edit", args=[team.pk, member.pk])
    mine = login(agency_user).get(url).content.decode()
    seen = re.search(r'name="seen" value="([0-9a-f]+)"', mine).group(1)
    # Someone else saves the row first.
    services.change_member(member, position="นักวิชาการเกษตรชำนาญการ")
    response = login(agency_user).post(url, _row(first_name="สมชาย", position="ตำแหน่งของฉัน", seen=seen), **EN)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this page after you opened it." in page and "นักวิชาการเกษตรชำนาญการ" in page
    member.refresh_from_db()
    assert member.position == "นักวิชาการเกษตรชำนาญการ"
    # Saving again replaces it knowingly.
    again = re.search(r'name="seen" value="([0-9a-f]+)"', page).group(1)
    login(agency_user).post(url, _row(first_name="สมชาย", position="ตำแหน่งของฉัน", seen=again))
    member.refresh_from_db()
    assert member.position == "ตำแหน่งของฉัน"


def test_giving_a_member_another_role_moves_them_to_it(login, agency_user, team):
    services.add_member(team, role=MemberRole.MEMBER, first_name="ก")
    secretary = services.add_member(team, role=MemberRole.SECRETARY, first_name="ข")
    services.add_member(team, role=MemberRole.MEMBER, first_name="ค")
    login(agency_user).post(
        reverse("team-member-edit", args=[team.pk, secretary.pk]), _row(first_name="ข", role="deputy")
    )
    assert _names(team) == ["ข", "ก", "ค"]


def test_moving_a_member_stays_within_the_role(login, agency_user, team):
    a = services.add_member(team, role=MemberRole.MEMBER, first_name="ก")
    b = services.add_member(team, role=MemberRole.MEMBER, first_name="ข")
    services.add_member(team, role=MemberRole.SECRETARY, first_name="ค")
    client = login(agency_user)
    client.post(reverse("team-member-move", args=[team.pk, b.pk]), {"direction": "up"})
    assert _names(team) == ["ข", "ก", "ค"]
    client.post(reverse("team-member-move", args=[team.pk, a.pk]), {"direction": "down"})  # already last
    assert _names(team) == ["ข", "ก", "ค"]
    page = client.get(reverse("team-detail", args=[team.pk])).content.decode()
    row_of_b = page[page.index(f'id="member-{b.pk}"') : page.index(f'id="member-{a.pk}"')]
    assert re.search(r'value="up" disabled', row_of_b)


def test_removing_a_member_erases_their_contact_data(login, agency_user, team):
    member = services.add_member(team, role=MemberRole.MEMBER, first_name="สมชาย", phone="081-234-5678")
    response = login(agency_user).post(reverse("team-member-remove", args=[team.pk, member.pk]))
    assert response.status_code == 302
    assert not TeamMember.objects.filter(pk=member.pk).exists()
    stored = " ".join(
        str(v) for row in TeamMember.history.filter(id=member.pk).values() for v in row.values()
    )
    assert "สมชาย" in stored and "5678" not in stored


def test_a_row_of_another_team_is_404_even_to_an_editor(
    login, agency_user, fiscal_year, agency, other_agency, team
):
    theirs = services.start_roster(Kind.AGENCY, fiscal_year, agency=other_agency)
    row = services.add_member(theirs, role=MemberRole.MEMBER, first_name="สมชาย")
    client = login(agency_user)
    assert client.get(reverse("team-member-edit", args=[team.pk, row.pk])).status_code == 404
    assert client.post(reverse("team-member-remove", args=[team.pk, row.pk])).status_code == 404
    assert client.post(reverse("team-member-remove", args=[theirs.pk, row.pk])).status_code == 403
    assert TeamMember.objects.filter(pk=row.pk).exists()


def test_a_reader_sees_no_editing_buttons(login, other_agency_user, agency_user, team):
    services.add_member(team, role=MemberRole.MEMBER, first_name="สมชาย")
    theirs = login(other_agency_user).get(reverse("team-detail", args=[team.pk]), **EN).content.decode()
    assert "Add a member" not in theirs and "team-member-move" not in theirs and "/move/" not in theirs
    ours = login(agency_user).get(reverse("team-detail", args=[team.pk]), **EN).content.decode()
    assert "Add a member" in ours and "/move/" in ours


# --- Knowledge ---------------------------------------------------------------------------------------


def test_the_agency_names_its_rosters_knowledge(login, agency_user, team, issue, agency):
    item = _knowledge(issue, agency)
    client = login(agency_user)
    response = client.post(reverse("team-knowledge", args=[team.pk]), {"knowledge": item.pk})
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.knowledge == item
    page = client.get(reverse("team-detail", args=[team.pk]), **EN).content.decode()
    assert "เทคนิคการตรวจแปลง" in page and issue.title in page


def test_a_provincial_roster_has_no_knowledge_page(login, km_officer, fiscal_year):
    team = services.start_roster(Kind.PROVINCE, fiscal_year)
    assert login(km_officer).get(reverse("team-knowledge", args=[team.pk])).status_code == 404


# --- Personal data on every page, and query counts --------------------------------------------------


def test_another_agency_sees_contact_data_masked_on_every_page_of_the_walk(client, request, world):  # noqa: F811
    """Every page of the URL walk (tests/test_access.py), as a user of another agency: the roster's
    phone numbers never appear in full; the team's own agency sees them."""
    from tests.test_access import ROWS

    phone = "081-234-5678"  # the world's roster row
    pages = {}
    for actor in ("other_agency_user", "agency_user"):
        client.force_login(request.getfixturevalue(actor))
        pages[actor] = {}
        for name, method, args, _expected in ROWS:
            if method == "get" and name != "logout":
                response = client.get(reverse(name, args=[world[a] for a in args]))
                if response["Content-Type"].startswith("text/html"):
                    pages[actor][name] = response.content.decode()
    shown = [name for name, page in pages["other_agency_user"].items() if phone in page]
    assert not shown, f"a phone number shown in full on {shown}"
    assert "08x-xxx-xx78" in pages["other_agency_user"]["team-detail"]
    assert phone in pages["agency_user"]["team-detail"]


def test_the_roster_as_its_editor_makes_a_fixed_number_of_queries(
    login, km_officer, team, agency, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UserFactory

    def grow(rows):
        for n in range(rows):
            user = UserFactory(username=f"m{team.members.count()}-{n}", agency=agency)
            services.add_member(team, role=MemberRole.MEMBER, user=user)
            services.add_member(
                team, role=MemberRole.SECRETARY if n == 0 else MemberRole.MEMBER, first_name=f"ส{n}"
            )

    grow(1)
    client = login(km_officer)
    urls = [reverse("team-detail", args=[team.pk]), reverse("team-member-add", args=[team.pk])]
    small = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        small[url] = len(queries.captured_queries)
    grow(8)
    for url in urls:
        with django_assert_max_num_queries(small[url]):
            response = client.get(url)
        assert response.status_code == 200
    assert response.content.decode().count("<option") > 18  # the accounts to link grew too
