"""A new fiscal year starts from last year's KM rosters (issue 8): ``teams.services.copy_rosters``
and the action on the teams page that runs it."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teams import services
from teams.models import AppointmentOrder, KmFunction, MemberRole, Team, TeamMember
from tests.factories import FiscalYearFactory, IssueFactory, KpiFactory, ProvinceFactory
from tests.test_races import at_once, pausing, postgresql
from worksheets.models import KnowledgeItem, WorkProcess

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
Kind = Team.Kind


@pytest.fixture(autouse=True)
def _english(_thai, settings, tmp_path):
    settings.LANGUAGE_CODE = "en"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def last_year(province):
    return FiscalYearFactory(province=province, year=2568)


@pytest.fixture
def new_year(fiscal_year):
    """2569, with strategic issues 1 and 2 only: last year's issue 3 has no successor."""
    for number in (1, 2):
        IssueFactory(fiscal_year=fiscal_year, number=number, title=f"ประเด็นใหม่ {number}")
    return fiscal_year


def rows(team: Team) -> list[tuple]:
    """A roster as a person reads it, with everything a copy keeps."""
    return [
        (
            m.role,
            m.order,
            m.full_name,
            m.user_id,
            m.shown_position,
            m.agency_id,
            m.km_function,
            m.phone,
            m.email,
        )
        for m in TeamMember.objects.filter(team=team).select_related("user")
    ]


@pytest.fixture
def last_rosters(last_year, agency, other_agency, ceo, issue_lead, agency_ceo, km_officer):
    """Last year's teams: the province's (with its order attached), issues 1 and 3, two teams of
    ``agency`` (one per knowledge item, sharing people) and one of ``other_agency``."""
    issues = {n: IssueFactory(fiscal_year=last_year, number=n) for n in (1, 2, 3)}
    province_team = services.start_roster(Kind.PROVINCE, last_year)  # the governor as CEO
    services.add_member(
        province_team, role=MemberRole.HEAD, title="นาย", first_name="สมหมาย", last_name="จังหวัด",
        position="หัวหน้าสำนักงานจังหวัด", phone="043-811-234", email="sommai@example.org",
        km_function=KmFunction.EUA,
    )  # fmt: skip
    for name in ("หนึ่ง", "สอง", "สาม"):
        services.add_member(province_team, role=MemberRole.MEMBER, first_name="สมาชิก", last_name=name)
    third = TeamMember.objects.get(team=province_team, last_name="สาม")
    services.move_member(third, up=True)  # the team's own order: หนึ่ง, สาม, สอง
    services.attach_order(province_team, SimpleUploadedFile("คำสั่ง2568.pdf", b"%PDF-1.4\n%%EOF\n"), km_officer)

    issue_team = services.start_roster(Kind.ISSUE, last_year, issue=issues[1])
    services.add_member(issue_team, role=MemberRole.MEMBER, user=issue_lead)
    services.add_member(
        issue_team, role=MemberRole.DEPUTY, first_name="สมใจ", last_name="ประเด็น", agency=other_agency
    )
    skipped = services.start_roster(Kind.ISSUE, last_year, issue=issues[3])
    services.add_member(skipped, role=MemberRole.MEMBER, first_name="สมจิต", last_name="ประเด็นสาม")

    process = WorkProcess.objects.create(kpi=KpiFactory(issue=issues[1]), order=1, name="การผลิต")
    first_item, second_item = (
        KnowledgeItem.objects.create(process=process, order=n, name=f"ความรู้ {n}", kind="tacit")
        for n in (1, 2)
    )
    first = Team.objects.create(kind=Kind.AGENCY, fiscal_year=last_year, agency=agency, knowledge=first_item)
    services.add_member(first, role=MemberRole.CEO, user=agency_ceo)
    services.add_member(first, role=MemberRole.HEAD, first_name="สมชาย", last_name="หัวหน้า")
    services.add_member(first, role=MemberRole.MEMBER, first_name="สมปอง", last_name="ทีมงาน")
    second = Team.objects.create(
        kind=Kind.AGENCY, fiscal_year=last_year, agency=agency, knowledge=second_item
    )
    services.add_member(second, role=MemberRole.CEO, user=agency_ceo)
    services.add_member(second, role=MemberRole.HEAD, first_name="สมศักดิ์", last_name="หัวหน้าสอง")
    services.add_member(second, role=MemberRole.MEMBER, first_name=" สมปอง ", last_name="ทีมงาน")
    services.add_member(second, role=MemberRole.SECRETARY, first_name="สมศรี", last_name="เลขา")

    other = services.start_roster(Kind.AGENCY, last_year, agency=other_agency)
    services.add_member(other, role=MemberRole.MEMBER, first_name="สมพร", last_name="สาธารณสุข")
    return {"province": province_team, "issue": issue_team, "other": other}


