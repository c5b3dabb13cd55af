"""The demo's KM action plans: every state, something waiting for each demo account in the current
year, real steps and activities, and a second seeding that changes nothing."""

import pytest
from django.core.management import call_command

from actionplans import steps, workflow
from actionplans.models import ActionPlan, Activity, PlanComment, PlanStep, State
from core.models import User

CURRENT = 2570


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def _latest(year: int = CURRENT):
    return ActionPlan.objects.filter(fiscal_year__year=year, next_revision__isnull=True).select_related(
        "agency", "fiscal_year", "knowledge__process__kpi__issue"
    )


def test_the_current_year_has_plans_in_every_state_and_a_revision(demo):
    assert {p.state for p in _latest()} == set(State.values)
    revision = ActionPlan.objects.get(fiscal_year__year=CURRENT, revision=2)
    assert revision.state == State.DRAFT and revision.previous.state == State.APPROVED
    assert list(revision.activities.values_list("name", flat=True))[
        : revision.previous.activities.count()
    ] == list(revision.previous.activities.values_list("name", flat=True))
    assert ActionPlan.objects.filter(fiscal_year__year=CURRENT - 1, state=State.APPROVED).exists()


# Each demo account, and what waits for it: the move it has to make, on an agency's plan or the
# province's.
WAITING = [
    ("agri.cko", "review", "agency", State.SUBMITTED),
    ("agri.head", "approve", "agency", State.REVIEWED),
    ("agri.team", "submit", "agency", State.RETURNED),
    ("agri.pm", "submit", "agency", State.DRAFT),
    ("province.cko", "review", "province", State.SUBMITTED),
    ("governor", "approve", "province", State.REVIEWED),
]


def test_each_demo_role_has_a_plan_waiting_in_the_current_year(demo):
    plans = list(_latest())
    for username, action, kind, state in WAITING:
        user = User.objects.get(username=username)
        waiting = [
            plan
            for plan in plans
            if plan.state == state
            and plan.is_province_plan == (kind == "province")
            and action in workflow.actions_for(user, plan)
        ]
        assert waiting, username
    # The returned plan says why; the draft has a comment of the team.
    returned = _latest().get(state=State.RETURNED)
    assert returned.steps.last().comment.startswith("ขอให้เพิ่มกิจกรรมวัดผล")
    draft = _latest().get(state=State.DRAFT, revision=1)
    assert PlanComment.objects.filter(plan=draft, author__username="issue.lead").exists()


def test_every_plan_has_three_to_six_activities_in_its_year_serving_steps(demo):
    for plan in ActionPlan.objects.all():
        activities = list(plan.activities.all())
        assert 3 <= len(activities) <= 6, plan
        assert [a.order for a in activities] == list(range(1, len(activities) + 1))
        for activity in activities:
            assert (
                plan.fiscal_year.start <= activity.start_month <= activity.end_month <= plan.fiscal_year.end
            )
            assert activity.steps and set(activity.steps) <= set(steps.CODES)
            assert activity.indicator and activity.target and activity.target_group and activity.responsible


def test_every_step_was_taken_by_the_demo_account_whose_move_it_is(demo):
    assert PlanStep.objects.exists()
    for step in PlanStep.objects.select_related("actor", "plan__agency"):
        assert (step.signer_name, step.signer_position) == (step.actor.get_full_name(), step.actor.position)
        if step.action == "review":
            assert step.actor.username == ("agri.cko" if step.plan.agency_id else "province.cko")
        if step.action == "approve":
            assert step.actor.username == ("agri.head" if step.plan.agency_id else "governor")
    # The history of every move is kept, with its reason.
    submitted = _latest().filter(state=State.SUBMITTED).first()
    assert submitted.history.filter(history_change_reason__isnull=False).count() == 2  # opened, submitted


def test_seeding_twice_changes_no_plan(db):
    def snapshot():
        return {
            model.__name__: sorted(map(str, model.objects.values_list()))
            for model in (ActionPlan, Activity, PlanStep, PlanComment)
        }

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    first = snapshot()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert snapshot() == first
