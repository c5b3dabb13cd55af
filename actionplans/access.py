"""Who may see, write, review and approve KM Action Plans: 404 for what the user may not see, 403
for what they may see but not change (like ``worksheets.access``).

- **Writers**: an agency's plan is written by the agency's KM team (``Role.AGENCY_TEAM``) and its
  project manager (``Role.PROJECT_MANAGER``, who runs the activities); the province's plan for a
  knowledge item by the issue's editors (``worksheets.access.is_issue_editor``: the provincial KM
  team and the issue's team). They write while the plan is a draft or returned, and only its
  latest revision.
- **Reviewer** (ผู้ทบทวน): the agency's CKO, or the province's CKO for a province plan.
  **Approver** (ผู้อนุมัติ): the agency's head (CEO), or the governor.
- **Readers**: the province-level roles (provincial KM team, CKO, CEO) read every plan; the plan's
  agency reads its own; the issue's team reads every plan of its issue; the agencies worksheet 3
  names for the knowledge read its plans and comment on them (the seed's 6.2). Everyone of the
  province reads an approved plan. Another agency never sees a draft.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from actionplans.models import ActionPlan, State
from core.models import Role, User
from core.permissions import grants, is_km_team, is_member, is_open_year, refuse_if_closed
from worksheets.access import is_issue_editor
from worksheets.lifecycle import knowledge_for_action_plans
from worksheets.models import KnowledgeItem, StrategicIssue

WRITER_ROLES = (Role.AGENCY_TEAM, Role.PROJECT_MANAGER)


def sees_every_plan(user: User) -> bool:
    """The provincial KM team, the province's CKO and its governor: every plan of the province."""
    return is_member(user) and grants(user).is_province_level


def writes_for(user: User) -> list[int]:
    """The agencies whose plans ``user`` writes."""
    return sorted({a for r, a in grants(user).agency_roles if r in WRITER_ROLES})


def visible_plans(user: User) -> QuerySet:
    """Every revision of every plan ``user`` may read (see the module's docstring)."""
    if not is_member(user):
        return ActionPlan.objects.none()
    plans = ActionPlan.objects.filter(fiscal_year__province_id=user.agency.province_id)
    if sees_every_plan(user):
        return plans
    named = KnowledgeItem.objects.filter(
        Q(responsible_agencies=user.agency_id) | Q(involved_agencies=user.agency_id),
        pk=OuterRef("knowledge_id"),
    )
    on_team = StrategicIssue.members.through.objects.filter(
        user_id=user.pk, strategicissue_id=OuterRef("knowledge__process__kpi__issue_id")
    )
    agency_roles = {a for _r, a in grants(user).agency_roles}
    return plans.filter(
        Q(state=State.APPROVED)
        | Q(agency_id=user.agency_id)
        | Q(agency_id__in=agency_roles)
        | Exists(on_team)
        | Exists(named)
    )


def can_write(user: User, plan: ActionPlan) -> bool:
    """The plan's writers, whatever its state (see ``can_edit`` for now); nobody in a closed year."""
    if not is_member(user) or not is_open_year(plan.fiscal_year):
        return False
    if plan.agency_id is None:
        return is_issue_editor(user, plan.issue)
    g = grants(user)
    return any(g.has(role, plan.agency_id) for role in WRITER_ROLES)


def is_latest(plan: ActionPlan) -> bool:
    return not ActionPlan.objects.filter(previous=plan).exists()


def can_edit(user: User, plan: ActionPlan) -> bool:
    """A writer, on a draft or returned plan."""
    return plan.is_editable_state and can_write(user, plan)


def can_review(user: User, plan: ActionPlan) -> bool:
    """ผู้ทบทวน: the agency's CKO, or the province's for a province plan."""
    return is_member(user) and is_open_year(plan.fiscal_year) and grants(user).has(Role.CKO, plan.agency_id)


def can_approve(user: User, plan: ActionPlan) -> bool:
    """ผู้อนุมัติ: the agency's head, or the governor for a province plan."""
    return is_member(user) and is_open_year(plan.fiscal_year) and grants(user).has(Role.CEO, plan.agency_id)


