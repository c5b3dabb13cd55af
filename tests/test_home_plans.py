"""The home page at step 5 of the cycle (KM Action Plans, issue 9): what waits for each role, the
knowledge still without a plan, and each strategic issue's plans counted by state."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans.models import State
from core.models import Role
from tests.factories import IssueFactory, UserFactory
from tests.test_actionplan_list import knowledge, plan
from worksheets.models import StrategicIssue

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english(_thai, settings):
    settings.LANGUAGE_CODE = "en"


def step_5(page: str) -> str:
    return page.split('id="step-5"')[1].split('id="step-6"')[0]


def waiting(page: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'<li id="waiting-(\d+)"', step_5(page))}


def home(client) -> str:
    return client.get(reverse("home"), **EN).content.decode()


@pytest.fixture
def world(fiscal_year, agency, other_agency, km_officer, issue_lead):
    """Issue 1 (the issue lead's team, finalised) with plans of the agency, the other agency and
    the province in each state; issue 2 with one plan of the other agency."""
    one = IssueFactory(fiscal_year=fiscal_year, number=1, title="การเกษตรมูลค่าสูง")
    one.members.add(issue_lead)
    two = IssueFactory(fiscal_year=fiscal_year, number=2, title="การท่องเที่ยว")
    items = [knowledge(one, [agency], involved=[other_agency], name=f"ความรู้ {n}") for n in range(5)]
    unopened = knowledge(one, [agency], name="ความรู้ที่ยังไม่มีแผน")
    StrategicIssue.objects.filter(pk=one.pk).update(finalised_at=timezone.now())
    made = {}
    for item, state in zip(items, State.values, strict=True):
        made[f"agency_{state}"] = plan(item, agency, km_officer, state)
        made[f"province_{state}"] = plan(item, None, km_officer, state)
        made[f"other_{state}"] = plan(item, other_agency, km_officer, state)
    made["two_other_draft"] = plan(knowledge(two, [other_agency], name="การตลาด"), other_agency, km_officer)
    return {"one": one, "two": two, "unopened": unopened, **{k: v.pk for k, v in made.items()}}


def test_the_agency_team_sees_its_drafts_returned_plans_and_knowledge_without_a_plan(
    login, agency_user, world, agency
):
    page = home(login(agency_user))
    assert waiting(page) == {world["agency_draft"], world["agency_returned"]}
    part = step_5(page)
    assert "to write and submit" in part and "returned: to revise and submit again" in part
    assert f'id="unopened-{world["unopened"].pk}-{agency.pk}"' in part
    assert reverse("actionplan-create") in part and reverse("actionplan-list") in part
    assert 'id="plan-status"' not in part  # not on an issue's team, not province level


def test_the_agencys_cko_sees_what_is_submitted_and_its_head_what_is_reviewed(
    login, agency_cko, agency_ceo, world
):
    assert waiting(home(login(agency_cko))) == {world["agency_submitted"]}
    page = home(login(agency_ceo))
    assert waiting(page) == {world["agency_reviewed"]}
    assert "to approve (CEO)" in step_5(page)


def test_the_provinces_cko_and_governor_see_the_provinces_plans_and_every_issue(login, cko, ceo, world):
    page = home(login(cko))
    assert waiting(page) == {world["province_submitted"]}
    assert "to review (CKO)" in step_5(page)
    assert f'id="plans-issue-{world["one"].pk}"' in page and f'id="plans-issue-{world["two"].pk}"' in page
    assert waiting(home(login(ceo))) == {world["province_reviewed"]}


def test_the_km_team_writes_the_provinces_plans_and_counts_every_issue(login, km_officer, world):
    page = home(login(km_officer))
    assert waiting(page) == {world["province_draft"], world["province_returned"]}
    part = step_5(page)
    one = re.search(rf'<tr id="plans-issue-{world["one"].pk}">(.*?)</tr>', part, re.S).group(1)
    # Draft, submitted, reviewed, approved, returned: three plans each; fifteen in all.
    assert re.findall(r'<td class="text-center[^"]*">(\d+)</td>', one) == ["3"] * 5 + ["15"]
    two = re.search(rf'<tr id="plans-issue-{world["two"].pk}">(.*?)</tr>', part, re.S).group(1)
    assert re.findall(r'<td class="text-center[^"]*">(\d+)</td>', two) == ["1", "0", "0", "0", "0", "1"]
    assert f"{reverse('actionplan-list')}?issue={world['one'].pk}" in one


def test_the_issues_team_counts_its_issue_only_and_writes_its_province_plans(login, issue_lead, world):
    page = home(login(issue_lead))
    assert waiting(page) == {world["province_draft"], world["province_returned"]}
    part = step_5(page)
    assert f'id="plans-issue-{world["one"].pk}"' in part and f'id="plans-issue-{world["two"].pk}"' not in part
    # The province's knowledge item without a plan is the team's to open.
    assert f'id="unopened-{world["unopened"].pk}-0"' in part


def test_someone_with_nothing_to_do_is_told_so(login, other_agency, world):
    reader = UserFactory(agency=other_agency, roles=[(Role.COORDINATOR, other_agency)])
    page = home(login(reader))
    assert waiting(page) == set() and 'id="nothing-waiting"' in step_5(page)


def test_a_revised_plan_counts_once(login, km_officer, world, agency):
    item = knowledge(world["two"], [agency], name="ความรู้ที่ปรับแผน")
    first = plan(item, agency, km_officer, State.APPROVED)
    plan(item, agency, km_officer, State.DRAFT, previous=first)
    part = step_5(home(login(km_officer)))
    two = re.search(rf'<tr id="plans-issue-{world["two"].pk}">(.*?)</tr>', part, re.S).group(1)
    assert re.findall(r'<td class="text-center[^"]*">(\d+)</td>', two) == ["2", "0", "0", "0", "0", "2"]


def _more(fiscal_year, agency, user, n: int) -> None:
    """Plans of the agency and the province, drafts and submitted, for ``2 n`` more knowledge items."""
    issue = StrategicIssue.objects.get(fiscal_year=fiscal_year, number=1)
    for i in range(n):
        first, second = (knowledge(issue, [agency], name=f"ความรู้เพิ่ม {i}.{j}") for j in (1, 2))
        plan(first, agency, user, State.DRAFT)
        plan(first, None, user, State.SUBMITTED)
        plan(second, agency, user, State.SUBMITTED)
        plan(second, None, user, State.DRAFT)


@pytest.mark.parametrize("actor", ["km_officer", "agency_user", "issue_lead", "cko", "agency_cko"])
def test_it_makes_a_fixed_number_of_queries(
    request, login, world, fiscal_year, agency, km_officer, actor, django_assert_max_num_queries
):
    client = login(request.getfixturevalue(actor))
    _more(fiscal_year, agency, km_officer, 2)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home"))
    _more(fiscal_year, agency, km_officer, 6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = home(client)
    assert len(waiting(page)) >= 1 + 8  # each role has a plan more waiting for each pair of items