def test_it_copies_every_roster_row_by_row(last_year, new_year, last_rosters, km_officer, other_agency):
    copied = services.copy_rosters(last_year, new_year, km_officer)

    new = {
        (t.kind, t.issue.number if t.issue else t.agency_id): t
        for t in Team.objects.filter(fiscal_year=new_year)
    }
    assert rows(new[(Kind.PROVINCE, None)]) == rows(last_rosters["province"])
    issue_team = new[(Kind.ISSUE, 1)]
    assert issue_team.issue.fiscal_year == new_year and issue_team.issue.title == "ประเด็นใหม่ 1"
    assert rows(issue_team) == rows(last_rosters["issue"])
    other = new[(Kind.AGENCY, other_agency.pk)]
    assert other.knowledge is None and rows(other) == rows(last_rosters["other"])
    assert (
        copied.teams == 4 and copied.members == TeamMember.objects.filter(team__fiscal_year=new_year).count()
    )
    assert copied.skipped_issues == [3]


def test_the_province_rows_keep_their_contact_data_and_order(
    last_year, new_year, last_rosters, km_officer, ceo
):
    services.copy_rosters(last_year, new_year, km_officer)
    team = Team.objects.get(fiscal_year=new_year, kind=Kind.PROVINCE)
    got = [(m.role, m.full_name) for m in TeamMember.objects.filter(team=team).select_related("user")]
    assert got == [
        ("ceo", str(ceo)),
        ("head", "นายสมหมาย จังหวัด"),
        ("member", "สมาชิก หนึ่ง"),
        ("member", "สมาชิก สาม"),
        ("member", "สมาชิก สอง"),
    ]
    head = TeamMember.objects.get(team=team, role="head")
    assert (head.phone, head.email, head.position, head.km_function) == (
        "043-811-234", "sommai@example.org", "หัวหน้าสำนักงานจังหวัด", "eua",
    )  # fmt: skip


def test_an_agency_with_several_teams_gets_one_with_each_person_once(
    last_year, new_year, last_rosters, km_officer, agency, agency_ceo
):
    copied = services.copy_rosters(last_year, new_year, km_officer)

    [team] = Team.objects.filter(fiscal_year=new_year, agency=agency)
    assert team.knowledge is None
    got = [(m.role, m.full_name) for m in TeamMember.objects.filter(team=team).select_related("user")]
    assert got == [
        ("ceo", str(agency_ceo)),
        ("head", "สมชาย หัวหน้า"),
        ("member", "สมศักดิ์ หัวหน้าสอง"),  # the second team's head: one head per roster
        ("member", "สมปอง ทีมงาน"),  # on both teams: once
        ("secretary", "สมศรี เลขา"),
    ]
    assert copied.merged_agencies == [agency]


def test_appointment_orders_are_not_copied(last_year, new_year, last_rosters, km_officer):
    services.copy_rosters(last_year, new_year, km_officer)
    assert AppointmentOrder.objects.filter(team__fiscal_year=last_year).count() == 1
    assert not AppointmentOrder.objects.filter(team__fiscal_year=new_year).exists()


def test_copying_twice_is_refused_and_makes_nothing(last_year, new_year, last_rosters, km_officer):
    services.copy_rosters(last_year, new_year, km_officer)
    before = (Team.objects.count(), TeamMember.objects.count())
    with pytest.raises(ValidationError, match="already has KM teams"):
        services.copy_rosters(last_year, new_year, km_officer)
    assert (Team.objects.count(), TeamMember.objects.count()) == before