def can_comment(user: User, plan: ActionPlan) -> bool:
    """Until it is approved: its writers, reviewer and approver, the issue's team and the agencies
    worksheet 3 names for its knowledge."""
    if plan.state == State.APPROVED or not is_member(user) or not is_open_year(plan.fiscal_year):
        return False
    if can_write(user, plan) or can_review(user, plan) or can_approve(user, plan):
        return True
    if is_issue_editor(user, plan.issue):
        return True
    item = plan.knowledge
    return (
        item.responsible_agencies.filter(pk=user.agency_id).exists()
        or item.involved_agencies.filter(pk=user.agency_id).exists()
    )


def _plans() -> QuerySet:
    return ActionPlan.objects.select_related(
        "fiscal_year__province", "agency", "knowledge__process__kpi__issue", "previous"
    )


def get_plan_for_user(request: HttpRequest, pk: int) -> ActionPlan:
    """A plan (any revision) the user may read: 404 otherwise."""
    return get_object_or_404(_plans(), pk=pk, id__in=visible_plans(request.user).values("id"))


def refuse_unless_editable(plan: ActionPlan) -> None:
    """403, saying why, for a plan that is not a draft or returned, or not the latest revision."""
    if not is_latest(plan):
        raise PermissionDenied(_("This revision of the plan was followed by a newer one; change that one."))
    if not plan.is_editable_state:
        raise PermissionDenied(
            _(
                "The plan is %(state)s, so it cannot be changed. An approved plan is changed by a new revision."
            )
            % {"state": plan.get_state_display()}
        )


def get_editable_plan_for_user(request: HttpRequest, pk: int) -> ActionPlan:
    """A plan the user may change now: 404 if they may not read it; 403 for anyone but its writers,
    and (saying why) when it is submitted, reviewed, approved or an older revision."""
    plan = get_plan_for_user(request, pk)
    refuse_if_closed(plan.fiscal_year)
    if not can_write(request.user, plan):
        raise PermissionDenied
    refuse_unless_editable(plan)
    return plan


def get_plan_for_writer(request: HttpRequest, pk: int) -> ActionPlan:
    """A plan whose writer the user is, whatever its state (submitting, starting a revision,
    attaching the signed scan): 404 if they may not read it, 403 if they do not write it."""
    plan = get_plan_for_user(request, pk)
    refuse_if_closed(plan.fiscal_year)
    if not can_write(request.user, plan):
        raise PermissionDenied
    return plan


def knowledge_open_to(user: User, fiscal_year) -> list[tuple[KnowledgeItem, int | None]]:
    """The (knowledge, agency id or None) pairs for which ``user`` may open a plan now: knowledge
    chosen in a finalised worksheet 4 of the year that worksheet 3 names for one of the agencies
    the user writes for, and (for a province plan) knowledge of the issues the user edits. Pairs
    that have a plan already are left out. None in a closed year."""
    if not is_open_year(fiscal_year):
        return []
    items = list(
        knowledge_for_action_plans(fiscal_year)
        .select_related("process__kpi__issue")
        .prefetch_related("responsible_agencies", "involved_agencies")
        .order_by("process__kpi__issue__number", "process__kpi__number", "process__order", "order", "pk")
    )
    taken = set(
        ActionPlan.objects.filter(fiscal_year=fiscal_year, revision=1).values_list(
            "knowledge_id", "agency_id"
        )
    )
    mine = set(writes_for(user))
    # ``is_issue_editor`` for every issue at once: the provincial KM team, or on the issue's team.
    edits_every_issue = is_km_team(user)
    on_teams = set(user.strategic_issues.values_list("pk", flat=True)) if not edits_every_issue else set()
    pairs = []
    for item in items:
        named = {a.pk for a in item.responsible_agencies.all()} | {a.pk for a in item.involved_agencies.all()}
        for agency_id in sorted(named & mine):
            if (item.pk, agency_id) not in taken:
                pairs.append((item, agency_id))
        edits_issue = edits_every_issue or item.process.kpi.issue_id in on_teams
        if edits_issue and (item.pk, None) not in taken:
            pairs.append((item, None))
    return pairs
