"""Worksheet 5's roster is the one source of edit rights on its strategic issue's worksheets 2–4
(issue 8): a row linked to an account makes it an editor, removing or re-linking the row takes the
right away, the issue's history shows each change, the ``issue-team`` page starts the roster, and
the data migration put everyone who had the right on their issue's roster."""

import importlib
import re
from unittest import mock

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from teams import services
from teams.models import MemberRole, Team, TeamMember
from tests.factories import FiscalYearFactory, IssueFactory, KpiFactory, UserFactory
from tests.test_races import at_once, pausing, postgresql
from worksheets.access import is_issue_editor
from worksheets.models import KpiScore, StrategicIssue

MIGRATION = "0004_issue_members_on_rosters"


@pytest.fixture
def issue(fiscal_year, agency):
    issue = IssueFactory(
        fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตรมูลค่าสูง", goal="เกษตรกรมีรายได้เพิ่มขึ้น"
    )
    KpiFactory(issue=issue, number=1, name="ร้อยละของพื้นที่เกษตรปลอดภัย", responsible=[agency])
    return issue


@pytest.fixture
def somsri(other_agency):
    return UserFactory(username="somsri", first_name="สมศรี", agency=other_agency)


@pytest.fixture
def roster(issue):
    return services.start_roster(Team.Kind.ISSUE, issue.fiscal_year, issue=issue)


def _row(**fields) -> dict:
    """The roster's row form as a person fills it in."""
    return {"user": "", "title": "", "first_name": "", "last_name": "", "position": "", "agency": "",
            "role": "member", "km_function": "", "phone": "", "email": "", **fields}  # fmt: skip


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _scores(user, issue) -> int:
    """What ``user`` gets when scoring a cell of worksheet 2 (200 saved, 403 refused)."""
    criterion, kpi = issue.criteria.filter(worksheet=2).first(), issue.kpis.get()
    data = {"criterion": criterion.pk, "column": kpi.pk, "value": "5", "seen": ""}
    return _as(user).post(reverse("matrix-cell", args=[issue.pk, 2]), data).status_code


def _opens_the_sufficiency_form(user, issue) -> int:
    return _as(user).get(reverse("sufficiency-edit", args=[issue.pk])).status_code


def _add(client, team, **fields) -> TeamMember:
    response = client.post(reverse("team-member-add", args=[team.pk]), _row(**fields))
    assert response.status_code == 302, response.content.decode()[:2000]
    return team.members.order_by("-pk").first()


# --- Linking, removing and re-linking rows -------------------------------------------------------


def test_a_row_linked_to_an_account_makes_it_an_editor_of_worksheets_2_to_4(
    login, km_officer, issue_lead, issue, roster
):
    assert (_scores(issue_lead, issue), _opens_the_sufficiency_form(issue_lead, issue)) == (403, 403)
    assert not KpiScore.objects.exists()

    _add(login(km_officer), roster, user=issue_lead.pk)

    assert (_scores(issue_lead, issue), _opens_the_sufficiency_form(issue_lead, issue)) == (200, 200)
    assert KpiScore.objects.get().value == 5


def test_an_unlinked_row_grants_nothing(login, km_officer, issue_lead, issue, roster):
    _add(login(km_officer), roster, first_name=issue_lead.first_name, last_name=issue_lead.last_name)
    assert _scores(issue_lead, issue) == 403
    assert not issue.members.exists()


def test_removing_the_row_takes_the_right_away(login, km_officer, issue_lead, issue, roster):
    client = login(km_officer)
    row = _add(client, roster, user=issue_lead.pk)
    assert _opens_the_sufficiency_form(issue_lead, issue) == 200

    client.post(reverse("team-member-remove", args=[roster.pk, row.pk]))

    assert (_scores(issue_lead, issue), _opens_the_sufficiency_form(issue_lead, issue)) == (403, 403)
    assert not issue.members.filter(pk=issue_lead.pk).exists()


