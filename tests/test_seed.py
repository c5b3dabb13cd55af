from django.core.management import call_command
from django.urls import reverse

from core.models import Agency, District, FiscalYear, RoleAssignment, User
from teams.models import Team, TeamMember
from worksheets import lifecycle
from worksheets import matrix as scoring
from worksheets.models import (
    KnowledgeHolder,
    KnowledgeItem,
    KnowledgeScore,
    Kpi,
    KpiScore,
    ScoringCriterion,
    StrategicIssue,
    SufficiencyAnalysis,
    WorkProcess,
)

MODELS = (
    Agency, District, FiscalYear, RoleAssignment, User, StrategicIssue, Kpi, ScoringCriterion, KpiScore,
    WorkProcess, KnowledgeItem, KnowledgeHolder, KnowledgeScore, SufficiencyAnalysis, Team, TeamMember,
)  # fmt: skip


def snapshot():
    return {model.__name__: sorted(map(str, model.objects.values_list())) for model in MODELS}


def test_seeding_twice_changes_nothing(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    first = snapshot()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert snapshot() == first


def test_it_loads_kalasin_with_its_18_districts_and_two_fiscal_years(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert District.objects.count() == 18
    assert District.objects.get(code="4601").name == "เมืองกาฬสินธุ์"
    assert District.objects.get(code="4618").name == "ฆ้องชัย"
    assert set(FiscalYear.objects.values_list("year", flat=True)) == {2569, 2570}
    assert (
        StrategicIssue.objects.filter(fiscal_year__year=2570).count()
        == StrategicIssue.objects.filter(fiscal_year__year=2569).count()
    )
    assert not Kpi.objects.filter(responsible_agencies=None).exists()


def test_every_demo_account_logs_in_and_sees_its_home(client, db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    usernames = [
        "km.officer", "issue.lead", "province.cko", "governor", "agri.team", "agri.pm",
        "agri.cko", "agri.head", "health.team", "health.cko", "health.head",
    ]  # fmt: skip
    assert set(User.objects.values_list("username", flat=True)) == set(usernames)
    for username in usernames:
        assert client.login(username=username, password="kalasin-demo"), username
        assert client.get(reverse("home")).status_code == 200
        client.logout()


def test_each_agency_of_the_demo_has_its_own_cko_and_head(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    for name in ("สำนักงานเกษตรจังหวัดกาฬสินธุ์", "สำนักงานสาธารณสุขจังหวัดกาฬสินธุ์"):
        roles = set(RoleAssignment.objects.filter(agency__name=name).values_list("role", flat=True))
        assert {"cko", "ceo", "agency_team", "coordinator"} <= roles
    province_roles = set(RoleAssignment.objects.filter(agency=None).values_list("role", flat=True))
    assert province_roles == {"km_team", "cko", "ceo"}


def test_a_newcomer_finds_finished_worksheets_2_and_4_in_the_current_year(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    finished = []
    for issue in StrategicIssue.objects.filter(fiscal_year__year=2570):
        kpis, knowledge = scoring.load(issue, scoring.KPI), scoring.load(issue, scoring.KNOWLEDGE)
        if kpis.complete and knowledge.complete:
            assert any(c.obj.chosen for c in kpis.columns) and any(c.obj.chosen for c in knowledge.columns)
            finished.append(issue.number)
    assert len(finished) >= 2
    assert StrategicIssue.objects.filter(
        fiscal_year__year=2570, number=1, finalised_at__isnull=False
    ).exists()


def test_every_finalised_demo_issue_could_have_been_finalised_in_the_app(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    finalised = StrategicIssue.objects.filter(finalised_at__isnull=False)
    assert finalised.count() >= 3
    for issue in finalised:
        assert lifecycle.problems_before_finalising(issue) == [], issue


def test_it_loads_full_rosters_of_every_kind_of_km_team(client, db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    year = FiscalYear.objects.get(year=2570)
    teams = Team.objects.filter(fiscal_year=year)
    assert teams.get(kind=Team.Kind.PROVINCE).members.count() >= 7
    issue_teams = teams.filter(kind=Team.Kind.ISSUE).select_related("issue")
    assert sorted(team.issue.number for team in issue_teams) == [1, 2]
    agency_teams = teams.filter(kind=Team.Kind.AGENCY)
    assert agency_teams.count() >= 3 and agency_teams.exclude(knowledge=None).exists()
    # The issue lead's rights on worksheets 2–4 of issue 1 come from its place on the roster.
    lead = User.objects.get(username="issue.lead")
    issue_1 = issue_teams.get(issue__number=1).issue
    assert issue_1.teams.get().members.filter(user=lead).exists()
    assert issue_1.members.filter(pk=lead.pk).exists()
    assert not lead.role_assignments.exists()
    for team in issue_teams:  # the editors are exactly the accounts linked on the roster
        linked = set(team.members.exclude(user=None).values_list("user", flat=True))
        assert set(team.issue.members.values_list("pk", flat=True)) == linked
    # Each roster's page shows, for a member of the team, every row in the seed's order of roles.
    client.login(username="agri.team", password="kalasin-demo")
    for team in teams:
        page = client.get(reverse("team-detail", args=[team.pk])).content.decode()
        assert page.count('id="member-') == team.members.count()
