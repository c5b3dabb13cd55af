"""Building a worksheet-6 roster in the browser, as an agency's KM team would (issue 8)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from teams import services
from teams.models import MemberRole, Team
from tests.test_browser import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db, agency_user, coordinator, agency_ceo, agency_cko, fiscal_year):
    return {"agency": agency_user.agency, "fiscal_year": fiscal_year}


def roster_url(live_server, team):
    """The roster's page, scrolled to a row or not."""
    return re.compile(
        re.escape(live_server.url + reverse("team-detail", args=[team.pk])) + r"(#member-\d+)?$"
    )


def add_member(page, live_server, team, first_name, role="member", **fields):
    page.goto(live_server.url + reverse("team-member-add", args=[team.pk]))
    page.locator("#id_first_name").fill(first_name)
    page.locator("#id_last_name").fill(fields.get("last_name", "ทีมงาน"))
    page.locator("#id_position").fill(fields.get("position", "นักวิชาการเกษตร"))
    page.locator("#id_role").select_option(role)
    page.locator("form:has(#id_first_name) button[type=submit]").click()
    expect(page).to_have_url(roster_url(live_server, team))


def names(page) -> list[str]:
    return [name.strip() for name in page.locator("#roster tbody tr td:nth-child(2)").all_inner_texts()]


def test_the_agency_builds_its_roster_reorders_it_and_sees_it_kept(page, live_server, world, agency_ceo):
    log_in(page, live_server, "agri.team")
    page.goto(live_server.url + reverse("team-list"))
    page.locator(f"a[href='{reverse('team-start')}']").click()
    page.locator("#id_agency").select_option(str(world["agency"].pk))
    page.locator("form:has(#id_agency) button[type=submit]").click()
    team = Team.objects.get(kind=Team.Kind.AGENCY)
    expect(page).to_have_url(live_server.url + reverse("team-detail", args=[team.pk]))
    # The roster starts with the agency's CEO and CKO.
    expect(page.locator("#roster tbody tr")).to_have_count(2)

    for first_name in ("สมชาย", "สมหญิง", "สมศรี"):
        add_member(page, live_server, team, first_name)
    add_member(page, live_server, team, "มานะ", role="secretary")
    add_member(page, live_server, team, "ปิติ", role="head")
    ceo = f"{agency_ceo.first_name} {agency_ceo.last_name}"
    assert names(page)[0] == ceo
    assert [n.split()[0] for n in names(page)[2:]] == ["ปิติ", "สมชาย", "สมหญิง", "สมศรี", "มานะ"]

    # สมศรี goes first of the KM Team rows: two clicks up, each saved at once.
    for _ in range(2):
        row = page.locator("#roster tbody tr", has_text="สมศรี")
        row.locator("button[value=up]").click()
        page.wait_for_load_state()
    # The first of a role cannot go further up; the secretary never rises above the KM Team.
    expect(page.locator("#roster tbody tr", has_text="สมศรี").locator("button[value=up]")).to_be_disabled()
    expect(page.locator("#roster tbody tr", has_text="มานะ").locator("button[value=up]")).to_be_disabled()

    page.reload()
    assert [n.split()[0] for n in names(page)[2:]] == ["ปิติ", "สมศรี", "สมชาย", "สมหญิง", "มานะ"]
    expect(page.locator("#roster tbody tr td:first-child")).to_have_text([str(i) for i in range(1, 8)])


def test_two_editors_at_once_neither_loses_a_row_nor_overwrites_unseen(browser, live_server, world):
    team = services.start_roster(Team.Kind.AGENCY, world["fiscal_year"], agency=world["agency"])
    member = services.add_member(team, role=MemberRole.MEMBER, first_name="สมชาย", position="นักวิชาการ")
    mine, theirs = browser.new_context(), browser.new_context()
    me, them = mine.new_page(), theirs.new_page()
    log_in(me, live_server, "agri.team")
    log_in(them, live_server, "agri.coordinator")

    # Both open the same row's form; they save first.
    url = live_server.url + reverse("team-member-edit", args=[team.pk, member.pk])
    me.goto(url)
    them.goto(url)
    them.locator("#id_position").fill("นักวิชาการเกษตรชำนาญการ")
    them.locator("form:has(#id_first_name) button[type=submit]").click()
    expect(them).to_have_url(roster_url(live_server, team))
    me.locator("#id_position").fill("ตำแหน่งของฉัน")
    me.locator("form:has(#id_first_name) button[type=submit]").click()
    # Mine is refused with theirs shown; my text is still in the form.
    expect(me.locator(".stale-values")).to_contain_text("นักวิชาการเกษตรชำนาญการ")
    expect(me.locator("#id_position")).to_have_value("ตำแหน่งของฉัน")
    member.refresh_from_db()
    assert member.position == "นักวิชาการเกษตรชำนาญการ"

    # Both add a member at the same moment: both rows are kept, numbered one after the other.
    for page, name in ((me, "สมหญิง"), (them, "สมศรี")):
        page.goto(live_server.url + reverse("team-member-add", args=[team.pk]))
        page.locator("#id_first_name").fill(name)
    me.locator("form:has(#id_first_name) button[type=submit]").click()
    them.locator("form:has(#id_first_name) button[type=submit]").click()
    for page in (me, them):
        expect(page).to_have_url(roster_url(live_server, team))
    assert list(team.members.filter(role="member").values_list("first_name", "order")) == [
        ("สมชาย", 1),
        ("สมหญิง", 2),
        ("สมศรี", 3),
    ]
    mine.close()
    theirs.close()