def test_re_linking_a_row_moves_the_right_and_unlinking_it_takes_it_away(
    login, km_officer, issue_lead, somsri, issue, roster
):
    client = login(km_officer)
    row = _add(client, roster, user=issue_lead.pk)

    client.post(reverse("team-member-edit", args=[roster.pk, row.pk]), _row(user=somsri.pk))
    assert _opens_the_sufficiency_form(issue_lead, issue) == 403
    assert _opens_the_sufficiency_form(somsri, issue) == 200

    client.post(reverse("team-member-edit", args=[roster.pk, row.pk]), _row(first_name="สมศรี"))
    assert _opens_the_sufficiency_form(somsri, issue) == 403
    assert TeamMember.objects.get(pk=row.pk).first_name == "สมศรี"
    assert not issue.members.exists()


def test_a_person_on_two_rows_keeps_the_right_until_both_go(login, km_officer, issue_lead, issue, roster):
    client = login(km_officer)
    head = _add(client, roster, user=issue_lead.pk, role="head")
    member = _add(client, roster, user=issue_lead.pk)

    client.post(reverse("team-member-remove", args=[roster.pk, member.pk]))
    assert _opens_the_sufficiency_form(issue_lead, issue) == 200

    client.post(reverse("team-member-remove", args=[roster.pk, head.pk]))
    assert _opens_the_sufficiency_form(issue_lead, issue) == 403


def test_a_change_of_the_row_that_keeps_its_account_keeps_the_right(
    login, km_officer, issue_lead, issue, roster
):
    client = login(km_officer)
    row = _add(client, roster, user=issue_lead.pk)
    client.post(
        reverse("team-member-edit", args=[roster.pk, row.pk]), _row(user=issue_lead.pk, role="deputy")
    )
    assert TeamMember.objects.get(pk=row.pk).role == MemberRole.DEPUTY
    assert _opens_the_sufficiency_form(issue_lead, issue) == 200


def test_another_kind_of_roster_grants_no_right_on_the_issue(fiscal_year, agency, issue_lead, issue):
    team = services.start_roster(Team.Kind.AGENCY, fiscal_year, agency=agency)
    services.add_member(team, role=MemberRole.MEMBER, user=issue_lead)
    assert not is_issue_editor(issue_lead, issue)


def test_the_history_page_shows_who_joined_and_left_the_team(login, km_officer, issue_lead, issue, roster):
    client = login(km_officer)
    row = _add(client, roster, user=issue_lead.pk)
    client.post(reverse("team-member-remove", args=[roster.pk, row.pk]))

    page = client.get(reverse("issue-history", args=[issue.pk])).content.decode()

    with translation.override("th"):
        reason = gettext("Changed on the roster of worksheet 5")
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)
    joined = [r for r in rows if f"– → {issue_lead}" in r]
    left = [r for r in rows if f"{issue_lead} → –" in r]
    assert len(joined) == len(left) == 1
    for change in (joined[0], left[0]):
        assert str(km_officer) in change and reason in change
    assert page.index(f"{issue_lead} → –") < page.index(f"– → {issue_lead}")  # newest first


# --- Starting the roster from the issue ----------------------------------------------------------


def test_an_editor_starts_the_roster_from_the_issue_and_nobody_loses_a_right(
    login, km_officer, issue_lead, issue, cko, ceo
):
    issue.members.add(issue_lead)  # on the team before the issue had a roster
    client = login(km_officer)
    page = client.get(reverse("issue-team", args=[issue.pk])).content.decode()
    with translation.override("th"):
        start = gettext("Start the roster of worksheet 5")
    assert start in page and "ยังไม่มีรายชื่อทีม" in page
    assert "การพัฒนาการเกษตรมูลค่าสูง" in page and "เกษตรกรมีรายได้เพิ่มขึ้น" in page and "2569" in page

    response = client.post(reverse("issue-team", args=[issue.pk]))

    team = Team.objects.get(issue=issue)
    assert response.status_code == 302 and response["Location"] == reverse("team-detail", args=[team.pk])
    assert [(m.role, m.user) for m in team.members.all()] == [
        ("ceo", ceo),
        ("cko", cko),
        ("member", issue_lead),
    ]
    assert set(issue.members.all()) == {ceo, cko, issue_lead}
    assert _opens_the_sufficiency_form(issue_lead, issue) == 200
    # From now on the issue's team page is its roster.
    again = client.get(reverse("issue-team", args=[issue.pk]))
    assert again.status_code == 302 and again["Location"] == reverse("team-detail", args=[team.pk])


