"""A KM Action Plan's way from draft to approval (แบบฟอร์ม 2: ผู้ทบทวน, ผู้อนุมัติ).

    draft ──submit──▶ submitted ──review──▶ reviewed ──approve──▶ approved
      ▲                  │                     │                    │
      └──── returned ◀──return (CKO)    return (CEO)                └─revise─▶ next revision (draft)

- The plan's writers submit a draft or returned plan that has activities; submitting copies its
  header, so what is signed never changes with the worksheets.
- The reviewer (the agency's CKO, the province's for a province plan) reviews a submitted plan or
  returns it; the approver (the agency's head, the governor for a province plan) approves a
  reviewed plan or returns it. A return needs a comment.
- An approved plan is frozen. Its writers start a new revision to change it; the approved one stays
  readable, and the new one goes the whole way again.

Every move is a ``PlanStep`` row (who, when, comment, the signer's name and position at that
moment) and a history entry with a reason, in the province's language; the people who must act
next, or who are involved, are told once the move is committed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from actionplans import access
from actionplans.models import ActionPlan, Activity, PlanStep, State
from core.models import Role, User
from core.notify import in_recipients_language, notify

Action = PlanStep.Action


class WrongState(Exception):
    """The plan is not (or no longer) in a state this move starts from: someone else moved it."""

    def __init__(self, plan: ActionPlan):
        super().__init__(plan.state)
        self.plan = plan

    @property
    def message(self) -> str:
        return _("The plan is now %(state)s: someone else has acted on it. Nothing was changed.") % {
            "state": self.plan.get_state_display()
        }


class NotReady(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Move:
    """A move of a workflow: from which states to which, and who may make it (on a plan here; the
    progress reports' workflow uses the same shape)."""

    action: str
    sources: tuple[str, ...]
    target: str
    may: Callable[[User, Any], bool]


MOVES = (
    Move(Action.SUBMIT, (State.DRAFT, State.RETURNED), State.SUBMITTED, access.can_write),
    Move(Action.REVIEW, (State.SUBMITTED,), State.REVIEWED, access.can_review),
    Move(Action.RETURN, (State.SUBMITTED,), State.RETURNED, access.can_review),
    Move(Action.APPROVE, (State.REVIEWED,), State.APPROVED, access.can_approve),
    Move(Action.RETURN, (State.REVIEWED,), State.RETURNED, access.can_approve),
)
NEEDS_COMMENT = {Action.RETURN}


def actions_for(user: User, plan: ActionPlan, latest: bool | None = None) -> list[str]:
    """The moves ``user`` may make on ``plan`` now, in the order a page offers them."""
    if latest is None:
        latest = access.is_latest(plan)
    if not latest:
        return []
    found = [m.action for m in MOVES if plan.state in m.sources and m.may(user, plan)]
    if plan.state == State.APPROVED and access.can_write(user, plan):
        found.append(Action.REVISE)
    return found


def problems_before_submitting(plan: ActionPlan) -> list[str]:
    if not plan.activities.exists():
        return [_("The plan has no activity yet.")]
    return []


def header(plan: ActionPlan) -> dict[str, str]:
    """Form 2's header as the worksheets say it now."""
    item = plan.knowledge
    kpi = item.process.kpi
    issue = kpi.issue
    target = " ".join(part for part in (kpi.target, kpi.unit) if part)
    return {
        "owner": plan.agency.name
        if plan.agency_id
        else _("%(province)s Province") % {"province": plan.fiscal_year.province.name},
        "issue": f"{issue.number}. {issue.title}",
        "knowledge": item.name,
        "kpi": f"{kpi.code} {kpi.name}",
        "target": target,
    }


def shown_header(plan: ActionPlan) -> dict[str, str]:
    """What the plan's header shows: the copy made on submitting, or the worksheets' words while it
    has not been submitted."""
    if plan.header_knowledge:
        return {
            "owner": plan.header_owner,
            "issue": plan.header_issue,
            "knowledge": plan.header_knowledge,
            "kpi": plan.header_kpi,
            "target": plan.header_target,
        }
    with in_recipients_language():
        return header(plan)


def _freeze_header(plan: ActionPlan) -> None:
    with in_recipients_language():
        words = header(plan)
    plan.header_owner = words["owner"]
    plan.header_issue = words["issue"]
    plan.header_knowledge = words["knowledge"]
    plan.header_kpi = words["kpi"]
    plan.header_target = words["target"]


def _signer(user: User) -> tuple[str, str]:
    return user.get_full_name() or user.username, user.position


def writers(plan: ActionPlan):
    """Who writes the plan: told when it is returned or approved."""
    if plan.agency_id is None:
        issue = plan.issue
        return User.objects.filter(
            Q(strategic_issues=issue)
            | Q(role_assignments__role=Role.KM_TEAM, role_assignments__agency__isnull=True,
                role_assignments__province_id=plan.fiscal_year.province_id)
        ).distinct()  # fmt: skip
    return User.objects.filter(
        role_assignments__agency_id=plan.agency_id, role_assignments__role__in=access.WRITER_ROLES
    ).distinct()


def holders_of(role: str, plan: ActionPlan):
    """The plan's CKO or CEO: the agency's, or the province's for a province plan."""
    return User.objects.filter(
        role_assignments__role=role,
        role_assignments__agency_id=plan.agency_id,
        role_assignments__province_id=plan.fiscal_year.province_id,
    )


def _lock(plan: ActionPlan) -> ActionPlan:
    return (
        ActionPlan.objects.select_for_update(of=("self",))
        .select_related("fiscal_year__province", "agency", "knowledge__process__kpi__issue")
        .get(pk=plan.pk)
    )


@transaction.atomic
def act(plan: ActionPlan, user: User, action: str, comment: str = "") -> ActionPlan:
    """Make ``action`` on the plan as ``user``; return the plan as it now is.

    ``PermissionDenied`` when the user may not make that move on such a plan, ``WrongState`` when
    the plan is not in a state the move starts from (someone acted first), ``NotReady`` when a
    submission lacks something, ``ValueError`` for a return without a comment.
    """
    comment = comment.strip()
    plan = _lock(plan)
    if action == Action.REVISE:
        raise ValueError("use revise()")
    theirs = [m for m in MOVES if m.action == action and m.may(user, plan)]
    if not theirs:
        raise PermissionDenied
    move = next((m for m in theirs if plan.state in m.sources), None)
    if move is None or not access.is_latest(plan):
        raise WrongState(plan)
    if action in NEEDS_COMMENT and not comment:
        raise ValueError("a comment is required")
    if action == Action.SUBMIT:
        problems = problems_before_submitting(plan)
        if problems:
            raise NotReady(problems)
        _freeze_header(plan)
    source = plan.state
    plan.state = move.target
    name, position = _signer(user)
    now = timezone.now()
    PlanStep.objects.create(
        plan=plan, action=action, from_state=source, to_state=move.target, actor=user,
        signer_name=name, signer_position=position, comment=comment, at=now,
    )  # fmt: skip
    plan._history_user = user
    with in_recipients_language():
        plan._change_reason = _("%(action)s by %(name)s") % {"action": Action(action).label, "name": name}
        if comment:
            plan._change_reason += f": {comment}"
    plan.save()
    _tell(plan, action, name, comment)
    return plan


def _tell(plan: ActionPlan, action: str, name: str, comment: str) -> None:
    """Who must act next, or who is involved, after commit; in the province's language."""
    words = shown_header(plan)
    what = {"knowledge": words["knowledge"], "owner": words["owner"], "name": name, "comment": comment}
    with in_recipients_language():
        if action == Action.SUBMIT:
            people = holders_of(Role.CKO, plan)
            text = _("The KM action plan for %(knowledge)s of %(owner)s awaits your review.") % what
        elif action == Action.REVIEW:
            people = holders_of(Role.CEO, plan)
            text = (
                _("The KM action plan for %(knowledge)s of %(owner)s is reviewed and awaits your approval.")
                % what
            )
        elif action == Action.RETURN:
            people = [*writers(plan), *plan.issue.members.all()]
            text = (
                _("The KM action plan for %(knowledge)s of %(owner)s was returned by %(name)s: %(comment)s")
                % what
            )
        else:
            people = [*writers(plan), *plan.issue.members.all()]
            text = _("The KM action plan for %(knowledge)s of %(owner)s is approved by %(name)s.") % what
    people = list(people)
    url = reverse("actionplan-detail", args=[plan.pk])
    transaction.on_commit(lambda: notify(people, text, url))


@transaction.atomic
def revise(plan: ActionPlan, user: User) -> ActionPlan:
    """Start the next revision of an approved plan, with its activities; return it.

    ``PermissionDenied`` for anyone but its writers; ``WrongState`` when the plan is not approved or
    a newer revision exists already (then that one is the one to change).
    """
    plan = _lock(plan)
    if not access.can_write(user, plan):
        raise PermissionDenied
    if plan.state != State.APPROVED or not access.is_latest(plan):
        raise WrongState(plan)
    new = ActionPlan(
        fiscal_year=plan.fiscal_year, knowledge=plan.knowledge, agency=plan.agency,
        revision=plan.revision + 1, previous=plan, created_by=user,
    )  # fmt: skip
    new._history_user = user
    name, position = _signer(user)
    with in_recipients_language():
        new._change_reason = _("Revision %(number)s started by %(name)s") % {
            "number": new.revision,
            "name": name,
        }
    new.save()
    bulk_create_with_history(
        [
            Activity(
                plan=new, order=a.order, name=a.name, start_month=a.start_month, end_month=a.end_month,
                indicator=a.indicator, target=a.target, target_group=a.target_group,
                responsible=a.responsible, status=a.status, remark=a.remark, steps=list(a.steps),
            )
            for a in plan.activities.all()
        ],
        Activity,
        default_user=user,
        default_change_reason=new._change_reason,
    )  # fmt: skip
    PlanStep.objects.create(
        plan=new, action=Action.REVISE, from_state=State.APPROVED, to_state=State.DRAFT, actor=user,
        signer_name=name, signer_position=position, at=timezone.now(),
    )  # fmt: skip
    return new


def signatures_of(plan_steps) -> dict[str, PlanStep | None]:
    """The footer: the last review and approval of this revision that stand (a return or a new
    submission after a review undoes it). ``plan_steps`` in time order."""
    review = approval = None
    for step in plan_steps:
        if step.action == Action.REVIEW:
            review = step
        elif step.action == Action.APPROVE:
            approval = step
        elif step.action in (Action.RETURN, Action.SUBMIT):
            review = approval = None
    return {"review": review, "approval": approval}


def signatures(plan: ActionPlan) -> dict[str, PlanStep | None]:
    return signatures_of(plan.steps.all())
