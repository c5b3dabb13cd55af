from django.urls import reverse
from django.utils import timezone

from core import fiscal
from core.models import FiscalYear
from tests.factories import FiscalYearFactory, IssueFactory, KpiFactory
from worksheets.models import Kpi, ScoringCriterion, StrategicIssue


def test_a_new_year_copies_issues_goals_kpis_and_criteria(
    login, km_officer, fiscal_year, agency, other_agency
):
    issue = IssueFactory(fiscal_year=fiscal_year, number=2, title="การท่องเที่ยว", goal="รายได้เพิ่มขึ้น")
    ScoringCriterion.objects.create(issue=issue, worksheet=2, text="เกณฑ์ของทีมเอง", order=6)
    KpiFactory(
        issue=issue, number=3, name="จำนวนนักท่องเที่ยว", weight=10, responsible=[agency], involved=[other_agency]
    )
    client = login(km_officer)
    response = client.post(reverse("year-create"), {"year": 2570, "copy_from": fiscal_year.pk})
    assert response.status_code == 302
    new = FiscalYear.objects.get(year=2570)
    copied = StrategicIssue.objects.get(fiscal_year=new)
    assert (copied.number, copied.title, copied.goal) == (2, "การท่องเที่ยว", "รายได้เพิ่มขึ้น")
    kpi = copied.kpis.get()
    assert (kpi.number, kpi.name, kpi.weight) == (3, "จำนวนนักท่องเที่ยว", 10)
    assert list(kpi.responsible_agencies.all()) == [agency]
    assert list(kpi.involved_agencies.all()) == [other_agency]
    assert list(copied.criteria.values_list("text", flat=True)) == list(
        issue.criteria.values_list("text", flat=True)
    )
    assert "เกณฑ์ของทีมเอง" in copied.criteria.values_list("text", flat=True)
    # The new year becomes the working year.
    assert "จำนวนนักท่องเที่ยว" in client.get(reverse("worksheet1")).content.decode()


def test_editing_the_copy_leaves_last_year_alone(login, km_officer, fiscal_year):
    KpiFactory(issue=IssueFactory(fiscal_year=fiscal_year, number=1), number=1, name="เดิม")
    client = login(km_officer)
    client.post(reverse("year-create"), {"year": 2570, "copy_from": fiscal_year.pk})
    new_kpi = Kpi.objects.get(issue__fiscal_year__year=2570)
    client.post(reverse("kpi-edit", args=[new_kpi.pk]), {"number": 1, "name": "ใหม่"})
    assert Kpi.objects.get(issue__fiscal_year=fiscal_year).name == "เดิม"
    assert Kpi.objects.get(issue__fiscal_year__year=2570).name == "ใหม่"


def test_a_new_year_can_start_empty(login, km_officer, fiscal_year):
    IssueFactory(fiscal_year=fiscal_year)
    login(km_officer).post(reverse("year-create"), {"year": 2570, "copy_from": ""})
    assert not StrategicIssue.objects.filter(fiscal_year__year=2570).exists()


def test_it_refuses_a_year_that_exists(login, km_officer, fiscal_year):
    response = login(km_officer).post(reverse("year-create"), {"year": 2569})
    assert response.status_code == 200
    assert "ปีงบประมาณ 2569" in response.content.decode()
    assert FiscalYear.objects.count() == 1


def test_the_form_suggests_the_year_after_the_latest(login, km_officer, fiscal_year):
    page = login(km_officer).get(reverse("year-create")).content.decode()
    assert 'value="2570"' in page


def test_the_year_list_shows_the_period_and_round_dates(login, km_officer, fiscal_year):
    page = login(km_officer).get(reverse("year-list")).content.decode()
    assert "1 ต.ค. 2568" in page and "30 ก.ย. 2569" in page
    assert "31 มี.ค. 2569" in page and "30 มิ.ย. 2569" in page


def test_the_current_fiscal_year_is_the_default(login, agency_user, province):
    current = fiscal.fiscal_year_of(timezone.localdate())
    FiscalYearFactory(province=province, year=current - 1)
    FiscalYearFactory(province=province, year=current)
    page = login(agency_user).get(reverse("home")).content.decode()
    assert f'<option value="{current}" selected>' in page


def test_the_switcher_changes_the_working_year_and_goes_back(login, agency_user, province):
    FiscalYearFactory(province=province, year=2568)
    FiscalYearFactory(province=province, year=2569)
    client = login(agency_user)
    response = client.post(reverse("year-select"), {"year": 2568, "next": reverse("worksheet1")})
    assert response["Location"] == reverse("worksheet1")
    assert '<option value="2568" selected>' in client.get(reverse("home")).content.decode()


def test_the_switcher_ignores_an_outside_next_address(login, agency_user, fiscal_year):
    response = login(agency_user).post(
        reverse("year-select"), {"year": 2569, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


def test_the_switcher_refuses_a_year_of_another_province(login, stranger, fiscal_year):
    assert login(stranger).post(reverse("year-select"), {"year": 2569}).status_code == 404