def test_a_member_of_the_issues_team_may_start_it_too(login, issue_lead, issue):
    issue.members.add(issue_lead)
    assert login(issue_lead).post(reverse("issue-team", args=[issue.pk])).status_code == 302
    assert Team.objects.filter(issue=issue).exists()


def test_a_reader_sees_that_there_is_no_roster_yet_and_no_button(login, agency_user, issue):
    client = login(agency_user)
    response = client.get(reverse("issue-team", args=[issue.pk]))
    page = response.content.decode()
    with translation.override("th"):
        start = gettext("Start the roster of worksheet 5")
    assert response.status_code == 200 and "ยังไม่มีรายชื่อทีม" in page and "การพัฒนาการเกษตรมูลค่าสูง" in page
    assert start not in page and 'method="post" action="/issues/' not in page
    assert client.post(reverse("issue-team", args=[issue.pk])).status_code == 403
    assert not Team.objects.exists()


def test_another_provinces_user_gets_404(login, stranger, issue, roster):
    client = login(stranger)
    assert client.get(reverse("issue-team", args=[issue.pk])).status_code == 404
    assert client.post(reverse("issue-team", args=[issue.pk])).status_code == 404


def test_the_issue_page_and_the_teams_list_lead_to_the_issues_team(login, agency_user, issue, fiscal_year):
    other = IssueFactory(fiscal_year=fiscal_year, number=2)
    team = services.start_roster(Team.Kind.ISSUE, fiscal_year, issue=other)
    client = login(agency_user)
    detail = client.get(reverse("issue-detail", args=[issue.pk])).content.decode()
    assert f'href="{reverse("issue-team", args=[issue.pk])}"' in detail
    teams = client.get(reverse("team-list")).content.decode()
    assert f'href="{reverse("issue-team", args=[issue.pk])}"' in teams  # no roster yet
    assert f'href="{reverse("team-detail", args=[team.pk])}"' in teams
    assert f'href="{reverse("issue-team", args=[other.pk])}"' not in teams


def test_starting_twice_leads_to_the_one_roster(login, km_officer, issue):
    client = login(km_officer)
    first = client.post(reverse("issue-team", args=[issue.pk]))
    second = client.post(reverse("issue-team", args=[issue.pk]))
    team = Team.objects.get(issue=issue)
    assert first["Location"] == second["Location"] == reverse("team-detail", args=[team.pk])


def test_a_start_that_loses_the_race_opens_the_roster_the_other_started(login, km_officer, issue):
    """The page saw no roster, but another person's start landed before this one: no 500."""
    real = services.start_roster

    def other_person_first(kind, fiscal_year, **fields):
        real(kind, fiscal_year, **fields)
        return real(kind, fiscal_year, **fields)

    with mock.patch.object(services, "start_roster", side_effect=other_person_first):
        response = login(km_officer).post(reverse("issue-team", args=[issue.pk]))
    team = Team.objects.get(issue=issue)
    assert response.status_code == 302 and response["Location"] == reverse("team-detail", args=[team.pk])


@postgresql
@pytest.mark.django_db(transaction=True)
def test_two_people_start_the_roster_at_once(km_officer, issue_lead, issue):
    issue.members.add(issue_lead)
    clients = [_as(km_officer), _as(issue_lead)]
    url = reverse("issue-team", args=[issue.pk])
    with mock.patch.object(Team, "full_clean", pausing(Team.full_clean)):
        results = at_once(*[(lambda client=client: client.post(url)) for client in clients])
    assert [getattr(r, "status_code", r) for r in results] == [302, 302]
    team = Team.objects.get(issue=issue)
    assert {r["Location"] for r in results} == {reverse("team-detail", args=[team.pk])}
    assert list(team.members.values_list("user", flat=True)) == [issue_lead.pk]


