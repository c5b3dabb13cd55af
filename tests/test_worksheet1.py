import pytest
from django.urls import reverse

from tests.factories import IssueFactory, KpiFactory
from worksheets.models import Kpi


def test_it_shows_issues_goals_kpis_and_agencies(login, km_officer, fiscal_year, agency, other_agency):
    issue = IssueFactory(
        fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตรมูลค่าสูง", goal="เกษตรกรมีรายได้เพิ่มขึ้น"
    )
    KpiFactory(
        issue=issue, number=2, name="ร้อยละของพื้นที่เกษตรปลอดภัย", responsible=[agency], involved=[other_agency]
    )
    response = login(km_officer).get(reverse("worksheet1"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ใบงานที่ 1" in page
    assert (
        "ประเด็นยุทธศาสตร์ 1 การพัฒนาการเกษตรมูลค่าสูง" in page or "ประเด็นยุทธศาสตร์ที่ 1 การพัฒนาการเกษตรมูลค่าสูง" in page
    )
    assert "เกษตรกรมีรายได้เพิ่มขึ้น" in page
    assert "1.2" in page and "ร้อยละของพื้นที่เกษตรปลอดภัย" in page
    assert agency.name in page and other_agency.name in page


def test_it_shows_only_the_selected_year(login, agency_user, fiscal_year, province):
    from tests.factories import FiscalYearFactory

    IssueFactory(fiscal_year=fiscal_year, title="ประเด็นปี 2569")
    later = FiscalYearFactory(province=province, year=2570)
    IssueFactory(fiscal_year=later, title="ประเด็นปี 2570")
    client = login(agency_user)
    client.post(reverse("year-select"), {"year": 2569})
    page = client.get(reverse("worksheet1")).content.decode()
    assert "ประเด็นปี 2569" in page and "ประเด็นปี 2570" not in page


def test_readers_see_no_edit_buttons(login, agency_user, fiscal_year):
    issue = IssueFactory(fiscal_year=fiscal_year)
    page = login(agency_user).get(reverse("worksheet1")).content.decode()
    assert reverse("kpi-create", args=[issue.pk]) not in page
    assert reverse("issue-edit", args=[issue.pk]) not in page


def _fill(fiscal_year, issues, kpis_per_issue, agencies):
    for _ in range(issues):
        issue = IssueFactory(fiscal_year=fiscal_year)
        for _ in range(kpis_per_issue):
            KpiFactory(issue=issue, responsible=agencies[:1], involved=agencies[1:])


def test_it_makes_a_fixed_number_of_queries(
    login, km_officer, fiscal_year, agency, other_agency, django_assert_max_num_queries
):
    client = login(km_officer)
    _fill(fiscal_year, 1, 1, [agency, other_agency])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("worksheet1"))
    _fill(fiscal_year, 5, 8, [agency, other_agency])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("worksheet1"))
    assert response.content.decode().count('id="kpi-') == 41


def test_km_team_adds_a_kpi(login, km_officer, fiscal_year, agency, other_agency):
    issue = IssueFactory(fiscal_year=fiscal_year)
    client = login(km_officer)
    response = client.post(
        reverse("kpi-create", args=[issue.pk]),
        {
            "number": 1,
            "name": "ร้อยละที่เพิ่มขึ้นของรายได้จากการท่องเที่ยว",
            "unit": "ร้อยละ",
            "target": "5",
            "weight": "10",
            "responsible_agencies": [agency.pk],
            "involved_agencies": [other_agency.pk],
            "remark": "",
        },
    )
    assert response.status_code == 302
    kpi = Kpi.objects.get(issue=issue)
    assert list(kpi.responsible_agencies.all()) == [agency]
    assert list(kpi.involved_agencies.all()) == [other_agency]
    assert "ร้อยละที่เพิ่มขึ้นของรายได้จากการท่องเที่ยว" in client.get(reverse("worksheet1")).content.decode()


def test_it_refuses_a_duplicate_kpi_number_in_thai(login, km_officer, fiscal_year):
    kpi = KpiFactory(issue=IssueFactory(fiscal_year=fiscal_year, number=3), number=1)
    response = login(km_officer).post(reverse("kpi-create", args=[kpi.issue.pk]), {"number": 1, "name": "ซ้ำ"})
    assert response.status_code == 200
    assert "ตัวชี้วัด 3.1" in response.content.decode()
    assert Kpi.objects.count() == 1


