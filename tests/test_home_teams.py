"""The home page at step 3 of the cycle (KM teams, issue 8): which strategic issues and which
agencies have a roster and an appointment order this year, linked to the teams' pages."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teams import services
from teams.models import MemberRole, Team
from tests.factories import AgencyFactory, IssueFactory, KpiFactory
from worksheets.models import KnowledgeItem, WorkProcess

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _english(_thai, settings, tmp_path):
    settings.LANGUAGE_CODE = "en"
    settings.MEDIA_ROOT = tmp_path / "media"


def step_3(page: str) -> str:
    return page.split('id="step-3"')[1].split('id="step-4"')[0]


def row(page: str, row_id: str) -> str:
    return re.search(rf'<tr id="{row_id}">(.*?)</tr>', page, re.S).group(1)


def _knowledge(issue, agencies: list, involved: list = ()) -> KnowledgeItem:
    process = WorkProcess.objects.create(kpi=KpiFactory(issue=issue), order=1, name="การผลิต")
    item = KnowledgeItem.objects.create(process=process, order=1, name="ความรู้", kind="tacit")
    item.responsible_agencies.set(agencies)
    item.involved_agencies.set(involved)
    return item


def test_step_3_shows_rosters_and_orders_of_issues_and_agencies(
    login, agency_user, km_officer, fiscal_year, agency, other_agency
):
    with_team = IssueFactory(fiscal_year=fiscal_year, number=1, title="การเกษตรมูลค่าสูง")
    without_team = IssueFactory(fiscal_year=fiscal_year, number=2, title="การท่องเที่ยว")
    named_only = AgencyFactory(province=agency.province, name="สำนักงานพาณิชย์จังหวัดกาฬสินธุ์")
    _knowledge(with_team, [agency], involved=[named_only])
    AgencyFactory(province=agency.province, name="สำนักงานที่ไม่มีชื่อในใบงาน")

    issue_team = services.start_roster(Team.Kind.ISSUE, fiscal_year, issue=with_team)
    for name in ("หนึ่ง", "สอง"):
        services.add_member(issue_team, role=MemberRole.MEMBER, first_name="สมาชิก", last_name=name)
    services.attach_order(issue_team, SimpleUploadedFile("คำสั่ง.pdf", PDF), km_officer)
    agency_team = services.start_roster(Team.Kind.AGENCY, fiscal_year, agency=agency)
    services.add_member(agency_team, role=MemberRole.HEAD, first_name="สมชาย", last_name="หัวหน้า")
    # A team of an agency that worksheet 3 does not name still shows.
    services.start_roster(Team.Kind.AGENCY, fiscal_year, agency=other_agency)

    page = step_3(login(agency_user).get(reverse("home"), **EN).content.decode())

    assert reverse("team-list") in page
    issue_row = row(page, f"status-issue-{with_team.pk}")
    assert "Strategic issue 1 การเกษตรมูลค่าสูง" in issue_row
    assert reverse("team-detail", args=[issue_team.pk]) in issue_row and "yes (2 members)" in issue_row
    assert ">attached<" in issue_row
    missing = row(page, f"status-issue-{without_team.pk}")
    assert "No roster yet" in missing and "attached" not in missing
    assert "No roster yet" in row(page, "status-province")

    agency_row = row(page, f"status-agency-{agency.pk}")
    assert agency.name in agency_row and "yes (1 member)" in agency_row and ">not attached<" in agency_row
    assert reverse("team-detail", args=[agency_team.pk]) in agency_row
    assert "No roster yet" in row(page, f"status-agency-{named_only.pk}")
    assert other_agency.name in row(page, f"status-agency-{other_agency.pk}")
    assert "สำนักงานที่ไม่มีชื่อในใบงาน" not in page


def test_an_agency_with_several_teams_shows_how_many_have_an_order(
    login, agency_user, km_officer, fiscal_year, agency
):
    issue = IssueFactory(fiscal_year=fiscal_year, number=1)
    item = _knowledge(issue, [agency])
    blank = services.start_roster(Team.Kind.AGENCY, fiscal_year, agency=agency)
    named = Team.objects.create(kind=Team.Kind.AGENCY, fiscal_year=fiscal_year, agency=agency, knowledge=item)
    services.add_member(named, role=MemberRole.HEAD, first_name="สมชาย", last_name="หัวหน้า")
    services.attach_order(blank, SimpleUploadedFile("คำสั่ง.pdf", PDF), km_officer)

    page = step_3(login(agency_user).get(reverse("home"), **EN).content.decode())

    agency_row = row(page, f"status-agency-{agency.pk}")
    assert "2 teams (1 member)" in agency_row and "1 of 2 attached" in agency_row
    assert reverse("team-list") + "#agency-teams" in agency_row


def test_the_provincial_team_shows_its_order(login, agency_user, km_officer, fiscal_year):
    team = services.start_roster(Team.Kind.PROVINCE, fiscal_year)
    services.add_member(team, role=MemberRole.HEAD, first_name="สมหมาย", last_name="จังหวัด")
    services.attach_order(team, SimpleUploadedFile("คำสั่ง.pdf", PDF), km_officer)
    province = row(step_3(login(agency_user).get(reverse("home"), **EN).content.decode()), "status-province")
    assert reverse("team-detail", args=[team.pk]) in province and ">attached<" in province


def test_the_operation_menu_links_the_teams(login, agency_user, fiscal_year):
    page = login(agency_user).get(reverse("home"), **EN).content.decode()
    menu = page.split("2. Operation")[1].split("</ul>")[0]
    assert reverse("team-list") in menu


def _fill(fiscal_year, issues: int, agencies: int, user) -> None:
    """Issues with teams and orders, and agencies named in worksheet 3 with teams and orders."""
    start = Team.objects.filter(fiscal_year=fiscal_year).count()
    for n in range(issues):
        issue = IssueFactory(fiscal_year=fiscal_year, number=100 + start + n)
        named = [AgencyFactory(province=fiscal_year.province) for _ in range(agencies)]
        _knowledge(issue, named)
        team = services.start_roster(Team.Kind.ISSUE, fiscal_year, issue=issue)
        services.add_member(team, role=MemberRole.MEMBER, first_name="สมาชิก", last_name=str(n))
        services.attach_order(team, SimpleUploadedFile("คำสั่ง.pdf", PDF), user)
        for agency in named:
            agency_team = services.start_roster(Team.Kind.AGENCY, fiscal_year, agency=agency)
            services.add_member(agency_team, role=MemberRole.HEAD, first_name="สมชาย", last_name=str(n))
            services.attach_order(agency_team, SimpleUploadedFile("คำสั่ง.pdf", PDF), user)


def test_it_makes_a_fixed_number_of_queries(login, km_officer, fiscal_year, django_assert_max_num_queries):
    client = login(km_officer)
    _fill(fiscal_year, 1, 1, km_officer)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home"))
    _fill(fiscal_year, 5, 4, km_officer)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(reverse("home")).content.decode()
    assert step_3(page).count('id="status-issue-') == 6
    assert step_3(page).count('id="status-agency-') == 21
    assert step_3(page).count(">attached<") == 27