def test_a_year_that_started_a_roster_is_not_copied_into(last_year, new_year, last_rosters, km_officer):
    services.start_roster(Kind.PROVINCE, new_year)
    with pytest.raises(ValidationError, match="already has KM teams"):
        services.copy_rosters(last_year, new_year, km_officer)
    assert Team.objects.filter(fiscal_year=new_year).count() == 1


def test_a_year_without_teams_has_nothing_to_copy(last_year, new_year, km_officer):
    with pytest.raises(ValidationError, match="has no KM teams to copy"):
        services.copy_rosters(last_year, new_year, km_officer)


def test_another_provinces_year_is_refused(last_year, last_rosters, km_officer):
    elsewhere = FiscalYearFactory(province=ProvinceFactory(name="ขอนแก่น"), year=2569)
    with pytest.raises(ValidationError):
        services.copy_rosters(last_year, elsewhere, km_officer)
    assert not Team.objects.filter(fiscal_year=elsewhere).exists()


# --- The action on the teams page ----------------------------------------------------------------


def test_the_km_team_is_offered_the_copy_and_copies(
    login, km_officer, last_year, new_year, last_rosters, agency
):
    client = login(km_officer)
    page = client.get(reverse("team-list"), **EN).content.decode()
    assert reverse("team-copy") in page and "Copy the rosters of fiscal year 2568" in page

    response = client.post(reverse("team-copy"), {"year": 2569}, follow=True, **EN)

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("team-list")
    assert "Copied 4 KM teams" in page and "from fiscal year 2568" in page
    assert "Not copied: the teams of strategic issues 3 of fiscal year 2568" in page
    assert agency.name in page and "had several teams in fiscal year 2568" in page
    assert reverse("team-copy") not in page  # the year has rosters now
    assert Team.objects.filter(fiscal_year=new_year).count() == 4


def test_a_second_copy_by_the_action_is_refused_with_a_message(
    login, km_officer, last_year, new_year, last_rosters
):
    client = login(km_officer)
    client.post(reverse("team-copy"), {"year": 2569})
    count = TeamMember.objects.count()
    page = client.post(reverse("team-copy"), {"year": 2569}, follow=True, **EN).content.decode()
    assert "Fiscal year 2569 already has KM teams" in page
    assert TeamMember.objects.count() == count


def test_others_are_not_offered_the_copy(login, agency_user, last_year, new_year, last_rosters):
    client = login(agency_user)
    assert reverse("team-copy") not in client.get(reverse("team-list")).content.decode()
    assert client.post(reverse("team-copy"), {"year": 2569}).status_code == 403
    assert not Team.objects.filter(fiscal_year=new_year).exists()


def test_no_offer_without_last_years_rosters(login, km_officer, last_year, new_year):
    assert reverse("team-copy") not in login(km_officer).get(reverse("team-list")).content.decode()


def test_a_year_without_a_previous_one_says_so(login, km_officer, new_year):
    page = login(km_officer).post(reverse("team-copy"), {"year": 2569}, follow=True, **EN).content.decode()
    assert "There is no fiscal year 2568 to copy from." in page


@pytest.mark.parametrize("year", ["2570", "abc", "9" * 30, ""])
def test_a_year_the_province_does_not_have_is_not_found(login, km_officer, new_year, year):
    assert login(km_officer).post(reverse("team-copy"), {"year": year}).status_code == 404


# --- Two people at once --------------------------------------------------------------------------------


@postgresql
@pytest.mark.django_db(transaction=True)
def test_two_copies_at_once_make_one_set_of_rosters(last_year, new_year, last_rosters, km_officer):
    expected = len(last_rosters) + 1  # province, issue 1, two agencies (issue 3 skipped)
    with mock.patch.object(Team, "save", pausing(Team.save)):
        results = at_once(
            lambda: services.copy_rosters(last_year, new_year, km_officer),
            lambda: services.copy_rosters(last_year, new_year, km_officer),
        )
    assert sorted(type(result).__name__ for result in results) == ["CopiedRosters", "ValidationError"]
    assert Team.objects.filter(fiscal_year=new_year).count() == expected
