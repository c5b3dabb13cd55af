"""Two people on one KM action plan at once, on two real database connections (PostgreSQL's row
locks): one move wins, the other is told, and nobody's rows are replaced unseen."""

from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from actionplans import services, workflow
from actionplans.models import ActionPlan, PlanStep, State
from tests.test_actionplan_pages import form_data, posted, row
from tests.test_races import at_once, pausing_after, postgresql

pytestmark = [postgresql, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan(plan_knowledge, fiscal_year, agency, agency_user):
    plan = services.open_plan(agency_user, fiscal_year, plan_knowledge, agency.pk)
    services.save_activities(plan, [row("ชุมชนนักปฏิบัติ")], services.fingerprint(plan), agency_user)
    return plan


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_cko_reviews_and_returns_at_once_and_one_wins(plan, agency_user, agency_cko):
    workflow.act(plan, agency_user, "submit")
    first, second = client_of(agency_cko), client_of(agency_cko)
    url = reverse("actionplan-act", args=[plan.pk])
    with mock.patch.object(workflow, "_lock", pausing_after(workflow._lock)):
        results = at_once(
            lambda: first.post(url, {"action": "review"}),
            lambda: second.post(url, {"action": "return", "comment": "แก้กิจกรรม"}),
        )
    assert [getattr(r, "status_code", r) for r in results] == [302, 302]
    plan.refresh_from_db()
    assert plan.state in (State.REVIEWED, State.RETURNED)
    assert PlanStep.objects.filter(plan=plan).exclude(action="submit").count() == 1


def test_two_writers_save_the_table_at_once_and_one_is_shown_the_other(plan, agency_user, project_manager):
    url = reverse("actionplan-activities", args=[plan.pk])
    seen = services.fingerprint(plan)
    (activity,) = plan.activities.all()
    people = [(client_of(agency_user), "จากทีม"), (client_of(project_manager), "จาก PM")]
    with mock.patch.object(services, "lock", pausing_after(services.lock)):
        results = at_once(
            *[
                (
                    lambda c=c, n=n: c.post(
                        url, form_data(plan, [posted(activity), posted(name=n)], seen=seen, initial=1)
                    )
                )
                for c, n in people
            ]
        )
    statuses = sorted(getattr(r, "status_code", r) for r in results)
    assert statuses == [200, 302]
    names = set(plan.activities.values_list("name", flat=True))
    assert len(names) == 2 and ("จากทีม" in names) != ("จาก PM" in names)
    refused = next(r for r in results if r.status_code == 200)
    assert "stale-activities" in refused.content.decode()


def test_two_revisions_started_at_once_make_one(plan, agency_user, project_manager, agency_cko, agency_ceo):
    workflow.act(plan, agency_user, "submit")
    workflow.act(plan, agency_cko, "review")
    workflow.act(plan, agency_ceo, "approve")
    url = reverse("actionplan-revise", args=[plan.pk])
    with mock.patch.object(workflow, "_lock", pausing_after(workflow._lock)):
        results = at_once(
            lambda: client_of(agency_user).post(url), lambda: client_of(project_manager).post(url)
        )
    assert [getattr(r, "status_code", r) for r in results] == [302, 302]
    assert ActionPlan.objects.filter(previous=plan).count() == 1


def test_two_opening_one_plan_at_once_make_one(
    plan_knowledge, fiscal_year, agency, agency_user, project_manager
):
    url = reverse("actionplan-create")
    data = {"plan": f"{plan_knowledge.pk}-{agency.pk}"}
    with mock.patch.object(ActionPlan, "save", pausing_after(ActionPlan.save)):
        results = at_once(
            lambda: client_of(agency_user).post(url, data), lambda: client_of(project_manager).post(url, data)
        )
    assert sorted(getattr(r, "status_code", r) for r in results) == [200, 302]
    assert ActionPlan.objects.count() == 1