def test_it_refuses_an_agency_both_responsible_and_involved(login, km_officer, fiscal_year, agency):
    issue = IssueFactory(fiscal_year=fiscal_year)
    response = login(km_officer).post(
        reverse("kpi-create", args=[issue.pk]),
        {"number": 1, "name": "ก", "responsible_agencies": [agency.pk], "involved_agencies": [agency.pk]},
    )
    assert response.status_code == 200
    assert agency.name in response.content.decode()
    assert not Kpi.objects.exists()


def test_km_team_edits_and_deletes_a_kpi(login, km_officer, fiscal_year):
    kpi = KpiFactory(issue=IssueFactory(fiscal_year=fiscal_year), number=1, name="เดิม")
    client = login(km_officer)
    client.post(reverse("kpi-edit", args=[kpi.pk]), {"number": 1, "name": "ใหม่", "weight": "12.5"})
    kpi.refresh_from_db()
    assert kpi.name == "ใหม่" and str(kpi.weight) == "12.50"
    client.post(reverse("kpi-delete", args=[kpi.pk]))
    assert not Kpi.objects.exists()


def test_it_refuses_a_weight_over_100(login, km_officer, fiscal_year):
    issue = IssueFactory(fiscal_year=fiscal_year)
    response = login(km_officer).post(
        reverse("kpi-create", args=[issue.pk]), {"number": 1, "name": "ก", "weight": "150"}
    )
    assert response.status_code == 200
    assert not Kpi.objects.exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("number", "0", "Enter the KPI number, a whole number from 1."),
        ("number", "40000", "Enter the KPI number, a whole number from 1."),  # PostgreSQL's smallint
        ("weight", "150", "Enter the weight as a number from 0 to 100, with at most two decimals."),
        ("weight", "-1", "Enter the weight as a number from 0 to 100, with at most two decimals."),
    ],
)
def test_the_kpi_form_says_what_the_database_would_refuse(
    login, km_officer, fiscal_year, field, value, message
):
    """The Excel import checks its rows with this form, so both say the same."""
    issue = IssueFactory(fiscal_year=fiscal_year)
    client = login(km_officer)
    client.post(reverse("set_language"), {"language": "en", "next": reverse("worksheet1")})
    response = client.post(reverse("kpi-create", args=[issue.pk]), {"number": "1", "name": "ก", field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Kpi.objects.exists()


def test_agency_user_may_not_add_a_kpi(login, agency_user, fiscal_year):
    issue = IssueFactory(fiscal_year=fiscal_year)
    response = login(agency_user).post(reverse("kpi-create", args=[issue.pk]), {"number": 1, "name": "ก"})
    assert response.status_code == 403
    assert not Kpi.objects.exists()


def test_a_user_of_another_province_gets_404(login, stranger, fiscal_year):
    kpi = KpiFactory(issue=IssueFactory(fiscal_year=fiscal_year))
    assert login(stranger).get(reverse("kpi-edit", args=[kpi.pk])).status_code == 404


def test_a_kpi_keeps_an_agency_that_became_inactive(login, km_officer, fiscal_year, agency, other_agency):
    kpi = KpiFactory(
        issue=IssueFactory(fiscal_year=fiscal_year), responsible=[agency], involved=[other_agency]
    )
    agency.is_active = False
    agency.save()
    client = login(km_officer)
    page = client.get(reverse("kpi-edit", args=[kpi.pk])).content.decode()
    assert agency.name in page
    response = client.post(
        reverse("kpi-edit", args=[kpi.pk]),
        {
            "number": kpi.number,
            "name": kpi.name,
            "responsible_agencies": [agency.pk],
            "involved_agencies": [other_agency.pk],
        },
    )
    assert response.status_code == 302
    assert list(kpi.responsible_agencies.all()) == [agency]


def test_deleting_an_issue_says_its_kpis_go_with_it(login, km_officer, fiscal_year):
    issue = IssueFactory(fiscal_year=fiscal_year)
    KpiFactory(issue=issue)
    KpiFactory(issue=issue)
    page = login(km_officer).get(reverse("issue-delete", args=[issue.pk])).content.decode()
    assert "ตัวชี้วัดภายใต้รายการนี้จำนวน 2 ตัวจะถูกลบไปด้วย" in page
    assert f"{reverse('worksheet1')}#issue-{issue.pk}" in page  # cancel goes back to the issue


def test_an_issue_number_below_1_is_refused_in_words_not_by_the_database(login, km_officer, fiscal_year):
    client = login(km_officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(
        reverse("issue-create"), {"number": "0", "title": "ประเด็นทดสอบ", "goal": "เป้าประสงค์"}
    )
    assert response.context["form"].errors["number"] == [
        "Enter the strategic issue number, a whole number from 1."
    ]