def test_a_finalised_issues_editors_keep_its_roster_but_not_its_worksheets(
    login, km_officer, issue_lead, somsri, issue
):
    issue.members.add(issue_lead)
    StrategicIssue.objects.filter(pk=issue.pk).update(finalised_at=timezone.now())
    client = login(issue_lead)
    assert client.post(reverse("issue-team", args=[issue.pk])).status_code == 302
    team = Team.objects.get(issue=issue)
    _add(client, team, user=somsri.pk)
    assert set(issue.members.all()) == {issue_lead, somsri}
    assert _scores(somsri, issue) == 403  # finalised: nobody changes the worksheets
    StrategicIssue.objects.filter(pk=issue.pk).update(finalised_at=None)  # reopened
    assert _scores(somsri, issue) == 200


def test_a_roster_copied_into_a_new_year_makes_its_accounts_editors_there(
    issue_lead, somsri, issue, roster, province
):
    services.add_member(roster, role=MemberRole.MEMBER, user=issue_lead)
    next_year = FiscalYearFactory(province=province, year=2570)
    new_issue = IssueFactory(fiscal_year=next_year, number=issue.number)
    KpiFactory(issue=new_issue, number=1)
    services.copy_rosters(issue.fiscal_year, next_year)
    assert set(new_issue.members.all()) == {issue_lead}
    assert _opens_the_sufficiency_form(issue_lead, new_issue) == 200
    assert _opens_the_sufficiency_form(somsri, new_issue) == 403


# --- The data migration --------------------------------------------------------------------------


def _run_the_migration() -> None:
    """The migration's function, with the models as they were when it ran."""
    module = importlib.import_module(f"teams.migrations.{MIGRATION}")
    state = MigrationExecutor(connection).loader.project_state(("teams", MIGRATION), at_end=False)
    module.put_members_on_rosters(state.apps, None)


def test_the_migration_puts_todays_members_on_their_issues_roster(
    km_officer, issue_lead, somsri, issue, fiscal_year
):
    # In Thai order เกศินี (ก) comes before สมชาย (issue.lead) and สมศรี, though it is written with เ first.
    kesini = UserFactory(first_name="เกศินี")
    issue.members.add(issue_lead, somsri, kesini)
    second = IssueFactory(fiscal_year=fiscal_year, number=2)
    second.members.add(issue_lead)
    # Issue 2 has a roster made before rosters granted rights: one KM Team row, and an account
    # linked on it that is not on the issue's list.
    team2 = Team.objects.create(kind=Team.Kind.ISSUE, fiscal_year=fiscal_year, issue=second)
    linked_earlier = UserFactory()
    TeamMember.objects.create(team=team2, role="member", order=1, first_name="ผู้ร่วมทีม")
    TeamMember.objects.create(team=team2, role="head", order=1, user=linked_earlier)
    nobody = IssueFactory(fiscal_year=fiscal_year, number=3)

    _run_the_migration()

    team = Team.objects.get(issue=issue)
    assert team.kind == Team.Kind.ISSUE and team.fiscal_year == fiscal_year
    rows = [(m.role, m.order, m.user) for m in team.members.all()]
    assert rows == [("member", 1, kesini), ("member", 2, issue_lead), ("member", 3, somsri)]
    rows2 = [(m.role, m.order, m.user_id) for m in team2.members.all()]
    assert rows2 == [("head", 1, linked_earlier.pk), ("member", 1, None), ("member", 2, issue_lead.pk)]
    assert set(second.members.all()) == {issue_lead, linked_earlier}
    assert not Team.objects.filter(issue=nobody).exists()
    # Still editors, and the next change of the roster keeps them: they are on it.
    for user in (issue_lead, somsri, kesini):
        assert is_issue_editor(user, issue)
    services.add_member(team, role=MemberRole.SECRETARY, first_name="สมหญิง")
    assert _opens_the_sufficiency_form(issue_lead, issue) == 200
    assert set(issue.members.all()) == {issue_lead, somsri, kesini}
    # The roster's history has the rows it was given; running it again changes nothing.
    assert team.history.filter(history_type="+").count() == 1
    assert TeamMember.history.filter(team_id=team.pk, history_type="+").count() == 4
    _run_the_migration()
    assert team.members.count() == 4 and team2.members.count() == 3


def test_the_migration_reverses_as_a_no_op():
    module = importlib.import_module(f"teams.migrations.{MIGRATION}")
    operation = module.Migration.operations[0]
    assert operation.reversible and operation.reverse_code.__name__ == "noop"
