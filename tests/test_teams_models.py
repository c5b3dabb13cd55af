"""KM teams' data layer (issue 8, worksheets 5 and 6): the rules the database keeps, the services
that write rosters, and who sees contact data and who edits a team."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation

from core.models import Role
from core.validators import validate_thai_phone
from teams import services
from teams.access import (
    can_edit_team,
    can_see_contact,
    get_editable_team_for_user,
    get_team_for_user,
    masked,
)
from teams.models import MemberRole, Team, TeamMember
from tests.factories import (
    AgencyFactory,
    FiscalYearFactory,
    IssueFactory,
    KpiFactory,
    ProvinceFactory,
    UserFactory,
)
from tests.test_races import at_once, pausing, postgresql
from worksheets.models import KnowledgeItem, StrategicIssue, WorkProcess

Kind = Team.Kind


@pytest.fixture
def issue(fiscal_year, agency):
    return IssueFactory(fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตรมูลค่าสูง")


def knowledge(issue, *, responsible=(), involved=(), finalised=True, chosen=True, name="เทคนิคการตรวจแปลง"):
    """A knowledge item of worksheet 3 naming the agencies given, chosen in worksheet 4."""
    kpi = KpiFactory(issue=issue, chosen=True)
    process = WorkProcess.objects.create(kpi=kpi, order=1, name="การตรวจรับรองแปลง GAP")
    item = KnowledgeItem.objects.create(process=process, order=1, name=name, kind="tacit", chosen=chosen)
    item.responsible_agencies.set(responsible)
    item.involved_agencies.set(involved)
    if finalised:
        StrategicIssue.objects.filter(pk=issue.pk).update(finalised_at="2026-01-15T09:00:00+07:00")
    return item


def roster(team):
    return [(m.role, m.full_name) for m in team.members.select_related("user")]


# --- Database rules --------------------------------------------------------------------------


def test_a_team_has_at_most_one_ceo_cko_and_head_in_the_database(fiscal_year):
    team = Team.objects.create(kind=Kind.PROVINCE, fiscal_year=fiscal_year)
    for role in (MemberRole.CEO, MemberRole.CKO, MemberRole.HEAD):
        TeamMember.objects.create(team=team, role=role, order=1, first_name="สมชาย")
        with pytest.raises(IntegrityError), transaction.atomic():
            TeamMember.objects.create(team=team, role=role, order=2, first_name="สมหญิง")
    # Deputies, members and secretaries may be several.
    for order in (1, 2):
        TeamMember.objects.create(team=team, role=MemberRole.DEPUTY, order=order, first_name="สมศักดิ์")
    assert team.members.count() == 5


def test_each_role_numbers_its_rows_once(fiscal_year):
    team = Team.objects.create(kind=Kind.PROVINCE, fiscal_year=fiscal_year)
    TeamMember.objects.create(team=team, role=MemberRole.MEMBER, order=1, first_name="ก")
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMember.objects.create(team=team, role=MemberRole.MEMBER, order=1, first_name="ข")


def test_an_unlinked_row_needs_a_name(fiscal_year, agency_user):
    team = Team.objects.create(kind=Kind.PROVINCE, fiscal_year=fiscal_year)
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMember.objects.create(team=team, role=MemberRole.MEMBER, order=1)
    TeamMember.objects.create(team=team, role=MemberRole.MEMBER, order=1, user=agency_user)


@pytest.mark.parametrize(
    "kind, links",
    [
        (Kind.PROVINCE, {"issue"}),
        (Kind.PROVINCE, {"agency"}),
        (Kind.ISSUE, set()),
        (Kind.ISSUE, {"issue", "agency"}),
        (Kind.AGENCY, set()),
        (Kind.AGENCY, {"agency", "issue"}),
    ],
)
def test_the_kind_of_team_matches_its_links(kind, links, fiscal_year, issue, agency):
    values = {"issue": issue, "agency": agency}
    with pytest.raises(IntegrityError), transaction.atomic():
        Team.objects.create(kind=kind, fiscal_year=fiscal_year, **{name: values[name] for name in links})


def test_only_an_agency_team_has_knowledge(fiscal_year, issue, agency):
    item = knowledge(issue, responsible=[agency])
    with pytest.raises(IntegrityError), transaction.atomic():
        Team.objects.create(kind=Kind.ISSUE, fiscal_year=fiscal_year, issue=issue, knowledge=item)


def test_one_team_per_year_issue_and_agency_knowledge(fiscal_year, issue, agency):
    item = knowledge(issue, responsible=[agency])
    made = [
        {"kind": Kind.PROVINCE},
        {"kind": Kind.ISSUE, "issue": issue},
        {"kind": Kind.AGENCY, "agency": agency, "knowledge": item},
    ]
    for fields in made:
        Team.objects.create(fiscal_year=fiscal_year, **fields)
    for fields in made:
        with pytest.raises(IntegrityError), transaction.atomic():
            Team.objects.create(fiscal_year=fiscal_year, **fields)
    # Another year has its own provincial team.
    next_year = FiscalYearFactory(province=fiscal_year.province, year=2570)
    Team.objects.create(kind=Kind.PROVINCE, fiscal_year=next_year)


# --- Starting a roster -----------------------------------------------------------------------


def test_a_provincial_or_issue_roster_starts_with_the_provinces_ceo_and_cko(
    fiscal_year, issue, ceo, cko, agency_ceo, agency_cko
):
    for team in (
        services.start_roster(Kind.PROVINCE, fiscal_year),
        services.start_roster(Kind.ISSUE, fiscal_year, issue=issue),
    ):
        assert [(m.role, m.user) for m in team.members.all()] == [
            (MemberRole.CEO, ceo),
            (MemberRole.CKO, cko),
        ]


def test_an_agency_roster_starts_with_the_agencys_ceo_and_cko(
    fiscal_year, agency, ceo, cko, agency_ceo, agency_cko
):
    team = services.start_roster(Kind.AGENCY, fiscal_year, agency=agency)
    assert [(m.role, m.user) for m in team.members.all()] == [
        (MemberRole.CEO, agency_ceo),
        (MemberRole.CKO, agency_cko),
    ]


def test_a_role_nobody_holds_is_left_for_the_team(fiscal_year, other_agency, agency_ceo, cko):
    team = services.start_roster(Kind.AGENCY, fiscal_year, agency=other_agency)
    assert not team.members.exists()
    team = services.start_roster(Kind.PROVINCE, fiscal_year)
    assert [m.user for m in team.members.all()] == [cko]


def test_a_second_team_is_refused_in_the_users_language(fiscal_year, issue):
    services.start_roster(Kind.ISSUE, fiscal_year, issue=issue)
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            services.start_roster(Kind.ISSUE, fiscal_year, issue=issue)
        assert "This strategic issue already has a KM team." in str(refused.value)


def test_an_issue_of_another_year_or_agency_of_another_province_is_refused(fiscal_year, issue, stranger):
    next_year = FiscalYearFactory(province=fiscal_year.province, year=2570)
    with pytest.raises(ValidationError):
        services.start_roster(Kind.ISSUE, next_year, issue=issue)
    with pytest.raises(ValidationError):
        services.start_roster(Kind.AGENCY, fiscal_year, agency=stranger.agency)
    assert not Team.objects.exists()


def test_an_agency_team_takes_only_knowledge_that_worksheet_3_names_it_for(
    fiscal_year, issue, agency, other_agency
):
    responsible = knowledge(issue, responsible=[agency], name="ก")
    involved = knowledge(issue, involved=[agency], name="ข")
    elsewhere = knowledge(issue, responsible=[other_agency], name="ค")
    not_chosen = knowledge(issue, responsible=[agency], chosen=False, name="ง")
    for item in (elsewhere, not_chosen):
        with pytest.raises(ValidationError):
            services.start_roster(Kind.AGENCY, fiscal_year, agency=agency, knowledge=item)
    assert (
        services.start_roster(Kind.AGENCY, fiscal_year, agency=agency, knowledge=responsible).knowledge
        == responsible
    )
    team = services.start_roster(Kind.AGENCY, fiscal_year, agency=agency)
    with pytest.raises(ValidationError):
        services.set_knowledge(team, elsewhere)
    assert services.set_knowledge(team, involved).knowledge == involved


def test_knowledge_of_an_issue_not_yet_finalised_is_refused(fiscal_year, issue, agency):
    item = knowledge(issue, responsible=[agency], finalised=False)
    with pytest.raises(ValidationError):
        services.start_roster(Kind.AGENCY, fiscal_year, agency=agency, knowledge=item)
    team = services.start_roster(Kind.AGENCY, fiscal_year, agency=agency)
    assert team.knowledge is None


def test_one_roster_waiting_for_its_knowledge_per_agency_and_year(fiscal_year, issue, agency):
    services.start_roster(Kind.AGENCY, fiscal_year, agency=agency)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.start_roster(Kind.AGENCY, fiscal_year, agency=agency)
    assert "already has a KM team whose knowledge is not chosen yet" in str(refused.value)
    next_year = FiscalYearFactory(province=fiscal_year.province, year=2570)
    assert services.start_roster(Kind.AGENCY, next_year, agency=agency).knowledge is None


def test_a_knowledge_item_deleted_from_worksheet_3_leaves_its_roster_waiting(fiscal_year, issue, agency):
    """The roster and its people stay; the agency names the knowledge again (no error, even when
    the agency already has a roster waiting for its knowledge)."""
    item = knowledge(issue, responsible=[agency])
    named = services.start_roster(Kind.AGENCY, fiscal_year, agency=agency, knowledge=item)
    services.add_member(named, role=MemberRole.MEMBER, first_name="สมศรี")
    services.start_roster(Kind.AGENCY, fiscal_year, agency=agency)
    item.delete()
    named.refresh_from_db()
    assert named.knowledge is None and [m.first_name for m in named.members.all()] == ["สมศรี"]


def test_knowledge_is_required_once_every_issue_of_the_year_is_finalised(fiscal_year, issue, agency):
    assert not services.knowledge_required(fiscal_year)
    knowledge(issue, responsible=[agency])  # finalises the issue
    assert services.knowledge_required(fiscal_year)
    IssueFactory(fiscal_year=fiscal_year, number=2)
    assert not services.knowledge_required(fiscal_year)


# --- Rows of a roster ------------------------------------------------------------------------


@pytest.fixture
def team(fiscal_year, agency):
    return services.start_roster(Kind.AGENCY, fiscal_year, agency=agency)


def test_a_roster_is_shown_in_the_seeds_order_of_roles_then_in_order(team):
    for role, name in [
        (MemberRole.ASSISTANT_SECRETARY, "ผช1"),
        (MemberRole.MEMBER, "ทีม1"),
        (MemberRole.SECRETARY, "เลขา"),
        (MemberRole.MEMBER, "ทีม2"),
        (MemberRole.DEPUTY, "รอง"),
        (MemberRole.HEAD, "หัวหน้า"),
        (MemberRole.CKO, "ซีเคโอ"),
        (MemberRole.CEO, "ซีอีโอ"),
        (MemberRole.ASSISTANT_SECRETARY, "ผช2"),
    ]:
        services.add_member(team, role=role, first_name=name)
    assert [name for _role, name in roster(team)] == [
        "ซีอีโอ", "ซีเคโอ", "หัวหน้า", "รอง", "ทีม1", "ทีม2", "เลขา", "ผช1", "ผช2",
    ]  # fmt: skip
    assert list(team.members.filter(role=MemberRole.MEMBER).values_list("order", flat=True)) == [1, 2]


def test_a_second_ceo_cko_or_head_is_refused_in_the_users_language(team):
    services.add_member(team, role=MemberRole.HEAD, first_name="สมชาย")
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            services.add_member(team, role=MemberRole.HEAD, first_name="สมหญิง")
        assert "A team has at most one CEO, one CKO and one team head." in str(refused.value)
    member = services.add_member(team, role=MemberRole.MEMBER, first_name="สมศรี")
    with pytest.raises(ValidationError):
        services.change_member(member, role=MemberRole.HEAD)
    assert team.members.filter(role=MemberRole.HEAD).count() == 1


def test_a_row_given_another_role_goes_last_in_it(team):
    services.add_member(team, role=MemberRole.MEMBER, first_name="ก")
    moved = services.add_member(team, role=MemberRole.SECRETARY, first_name="ข")
    services.change_member(moved, role=MemberRole.MEMBER)
    assert [(m.first_name, m.order) for m in team.members.filter(role=MemberRole.MEMBER)] == [
        ("ก", 1),
        ("ข", 2),
    ]


def test_reordering_moves_a_person_within_their_role_only(team):
    first = services.add_member(team, role=MemberRole.MEMBER, first_name="ก")
    second = services.add_member(team, role=MemberRole.MEMBER, first_name="ข")
    secretary = services.add_member(team, role=MemberRole.SECRETARY, first_name="ค")
    assert services.move_member(second, up=True)
    assert [n for r, n in roster(team) if r == MemberRole.MEMBER] == ["ข", "ก"]
    assert not services.move_member(second, up=True)  # already first of the KM Team rows
    assert not services.move_member(secretary, up=True)  # never above the KM Team rows
    assert not services.move_member(first, up=False)
    assert services.move_member(first, up=True)
    assert [n for r, n in roster(team) if r in (MemberRole.MEMBER, MemberRole.SECRETARY)] == ["ก", "ข", "ค"]
    # Each move is one history row per person, not a parking step.
    assert first.history.count() == 3  # added, moved down, moved up


def test_removing_a_person_erases_their_contact_data_and_keeps_their_name_in_history(team):
    member = services.add_member(
        team, role=MemberRole.MEMBER, title="นาย", first_name="สมชาย", last_name="ใจดี",
        phone="081-234-5678", email="somchai@example.org",
    )  # fmt: skip
    services.change_member(member, phone="0812345679")
    pk = member.pk
    services.remove_member(member)
    assert not TeamMember.objects.filter(pk=pk).exists()
    history = TeamMember.history.model
    assert not {"phone", "email"} & {field.name for field in history._meta.fields}
    rows = list(history.objects.filter(id=pk).values())
    assert [row["history_type"] for row in rows] == ["-", "~", "~", "+"]  # removed, erased, changed, added
    assert {row["first_name"] for row in rows} == {"สมชาย"} and {row["role"] for row in rows} == {"member"}
    stored = " ".join(str(value) for row in rows for value in row.values())
    assert "5678" not in stored and "567" not in stored and "somchai@" not in stored


def test_a_linked_row_shows_the_accounts_data(team, agency_user):
    agency_user.position = "นักวิชาการเกษตรชำนาญการ"
    agency_user.phone = "043-811-234"
    agency_user.save()
    member = services.add_member(
        team, role=MemberRole.MEMBER, user=agency_user, title="นาย", first_name="ชื่อเก่า",
        position="ตำแหน่งเก่า", phone="081-111-1111", email="old@example.org",
    )  # fmt: skip
    assert member.full_name == f"นาย{agency_user.first_name} {agency_user.last_name}"
    assert member.shown_position == "นักวิชาการเกษตรชำนาญการ"
    assert member.shown_phone == "043-811-234"
    assert member.shown_email == agency_user.email
    assert member.shown_agency_id == agency_user.agency_id
    # One copy of personal data: the row keeps none of the account's (the title is the row's own).
    member.refresh_from_db()
    assert (member.title, member.first_name, member.position, member.phone, member.email) == (
        "นาย",
        "",
        "",
        "",
        "",
    )
    unlinked = services.add_member(
        team, role=MemberRole.MEMBER, first_name="สมศรี", last_name="มีสุข", phone="0899999999"
    )
    assert (unlinked.full_name, unlinked.shown_phone) == ("สมศรี มีสุข", "0899999999")


def test_a_bad_phone_or_email_is_refused(team):
    with pytest.raises(ValidationError) as refused:
        services.add_member(team, role=MemberRole.MEMBER, first_name="ก", phone="12345", email="not-an-email")
    assert set(refused.value.message_dict) == {"phone", "email"}


@pytest.mark.parametrize(
    "phone",
    [
        "081-234-5678",
        "0812345678",
        "081 234 5678",
        "06-1234-5678",
        "091-234-5678",
        "043-811-234",
        "043811234",
        "02-123-4567",
        "043-811-234 ต่อ 12",
        "043811234ต่อ1234",
    ],
)
def test_the_phone_validator_takes_thai_numbers(phone):
    validate_thai_phone(phone)


@pytest.mark.parametrize(
    "phone",
    [
        "12345",
        "081-234-567",  # a digit short
        "081-234-56789",  # a digit long
        "071-234-5678",  # 07 is a landline area: one digit too many
        "01-234-5678",
        "+66 81 234 5678",
        "081-234-5678 ext 12",
        "โทร 081-234-5678",
        "043-811-234 ต่อ",
    ],
)
def test_the_phone_validator_refuses_anything_else(phone):
    with pytest.raises(ValidationError):
        validate_thai_phone(phone)


# --- Who sees contact data -------------------------------------------------------------------


def test_contact_data_of_an_agency_team(
    team, agency_user, coordinator, km_officer, cko, other_agency_user, stranger
):
    outsider_on_team = UserFactory(agency=other_agency_user.agency)
    member = services.add_member(team, role=MemberRole.MEMBER, first_name="ก", phone="0812345678")
    services.add_member(team, role=MemberRole.MEMBER, user=outsider_on_team)
    member = TeamMember.objects.get(pk=member.pk)
    seen = {user.username: can_see_contact(user, member) for user in
            (agency_user, coordinator, km_officer, cko, outsider_on_team, other_agency_user, stranger)}  # fmt: skip
    assert seen == {
        agency_user.username: True,  # the agency's own users
        coordinator.username: True,
        km_officer.username: True,  # province-level roles
        cko.username: True,
        outsider_on_team.username: True,  # a member of the same team
        other_agency_user.username: False,
        stranger.username: False,  # another province, even its KM team
    }


def test_contact_data_on_an_issue_team_follows_the_members_agency(
    fiscal_year, issue, agency, other_agency, agency_user, other_agency_user, km_officer
):
    team = services.start_roster(Kind.ISSUE, fiscal_year, issue=issue)
    by_row = services.add_member(team, role=MemberRole.MEMBER, first_name="ก", agency=other_agency)
    by_account = services.add_member(team, role=MemberRole.MEMBER, user=UserFactory(agency=agency))
    assert can_see_contact(other_agency_user, by_row) and not can_see_contact(agency_user, by_row)
    assert can_see_contact(agency_user, by_account) and not can_see_contact(other_agency_user, by_account)
    assert can_see_contact(km_officer, by_row)  # province-level role


def test_masked_contact_data():
    assert masked("081-234-5678") == "08x-xxx-xx78"
    assert masked("0812345678") == "08xxxxxx78"
    assert masked("043-811-234 ต่อ 12") == "04x-xxx-x34"
    assert masked("somchai@example.org") == "s•••@example.org"
    assert masked("12") == "•••"
    assert masked("") == ""


# --- Who edits a team ------------------------------------------------------------------------


def test_who_edits_each_kind_of_team(
    fiscal_year, issue, agency, other_agency, km_officer, issue_lead, agency_user, coordinator,
    agency_cko, agency_ceo, cko, ceo, other_agency_user, stranger,
):  # fmt: skip
    province_team = services.start_roster(Kind.PROVINCE, fiscal_year)
    issue_team = services.start_roster(Kind.ISSUE, fiscal_year, issue=issue)
    agency_team = services.start_roster(Kind.AGENCY, fiscal_year, agency=agency)
    services.add_member(issue_team, role=MemberRole.MEMBER, user=issue_lead)
    project_manager = UserFactory(agency=agency, roles=[(Role.PROJECT_MANAGER, agency)])
    people = [km_officer, issue_lead, agency_user, coordinator, project_manager, agency_cko, agency_ceo,
              cko, ceo, other_agency_user, stranger]  # fmt: skip
    editors = {
        team.kind: {user.username for user in people if can_edit_team(user, team)}
        for team in (province_team, issue_team, agency_team)
    }
    assert editors == {
        Kind.PROVINCE: {km_officer.username},
        # The roster's linked rows: issue.lead, and the province's CEO and CKO it started with.
        Kind.ISSUE: {km_officer.username, issue_lead.username, cko.username, ceo.username},
        Kind.AGENCY: {km_officer.username, agency_user.username, coordinator.username},
    }
    # Finalised or not, the issue's editors keep the worksheet-5 roster.
    StrategicIssue.objects.filter(pk=issue.pk).update(finalised_at="2026-01-15T09:00:00+07:00")
    issue_team.issue.refresh_from_db()
    assert can_edit_team(issue_lead, issue_team)


def test_a_team_of_another_province_is_404_and_a_read_only_one_403(
    team, agency_user, other_agency_user, stranger
):
    def request_of(user):
        request = RequestFactory().get("/")
        request.user = user
        return request

    assert get_team_for_user(request_of(other_agency_user), team.pk) == team
    assert get_editable_team_for_user(request_of(agency_user), team.pk) == team
    with pytest.raises(PermissionDenied):
        get_editable_team_for_user(request_of(other_agency_user), team.pk)
    for helper in (get_team_for_user, get_editable_team_for_user):
        with pytest.raises(Http404):
            helper(request_of(stranger), team.pk)


def test_another_provinces_agency_user_never_sees_contact_data(team):
    elsewhere = AgencyFactory(province=ProvinceFactory(name="ขอนแก่น"), name="สำนักงานเกษตรจังหวัดขอนแก่น")
    member = services.add_member(team, role=MemberRole.MEMBER, first_name="ก", phone="0812345678")
    assert not can_see_contact(UserFactory(agency=elsewhere, roles=[(Role.CKO, None)]), member)


@postgresql
@pytest.mark.django_db(transaction=True)
def test_two_people_add_to_a_role_at_once_and_both_rows_are_numbered(fiscal_year, agency):
    team = services.start_roster(Kind.AGENCY, fiscal_year, agency=agency)
    with mock.patch.object(TeamMember, "save", pausing(TeamMember.save)):
        results = at_once(
            lambda: services.add_member(team, role=MemberRole.MEMBER, first_name="ก"),
            lambda: services.add_member(team, role=MemberRole.MEMBER, first_name="ข"),
        )
    assert all(isinstance(result, TeamMember) for result in results), results
    assert sorted(team.members.values_list("order", flat=True)) == [1, 2]


@postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", [Kind.PROVINCE, Kind.AGENCY])
def test_two_people_start_the_same_roster_at_once_and_one_is_told_it_exists(kind, fiscal_year, agency):
    """A double click or two colleagues: one roster, and the other gets a Thai message, not a 500
    (the blank-knowledge roster of an agency has no database constraint to catch it)."""
    fields = {"agency": agency} if kind == Kind.AGENCY else {}
    with mock.patch.object(Team, "full_clean", pausing(Team.full_clean)):
        results = at_once(
            lambda: services.start_roster(kind, fiscal_year, **fields),
            lambda: services.start_roster(kind, fiscal_year, **fields),
        )
    assert sorted(type(result).__name__ for result in results) == ["Team", "ValidationError"], results
    assert Team.objects.filter(kind=kind).count() == 1


def test_clearing_a_rosters_knowledge_keeps_one_waiting_roster_per_agency(fiscal_year, issue, agency):
    item = knowledge(issue, responsible=[agency])
    IssueFactory(fiscal_year=fiscal_year, number=2)  # a worksheet 4 still open: blank is allowed
    named = services.start_roster(Kind.AGENCY, fiscal_year, agency=agency, knowledge=item)
    services.start_roster(Kind.AGENCY, fiscal_year, agency=agency)
    with pytest.raises(ValidationError):
        services.set_knowledge(named, None)
    named.refresh_from_db()
    assert named.knowledge == item
