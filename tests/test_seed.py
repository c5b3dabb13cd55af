from django.core.management import call_command
from django.urls import reverse

from core.models import Agency, District, FiscalYear, RoleAssignment, User
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
    WorkProcess, KnowledgeItem, KnowledgeHolder, KnowledgeScore, SufficiencyAnalysis,
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
    assert province_roles == {"km_team", "issue_team", "cko", "ceo"}


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
