"""The KM action plan's workflow (``actionplans.workflow``), transition by transition and role by
role, the forbidden moves included; what each move records (steps, header, history) and tells
(notifications); revisions; and the activity saves that only a draft or returned plan takes.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from actionplans import services, workflow
from actionplans.models import ActionPlan, Activity, PlanStep, State
from actionplans.workflow import NotReady, WrongState
from core.models import Notification, User
from tests.factories import ActionPlanFactory, ActivityFactory, finalised_knowledge
from worksheets.models import KnowledgeItem, Kpi, StrategicIssue

ACTORS = (
    "agency_user", "project_manager", "coordinator", "agency_cko", "agency_ceo",
    "cko", "ceo", "km_officer", "issue_lead", "other_agency_user",
)  # fmt: skip
STATES = ("draft", "submitted", "reviewed", "approved", "returned")
ACTIONS = ("submit", "review", "return", "approve", "revise")
# Who writes, reviews (ผู้ทบทวน) and approves (ผู้อนุมัติ) each kind of plan.
PEOPLE = {
    "agency": {
        "writers": ("agency_user", "project_manager"),
        "reviewer": "agency_cko",
        "approver": "agency_ceo",
    },
    "province": {"writers": ("km_officer", "issue_lead"), "reviewer": "cko", "approver": "ceo"},
}
COMMENT = "ควรเพิ่มกิจกรรมถอดบทเรียนจากเกษตรกรต้นแบบ"

# The catalogue's Thai for the workflow's words: what it records and tells is Thai, whatever the
# actor reads.
THAI = {
    "Submitted": "ส่งแผน",
    "Reviewed": "ทบทวนแล้ว",
    "Returned": "ส่งกลับให้แก้ไข",
    "Approved": "อนุมัติแล้ว",
    "%(action)s by %(name)s": "%(action)s โดย %(name)s",
    "Revision %(number)s started by %(name)s": "เริ่มจัดทำฉบับปรับปรุงที่ %(number)s โดย %(name)s",
    "Plan opened": "เริ่มจัดทำแผน",
    "Activities saved": "บันทึกกิจกรรม",
    "The KM action plan for %(knowledge)s of %(owner)s awaits your review.": (
        "แผนการจัดการความรู้เรื่อง %(knowledge)s ของ%(owner)s รอการทบทวนจากท่าน"
    ),
    "The KM action plan for %(knowledge)s of %(owner)s is reviewed and awaits your approval.": (
        "แผนการจัดการความรู้เรื่อง %(knowledge)s ของ%(owner)s ผ่านการทบทวนแล้ว รอการอนุมัติจากท่าน"
    ),
    "The KM action plan for %(knowledge)s of %(owner)s was returned by %(name)s: %(comment)s": (
        "แผนการจัดการความรู้เรื่อง %(knowledge)s ของ%(owner)s ถูกส่งกลับโดย %(name)s: %(comment)s"
    ),
    "The KM action plan for %(knowledge)s of %(owner)s is approved by %(name)s.": (
        "แผนการจัดการความรู้เรื่อง %(knowledge)s ของ%(owner)s ได้รับอนุมัติโดย %(name)s แล้ว"
    ),
}


@pytest.fixture
def knowledge(fiscal_year, agency, issue_lead):
    item = finalised_knowledge(fiscal_year, agency, name="เทคนิคการผลิตพืชปลอดภัยตามมาตรฐาน GAP")
    item.process.kpi.issue.members.add(issue_lead)
    return item


@pytest.fixture
def plans(fiscal_year, agency, knowledge, agency_user, km_officer) -> dict[str, ActionPlan]:
    return {
        "agency": services.open_plan(agency_user, fiscal_year, knowledge, agency.pk),
        "province": services.open_plan(km_officer, fiscal_year, knowledge, None),
    }


def row(plan: ActionPlan, name="ชุมชนนักปฏิบัติ (CoP) การผลิตพืชปลอดภัย", **fields) -> dict:
    month = plan.fiscal_year.start
    return {
        "name": name, "start_month": month, "end_month": month, "indicator": "จำนวนครั้ง",
        "target": "4 ครั้ง", "target_group": "เกษตรกรแปลงใหญ่", "responsible": "กลุ่มส่งเสริมการผลิต",
        "remark": "", "steps": ["km6", "ch2"], **fields,
    }  # fmt: skip


def write(plan: ActionPlan, user: User, *names: str) -> list[Activity]:
    rows = [row(plan, name) for name in names or ("ชุมชนนักปฏิบัติ (CoP) การผลิตพืชปลอดภัย",)]
    return services.save_activities(plan, rows, services.fingerprint(plan), user)


def bring(plan: ActionPlan, state: str, people: dict[str, User], *activities: str) -> ActionPlan:
    """The plan, with its activities (one if none is named), moved to ``state`` by the people
    whose move it is."""
    write(plan, people["writer"], *activities)
    if state == "draft":
        return plan
    plan = workflow.act(plan, people["writer"], "submit")
    if state == "returned":
        return workflow.act(plan, people["reviewer"], "return", COMMENT)
    if state == "submitted":
        return plan
    plan = workflow.act(plan, people["reviewer"], "review")
    if state == "reviewed":
        return plan
    return workflow.act(plan, people["approver"], "approve")


def people_of(request, kind: str) -> dict[str, User]:
    names = PEOPLE[kind]
    return {
        "writer": request.getfixturevalue(names["writers"][0]),
        "reviewer": request.getfixturevalue(names["reviewer"]),
        "approver": request.getfixturevalue(names["approver"]),
    }


def expected(kind: str, state: str, action: str, actor: str):
    """The new state, or the exception: ``WrongState`` for a move the actor makes on such a plan,
    but from another state (someone acted first); ``PermissionDenied`` for a move never theirs."""
    p = PEOPLE[kind]
    reviewer, approver, writers = (p["reviewer"],), (p["approver"],), p["writers"]
    allowed = {
        ("draft", "submit"): (writers, "submitted"),
        ("returned", "submit"): (writers, "submitted"),
        ("submitted", "review"): (reviewer, "reviewed"),
        ("submitted", "return"): (reviewer, "returned"),
        ("reviewed", "approve"): (approver, "approved"),
        ("reviewed", "return"): (approver, "returned"),
        ("approved", "revise"): (writers, "draft"),  # a new revision, as a draft
    }
    actors, target = allowed.get((state, action), ((), None))
    if actor in actors:
        return target
    holders = {a for (_s, act), (who, _t) in allowed.items() if act == action for a in who}
    return WrongState if actor in holders else PermissionDenied


class Undo(Exception):
    pass


def attempt(plan: ActionPlan, user: User, action: str):
    """What the move gives (the new state, or the exception's class), then undone."""
    try:
        with transaction.atomic():
            if action == "revise":
                new = workflow.revise(plan, user)
                assert new.revision == plan.revision + 1 and new.previous_id == plan.pk
                assert ActionPlan.objects.get(pk=plan.pk).state == State.APPROVED
            else:
                new = workflow.act(plan, user, action, COMMENT if action == "return" else "")
                assert new.pk == plan.pk
            assert new.steps.last().actor == user
            raise Undo(new.state)
    except Undo as done:
        return done.args[0]
    except (PermissionDenied, WrongState) as refused:
        return type(refused)


@pytest.mark.parametrize("kind", ["agency", "province"])
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
def test_each_move_by_each_person_from_each_state(request, plans, kind, state, action):
    plan = bring(plans[kind], state, people_of(request, kind))
    steps = plan.steps.count()
    outcomes = {actor: attempt(plan, request.getfixturevalue(actor), action) for actor in ACTORS}
    assert outcomes == {actor: expected(kind, state, action, actor) for actor in ACTORS}
    plan.refresh_from_db()
    assert plan.state == state and plan.steps.count() == steps  # a refused move changes nothing


@pytest.mark.parametrize("kind", ["agency", "province"])
@pytest.mark.parametrize("state", STATES)
def test_a_page_offers_each_person_the_moves_the_workflow_allows_them(request, plans, kind, state):
    plan = bring(plans[kind], state, people_of(request, kind))
    for actor in ACTORS:
        offered = workflow.actions_for(request.getfixturevalue(actor), plan)
        allowed = [a for a in ACTIONS if isinstance(expected(kind, state, a, actor), str)]
        assert sorted(offered) == sorted(allowed), actor


def test_a_return_needs_a_comment(request, plans, agency_cko, agency_ceo):
    plan = bring(plans["agency"], "submitted", people_of(request, "agency"))
    for blank in ("", "   \n"):
        with pytest.raises(ValueError):
            workflow.act(plan, agency_cko, "return", blank)
    plan = workflow.act(plan, agency_cko, "review")
    with pytest.raises(ValueError):
        workflow.act(plan, agency_ceo, "return")
    plan.refresh_from_db()
    assert plan.state == State.REVIEWED
    assert [s.action for s in plan.steps.all()] == ["submit", "review"]


def test_a_return_keeps_the_comment_on_its_step(request, plans, agency_ceo):
    plan = bring(plans["agency"], "reviewed", people_of(request, "agency"))
    workflow.act(plan, agency_ceo, "return", f"  {COMMENT}  ")
    step = plan.steps.last()
    assert (step.action, step.from_state, step.to_state, step.comment) == (
        "return", "reviewed", "returned", COMMENT,
    )  # fmt: skip
    # A return undoes the review: the footer is blank again.
    assert workflow.signatures(plan) == {"review": None, "approval": None}


@pytest.mark.parametrize("kind", ["agency", "province"])
def test_a_plan_without_activities_cannot_be_submitted(request, plans, kind):
    plan = plans[kind]
    with pytest.raises(NotReady) as refused:
        workflow.act(plan, people_of(request, kind)["writer"], "submit")
    assert refused.value.problems
    plan.refresh_from_db()
    assert plan.state == State.DRAFT and not plan.steps.exists() and not plan.header_knowledge


def test_submitting_copies_the_header_so_a_later_change_upstream_leaves_it(
    plans, knowledge, agency, agency_user
):
    plan, draft = plans["agency"], plans["province"]
    kpi = knowledge.process.kpi
    before = workflow.shown_header(plan)
    assert before["knowledge"] == "เทคนิคการผลิตพืชปลอดภัยตามมาตรฐาน GAP"
    assert before["owner"] == agency.name
    assert before["kpi"] == f"{kpi.code} {kpi.name}" and before["target"] == "80 ร้อยละ"
    write(plan, agency_user)
    workflow.act(plan, agency_user, "submit")
    # The worksheets change after the plan was submitted (reopened and edited, say).
    KnowledgeItem.objects.filter(pk=knowledge.pk).update(name="เทคนิคการผลิตพืชอินทรีย์")
    Kpi.objects.filter(pk=kpi.pk).update(name="ร้อยละของพื้นที่เกษตรอินทรีย์", target="90")
    StrategicIssue.objects.filter(pk=kpi.issue_id).update(title="เกษตรอินทรีย์")
    submitted = ActionPlan.objects.get(pk=plan.pk)
    assert workflow.shown_header(submitted) == before
    assert (submitted.header_knowledge, submitted.header_owner) == (before["knowledge"], agency.name)
    # A plan not submitted yet reads the worksheets as they are now.
    now = workflow.shown_header(ActionPlan.objects.get(pk=draft.pk))
    assert now["knowledge"] == "เทคนิคการผลิตพืชอินทรีย์"
    assert "ร้อยละของพื้นที่เกษตรอินทรีย์" in now["kpi"] and now["target"] == "90 ร้อยละ"
    assert "เกษตรอินทรีย์" in now["issue"]


def test_each_step_keeps_the_signers_name_and_position_at_that_moment(
    plans, agency_user, agency_cko, agency_ceo
):
    positions = {
        agency_user: "นักวิชาการเกษตรชำนาญการ",
        agency_cko: "หัวหน้ากลุ่มยุทธศาสตร์และสารสนเทศ",
        agency_ceo: "เกษตรจังหวัดกาฬสินธุ์",
    }
    for user, position in positions.items():
        user.position = position
        user.save()
    plan = plans["agency"]
    write(plan, agency_user)
    for user, action in ((agency_user, "submit"), (agency_cko, "review"), (agency_ceo, "approve")):
        plan = workflow.act(plan, user, action)
    # People change posts and names afterwards; what was signed stays.
    User.objects.filter(pk__in=[u.pk for u in positions]).update(position="ย้ายไปรับตำแหน่งใหม่", last_name="ใหม่")
    steps = list(PlanStep.objects.filter(plan=plan))
    assert [(s.action, s.from_state, s.to_state) for s in steps] == [
        ("submit", "draft", "submitted"),
        ("review", "submitted", "reviewed"),
        ("approve", "reviewed", "approved"),
    ]
    for step, user in zip(steps, positions, strict=True):
        assert step.actor_id == user.pk
        assert (step.signer_name, step.signer_position) == (user.get_full_name(), positions[user])
        assert step.at is not None
    footer = workflow.signatures(plan)
    assert (footer["review"].signer_name, footer["review"].signer_position) == (
        agency_cko.get_full_name(), positions[agency_cko],
    )  # fmt: skip
    assert footer["approval"].signer_position == positions[agency_ceo]


def test_history_reasons_are_thai_though_the_actor_reads_english(plans, agency_user, agency_cko, agency_ceo):
    plan = plans["agency"]
    with translation.override("en"):
        write(plan, agency_user)
        plan = workflow.act(plan, agency_user, "submit")
        plan = workflow.act(plan, agency_cko, "return", COMMENT)
        plan = workflow.act(plan, agency_user, "submit")
        plan = workflow.act(plan, agency_cko, "review")
        plan = workflow.act(plan, agency_ceo, "approve")
        new = workflow.revise(plan, agency_user)
    reasons = list(
        plan.history.order_by("history_date", "history_id").values_list("history_change_reason", flat=True)
    )
    team, cko, head = (u.get_full_name() for u in (agency_user, agency_cko, agency_ceo))
    assert reasons == [
        "เริ่มจัดทำแผน",
        f"ส่งแผน โดย {team}",
        f"ส่งกลับให้แก้ไข โดย {cko}: {COMMENT}",
        f"ส่งแผน โดย {team}",
        f"ทบทวนแล้ว โดย {cko}",
        f"อนุมัติแล้ว โดย {head}",
    ]
    assert [r.history_change_reason for r in Activity.history.filter(plan_id=plan.pk)] == ["บันทึกกิจกรรม"]
    started = f"เริ่มจัดทำฉบับปรับปรุงที่ 2 โดย {team}"
    assert new.history.get().history_change_reason == started
    assert {r.history_change_reason for r in Activity.history.filter(plan_id=new.pk)} == {started}


def test_a_long_return_comment_is_kept_whole_on_its_step_and_fits_the_history(request, plans, agency_cko):
    plan = bring(plans["agency"], "submitted", people_of(request, "agency"))
    comment = "ขอให้เพิ่มกิจกรรมถอดบทเรียนจากเกษตรกรต้นแบบ " * 10
    plan = workflow.act(plan, agency_cko, "return", comment)
    assert plan.steps.last().comment == comment.strip()
    reason = plan.history.latest("history_date").history_change_reason
    assert len(reason) <= 100 and reason.endswith("…")


@pytest.mark.parametrize("kind", ["agency", "province"])
def test_people_who_must_act_are_told_in_thai_after_the_commit(
    request, plans, kind, django_capture_on_commit_callbacks, agency, fiscal_year
):
    people = people_of(request, kind)
    writer, reviewer, approver = people["writer"], people["reviewer"], people["approver"]
    plan = plans[kind]
    write(plan, writer)
    involved = {request.getfixturevalue(name) for name in PEOPLE[kind]["writers"]}
    involved.add(request.getfixturevalue("issue_lead"))  # on the issue's team
    owner = agency.name if kind == "agency" else f"{fiscal_year.province.name} Province"

    def told(user, action, comment=""):
        Notification.objects.all().delete()
        with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
            workflow.act(plan, user, action, comment)
            assert not Notification.objects.exists()  # nobody is told of what may yet be undone
        notices = Notification.objects.all()
        assert {n.url for n in notices} == {reverse("actionplan-detail", args=[plan.pk])}
        assert {n.text for n in notices} and len({n.text for n in notices}) == 1
        return {n.user for n in notices}, notices[0].text

    knowledge = "เทคนิคการผลิตพืชปลอดภัยตามมาตรฐาน GAP"
    users, text = told(writer, "submit")
    assert users == {reviewer}
    assert text.startswith(f"แผนการจัดการความรู้เรื่อง {knowledge} ของ") and text.endswith("รอการทบทวนจากท่าน")
    if kind == "agency":
        assert owner in text
    users, text = told(reviewer, "return", COMMENT)
    assert users == involved
    assert f"ถูกส่งกลับโดย {reviewer.get_full_name()}: {COMMENT}" in text
    told(writer, "submit")
    users, text = told(reviewer, "review")
    assert users == {approver} and text.endswith("รอการอนุมัติจากท่าน")
    users, text = told(approver, "approve")
    assert users == involved
    assert text.endswith(f"ได้รับอนุมัติโดย {approver.get_full_name()} แล้ว")


def test_a_refused_move_tells_nobody(request, plans, agency_user, django_capture_on_commit_callbacks):
    plan = bring(plans["agency"], "submitted", people_of(request, "agency"))
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(WrongState):
            workflow.act(plan, agency_user, "submit")
    assert not Notification.objects.exists()


def test_a_revision_copies_the_activities_as_a_draft_and_the_approved_one_stays(
    request, plans, agency_user, project_manager
):
    activities = ("ชุมชนนักปฏิบัติ (CoP)", "ถอดบทเรียนเกษตรกรต้นแบบ", "จัดทำคู่มือการผลิตพืช GAP")
    plan = bring(plans["agency"], "approved", people_of(request, "agency"), *activities)
    approved_rows = list(plan.activities.values_list("order", "name", "steps"))
    seen = services.fingerprint(plan)
    new = workflow.revise(plan, project_manager)
    assert new.revision == 2 and new.previous_id == plan.pk and new.agency_id == plan.agency_id
    assert new.state == State.DRAFT
    assert list(new.activities.values_list("order", "name", "steps")) == approved_rows
    assert [name for _order, name, _steps in approved_rows] == list(activities)
    copies = set(new.activities.values_list("pk", flat=True))
    assert not copies & set(plan.activities.values_list("pk", flat=True))
    [step] = new.steps.all()
    assert (step.action, step.actor, step.to_state) == ("revise", project_manager, "draft")
    assert not new.header_knowledge  # it reads the worksheets again until it is submitted
    old = ActionPlan.objects.get(pk=plan.pk)
    assert old.state == State.APPROVED and services.fingerprint(old) == seen
    assert workflow.signatures(old)["approval"] is not None
    # The new revision is changed; the approved one is not.
    services.save_activities(new, [row(new, "เวทีแลกเปลี่ยนเรียนรู้")], services.fingerprint(new), project_manager)
    assert services.fingerprint(ActionPlan.objects.get(pk=plan.pk)) == seen
    assert workflow.actions_for(agency_user, old) == []  # nothing more to do on the old one


def test_an_old_revision_is_revised_only_once(request, plans, agency_user, project_manager):
    plan = bring(plans["agency"], "approved", people_of(request, "agency"))
    workflow.revise(plan, agency_user)
    with pytest.raises(WrongState):
        workflow.revise(plan, project_manager)
    assert ActionPlan.objects.filter(previous=plan).count() == 1


def test_a_new_revision_goes_the_whole_way_again(request, plans, agency_user, agency_cko, agency_ceo):
    plan = bring(plans["agency"], "approved", people_of(request, "agency"))
    new = workflow.revise(plan, agency_user)
    with pytest.raises(WrongState):
        workflow.act(new, agency_ceo, "approve")
    for user, action in ((agency_user, "submit"), (agency_cko, "review"), (agency_ceo, "approve")):
        new = workflow.act(new, user, action)
    assert new.state == State.APPROVED and ActionPlan.objects.get(pk=plan.pk).state == State.APPROVED
    third = workflow.revise(new, agency_user)
    assert third.revision == 3


@pytest.mark.parametrize("state", ["submitted", "reviewed", "approved"])
def test_a_plan_out_of_its_writers_hands_takes_no_activity_save(request, plans, agency_user, state):
    plan = bring(plans["agency"], state, people_of(request, "agency"))
    seen = services.fingerprint(plan)
    with pytest.raises(PermissionDenied):
        services.save_activities(plan, [row(plan, "กิจกรรมที่แอบเพิ่ม")], seen, agency_user)
    assert list(plan.activities.values_list("name", flat=True)) == ["ชุมชนนักปฏิบัติ (CoP) การผลิตพืชปลอดภัย"]


def test_an_approved_revision_followed_by_a_newer_one_takes_no_activity_save(request, plans, agency_user):
    plan = bring(plans["agency"], "approved", people_of(request, "agency"))
    workflow.revise(plan, agency_user)
    with pytest.raises(PermissionDenied):
        services.save_activities(plan, [], services.fingerprint(plan), agency_user)
    assert plan.activities.count() == 1


@pytest.mark.parametrize(
    "name", ["coordinator", "agency_cko", "agency_ceo", "km_officer", "other_agency_user"]
)
def test_only_its_writers_save_a_drafts_activities(request, plans, name):
    plan = plans["agency"]
    with pytest.raises(PermissionDenied):
        services.save_activities(plan, [row(plan)], services.fingerprint(plan), request.getfixturevalue(name))
    assert not plan.activities.exists()


def test_a_save_on_a_stale_page_writes_nothing_and_brings_the_fresh_rows(plans, agency_user, project_manager):
    plan = plans["agency"]
    [first] = write(plan, agency_user, "ชุมชนนักปฏิบัติ (CoP)")
    seen_by_both = services.fingerprint(plan)
    # The project manager saves first: renames the row and adds one.
    services.save_activities(
        plan,
        [row(plan, "ชุมชนนักปฏิบัติ (CoP) การผลิตพืช GAP", id=first.pk), row(plan, "ถอดบทเรียน")],
        seen_by_both,
        project_manager,
    )
    history = Activity.history.count()
    saved = list(plan.activities.values_list("pk", "order", "name"))
    with pytest.raises(services.StalePlan) as stale:
        services.save_activities(
            plan, [row(plan, "เวทีแลกเปลี่ยนเรียนรู้", id=first.pk)], seen_by_both, agency_user
        )
    assert list(plan.activities.values_list("pk", "order", "name")) == saved
    assert Activity.history.count() == history
    assert [a.name for a in stale.value.activities] == ["ชุมชนนักปฏิบัติ (CoP) การผลิตพืช GAP", "ถอดบทเรียน"]


def test_a_state_change_makes_an_open_page_stale(request, plans, agency_user, agency_cko):
    plan = bring(plans["agency"], "submitted", people_of(request, "agency"))
    seen = services.fingerprint(ActionPlan.objects.get(pk=plan.pk))
    plan = workflow.act(plan, agency_cko, "return", COMMENT)
    assert services.fingerprint(plan) != seen
    with pytest.raises(services.StalePlan):
        services.save_activities(plan, [], seen, agency_user)
    assert plan.activities.count() == 1


def test_the_factory_builds_plans_that_go_the_whole_way(
    agency, agency_cko, agency_ceo, cko, ceo, fiscal_year
):
    plan = ActionPlanFactory(agency=agency, fiscal_year=fiscal_year)
    ActivityFactory(plan=plan, order=1)
    ActivityFactory(plan=plan, order=2, name="ถอดบทเรียน", steps=["km2", "km4"])
    for user, action in ((plan.created_by, "submit"), (agency_cko, "review"), (agency_ceo, "approve")):
        plan = workflow.act(plan, user, action)
    assert plan.state == State.APPROVED
    province_plan = ActionPlanFactory(agency=None, fiscal_year=fiscal_year)
    ActivityFactory(plan=province_plan)
    for user, action in ((province_plan.created_by, "submit"), (cko, "review"), (ceo, "approve")):
        province_plan = workflow.act(province_plan, user, action)
    assert province_plan.state == State.APPROVED
