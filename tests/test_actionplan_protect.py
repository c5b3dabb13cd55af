"""A KM action plan keeps its knowledge: deleting that knowledge, its work process, its KPI or its
strategic issue is refused with a message saying which plans rest on it, and nothing is deleted.
(A finalised issue refuses every delete anyway; these issues are reopened first.)"""

import pytest
from django.contrib.messages import ERROR, get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from actionplans import services
from actionplans.models import ActionPlan
from core.models import Agency
from tests.factories import finalised_knowledge
from worksheets.models import KnowledgeItem, Kpi, StrategicIssue, WorkProcess
from worksheets.views.deleting import refusal


@pytest.fixture
def item(fiscal_year, agency, issue_lead):
    item = finalised_knowledge(fiscal_year, agency, name="เทคนิคการผลิตพืชปลอดภัยตามมาตรฐาน GAP")
    item.process.kpi.issue.members.add(issue_lead)
    return item


@pytest.fixture
def plan(item, fiscal_year, agency, agency_user):
    plan = services.open_plan(agency_user, fiscal_year, item, agency.pk)
    # Reopened afterwards, to be changed: its worksheets take deletes again.
    StrategicIssue.objects.filter(pk=item.process.kpi.issue_id).update(finalised_at=None)
    return plan


def _everything(item) -> dict:
    return {
        "knowledge": (KnowledgeItem, item.pk, "knowledge-delete"),
        "process": (WorkProcess, item.process_id, "process-delete"),
        "kpi": (Kpi, item.process.kpi_id, "kpi-delete"),
        "issue": (StrategicIssue, item.process.kpi.issue_id, "issue-delete"),
    }


# Worksheet 1 (KPIs, issues) is the provincial KM team's; worksheet 3 also the issue's team's.
@pytest.mark.parametrize(
    "who, what",
    [("km_officer", "knowledge"), ("km_officer", "process"), ("km_officer", "kpi"), ("km_officer", "issue"),
     ("issue_lead", "knowledge"), ("issue_lead", "process")],
)  # fmt: skip
def test_what_a_plan_rests_on_is_not_deleted_and_the_page_says_why(request, login, item, plan, who, what):
    model, pk, url_name = _everything(item)[what]
    client = login(request.getfixturevalue(who))
    response = client.post(reverse(url_name, args=[pk]))
    assert response.status_code == 302
    [message] = get_messages(response.wsgi_request)
    with translation.override("th"):
        assert (message.level, message.message) == (ERROR, refusal(model.objects.get(pk=pk), [plan]))
    assert str(plan) in message.message
    assert model.objects.filter(pk=pk).exists()
    assert KnowledgeItem.objects.filter(pk=item.pk).exists()
    assert ActionPlan.objects.filter(pk=plan.pk, knowledge=item).exists()
    # The page it goes back to shows the message.
    assert escape(message.message) in client.get(response.url).content.decode()


def test_knowledge_without_a_plan_is_deleted_beside_one_that_has_one(login, km_officer, item, plan):
    other = KnowledgeItem.objects.create(
        process=item.process, order=2, name="ขั้นตอนการขอรับรอง GAP", kind="explicit"
    )
    response = login(km_officer).post(reverse("knowledge-delete", args=[other.pk]))
    assert response.status_code == 302
    assert not KnowledgeItem.objects.filter(pk=other.pk).exists()
    [message] = get_messages(response.wsgi_request)
    assert message.level != ERROR


def test_the_refusal_names_three_plans_and_counts_the_rest(item, fiscal_year):
    plans = [
        ActionPlan(fiscal_year=fiscal_year, knowledge=item, agency=Agency(pk=900 + n, name=f"สำนักงานที่ {n}"))
        for n in range(1, 6)
    ]
    with translation.override("en"):
        assert refusal(item, plans) == (
            f"“{item}” was not deleted: KM action plans rest on it or on the knowledge under it "
            f"({plans[0]}, {plans[1]}, {plans[2]} and 2 more). It stays while they do."
        )
