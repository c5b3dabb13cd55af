"""The KM teams' read-only pages (issue 8): the fiscal year's teams and one roster laid out as
the seed's worksheet 5 or 6, with contact data masked for those who may not see it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teams import services
from teams.models import KmFunction, MemberRole, Team
from tests.factories import IssueFactory, KpiFactory, UserFactory
from worksheets.models import KnowledgeItem, StrategicIssue, WorkProcess

Kind = Team.Kind
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english(_thai, settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def issue(fiscal_year):
    return IssueFactory(
        fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตรมูลค่าสูง", goal="เกษตรกรมีรายได้เพิ่มขึ้น"
    )


@pytest.fixture
def item(issue, agency):
    """Knowledge of worksheet 3 naming the agency, chosen in a finalised worksheet 4."""
    kpi = KpiFactory(issue=issue, chosen=True)
    process = WorkProcess.objects.create(kpi=kpi, order=1, name="การตรวจรับรองแปลง GAP")
    knowledge = KnowledgeItem.objects.create(
        process=process, order=1, name="เทคนิคการตรวจแปลง", kind="tacit", chosen=True
    )
    knowledge.responsible_agencies.set([agency])
    StrategicIssue.objects.filter(pk=issue.pk).update(finalised_at="2026-01-15T09:00:00+07:00")
    return knowledge


@pytest.fixture
def agency_team(fiscal_year, agency, item):
    team = services.start_roster(Kind.AGENCY, fiscal_year, agency=agency, knowledge=item)
    # Added out of role order: the page shows them in the seed's order of roles.
    services.add_member(team, role=MemberRole.SECRETARY, first_name="สมศรี", last_name="เลขา", agency=agency)
    services.add_member(
        team, role=MemberRole.MEMBER, first_name="สมปอง", last_name="ทีมงาน", km_function=KmFunction.LIKIT
    )
    services.add_member(
        team, role=MemberRole.HEAD, title="นาย", first_name="สมชาย", last_name="หัวหน้า",
        position="เกษตรจังหวัด", phone="081-234-5678", email="somchai@example.org",
    )  # fmt: skip
    return team


def _text(page: str) -> str:
    """What a person reads: the page without its tags."""
    return re.sub(r"<[^>]+>", "", page)


def _roles(page: str) -> list[str]:
    return re.findall(r'data-role="([a-z_]+)"', page)


def test_the_list_shows_every_kind_of_team(login, agency_user, fiscal_year, agency, issue, agency_team):
    province_team = services.start_roster(Kind.PROVINCE, fiscal_year)
    services.add_member(province_team, role=MemberRole.HEAD, first_name="สมหมาย", last_name="จังหวัด")
    without_roster = IssueFactory(fiscal_year=fiscal_year, number=2, title="การท่องเที่ยววิถีไทย")
    issue_team = services.start_roster(Kind.ISSUE, fiscal_year, issue=issue)
    services.add_member(issue_team, role=MemberRole.MEMBER, first_name="สมใจ", last_name="ประเด็น")
    services.add_member(issue_team, role=MemberRole.MEMBER, first_name="สมจิต", last_name="ประเด็น")
    unchosen = services.start_roster(Kind.AGENCY, fiscal_year, agency=agency)

    page = login(agency_user).get(reverse("team-list"), **EN).content.decode()

    assert "fiscal year 2569" in page
    assert reverse("team-detail", args=[province_team.pk]) in page
    assert reverse("team-detail", args=[issue_team.pk]) in page
    assert "การพัฒนาการเกษตรมูลค่าสูง" in page and without_roster.title in page
    assert "No roster yet" in page
    assert reverse("team-detail", args=[agency_team.pk]) in page
    assert reverse("team-detail", args=[unchosen.pk]) in page
    assert "เทคนิคการตรวจแปลง" in page and "Knowledge not chosen yet" in page
    assert '<td class="col-no">3</td>' in page  # the agency team's members
    assert '<td class="col-no">2</td>' in page  # the issue team's members


def test_the_list_says_when_there_is_no_year(login, stranger):
    page = login(stranger).get(reverse("team-list"), **EN).content.decode()
    assert "There is no fiscal year yet." in page


def test_an_agency_roster_is_worksheet_6_in_role_order(login, agency_user, agency_team, agency):
    page = login(agency_user).get(reverse("team-detail", args=[agency_team.pk]), **EN).content.decode()

    assert "Worksheet 6 KM team of the agency/organisation" in page
    assert "fiscal year 2569" in page
    assert "1 การพัฒนาการเกษตรมูลค่าสูง" in page  # the strategic issue of the knowledge
    assert "เกษตรกรมีรายได้เพิ่มขึ้น" in page  # its goal
    assert "เทคนิคการตรวจแปลง" in page
    assert agency.name in page
    for header in ("No.", "Name - surname", "Job position", "Serves as", "Phone number / E-mail"):
        assert f">{header}</th>" in page
    assert ">Affiliation</th>" not in page
    assert _roles(page) == ["head", "member", "secretary"]
    assert "นายสมชาย หัวหน้า" in _text(page) and "เกษตรจังหวัด" in page
    assert "KM Team (Khun Likit (note taker))" in _text(page)


def test_an_issue_roster_is_worksheet_5_with_the_members_agencies(
    login, agency_user, fiscal_year, issue, agency, other_agency
):
    team = services.start_roster(Kind.ISSUE, fiscal_year, issue=issue)
    services.add_member(
        team, role=MemberRole.MEMBER, first_name="สมใจ", last_name="ประเด็น", agency=other_agency
    )
    linked = UserFactory(username="linked", agency=agency, first_name="สมพร", last_name="บัญชี")
    services.add_member(team, role=MemberRole.DEPUTY, user=linked)

    page = login(agency_user).get(reverse("team-detail", args=[team.pk]), **EN).content.decode()

    assert "Worksheet 5 KM team of the strategic issue" in page
    assert "fiscal year 2569" in page
    assert "1 การพัฒนาการเกษตรมูลค่าสูง" in page and "เกษตรกรมีรายได้เพิ่มขึ้น" in page
    assert ">Affiliation</th>" in page
    assert _roles(page) == ["deputy", "member"]
    assert "สมพร บัญชี" in _text(page)
    assert other_agency.name in page and agency.name in page


def test_the_provincial_roster_names_the_province_and_year(login, agency_user, fiscal_year, province):
    team = services.start_roster(Kind.PROVINCE, fiscal_year)
    services.add_member(team, role=MemberRole.HEAD, first_name="สมหมาย", last_name="จังหวัด")

    page = login(agency_user).get(reverse("team-detail", args=[team.pk]), **EN).content.decode()

    assert "<h1" in page and "Provincial KM team</h1>" in page
    assert province.name in page and "fiscal year 2569" in page
    assert _roles(page) == ["head"]


def test_another_agency_sees_contact_data_masked(login, other_agency_user, agency_team):
    page = login(other_agency_user).get(reverse("team-detail", args=[agency_team.pk])).content.decode()
    assert "สมชาย" in page and "เกษตรจังหวัด" in page  # names and positions for everyone
    assert "081-234-5678" not in page and "somchai@example.org" not in page
    assert "08x-xxx-xx78" in page and "s•••@example.org" in page


def test_the_teams_own_agency_sees_contact_data_in_full(login, agency_user, agency_team):
    page = login(agency_user).get(reverse("team-detail", args=[agency_team.pk])).content.decode()
    assert "081-234-5678" in page and "somchai@example.org" in page


def test_another_province_gets_404(login, stranger, agency_team):
    assert login(stranger).get(reverse("team-detail", args=[agency_team.pk])).status_code == 404


def _grow(team, fiscal_year, agencies, rows):
    for n in range(rows):
        user = UserFactory(username=f"m{team.pk}-{n}-{team.members.count()}", agency=agencies[n % 2])
        services.add_member(team, role=MemberRole.MEMBER, user=user)
        services.add_member(team, role=MemberRole.MEMBER, first_name=f"สมาชิก{n}", agency=agencies[n % 2])


def test_the_roster_makes_a_fixed_number_of_queries(
    login, other_agency_user, fiscal_year, agency, other_agency, issue, django_assert_max_num_queries
):
    team = services.start_roster(Kind.ISSUE, fiscal_year, issue=issue)
    _grow(team, fiscal_year, [agency, other_agency], 1)
    client = login(other_agency_user)
    url = reverse("team-detail", args=[team.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _grow(team, fiscal_year, [agency, other_agency], 8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('id="member-') == 18


def test_the_list_makes_a_fixed_number_of_queries(
    login, agency_user, fiscal_year, agency, other_agency, django_assert_max_num_queries
):
    def teams(count):
        for _n in range(count):
            issue = IssueFactory(fiscal_year=fiscal_year)
            _grow(
                services.start_roster(Kind.ISSUE, fiscal_year, issue=issue),
                fiscal_year,
                [agency, other_agency],
                1,
            )

    teams(1)
    services.start_roster(Kind.AGENCY, fiscal_year, agency=agency)
    client = login(agency_user)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("team-list"))
    teams(5)
    services.start_roster(Kind.AGENCY, fiscal_year, agency=other_agency)
    services.start_roster(Kind.PROVINCE, fiscal_year)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("team-list"))
    assert len(re.findall(r'href="/teams/\d+/"', response.content.decode())) == 9  # 6 + 2 + 1 teams
