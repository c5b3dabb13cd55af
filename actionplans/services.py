"""Writes to KM Action Plans other than workflow moves: opening a plan, saving its activities as
one table, comments and the signed scan. Each runs in one transaction under the plan's lock.

Two writers may have one plan open at once. The activity table is saved whole, with the
fingerprint of the activities its page showed (``fingerprint``): when someone else saved in
between, nothing is written and ``StalePlan`` brings the fresh activities back, so the page can
show them beside what the person typed, and nothing of either is lost.
"""

import datetime
import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from actionplans import access
from actionplans.models import ActionPlan, Activity, PlanComment, SignedScan, State
from core.documents.uploads import CheckedUpload, check_upload, store_replacing
from core.models import FiscalYear, User
from core.notify import in_recipients_language
from worksheets.models import KnowledgeItem

# The fields of an activity that its writers type (``status`` is the reports' to write).
TYPED = (
    "name",
    "start_month",
    "end_month",
    "indicator",
    "target",
    "target_group",
    "responsible",
    "remark",
    "steps",
)
MAX_ACTIVITIES = 60


class StalePlan(Exception):
    def __init__(self, plan: ActionPlan, activities: list[Activity]):
        super().__init__(plan.pk)
        self.plan = plan
        self.activities = activities


def fingerprint(plan: ActionPlan, activities=None) -> str:
    """A digest of the plan's state and every activity as saved: any change by anyone changes it."""
    if activities is None:
        activities = plan.activities.all()
    rows = [
        [a.pk, a.order, *(str(getattr(a, f)) if f != "steps" else sorted(a.steps) for f in TYPED)]
        for a in sorted(activities, key=lambda a: a.pk)
    ]
    raw = json.dumps([plan.state, rows], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def lock(plan: ActionPlan) -> ActionPlan:
    """The plan's row, locked until the transaction ends (SQLite's transactions lock the whole
    database from their start: settings)."""
    return (
        ActionPlan.objects.select_for_update(of=("self",))
        .select_related("fiscal_year", "knowledge__process__kpi__issue")
        .get(pk=plan.pk)
    )


def open_plan(
    user: User, fiscal_year: FiscalYear, knowledge: KnowledgeItem, agency_id: int | None
) -> ActionPlan:
    """Open the first revision of a plan for the knowledge, for one of the user's agencies or (no
    agency) for the province. ``ValidationError`` when the user may not open that plan or it
    exists already (a double click, or a colleague first)."""
    allowed = {(item.pk, a) for item, a in access.knowledge_open_to(user, fiscal_year)}
    if (knowledge.pk, agency_id) not in allowed:
        if ActionPlan.objects.filter(knowledge=knowledge, agency_id=agency_id, revision=1).exists():
            raise ValidationError(_("A plan for this knowledge exists already."))
        raise ValidationError(_("You cannot open a plan for this knowledge."))
    plan = ActionPlan(fiscal_year=fiscal_year, knowledge=knowledge, agency_id=agency_id, created_by=user)
    plan._history_user = user
    with in_recipients_language():
        plan._change_reason = _("Plan opened")
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        raise ValidationError(_("A plan for this knowledge exists already.")) from None
    return plan


def month_choices(fiscal_year: FiscalYear) -> list[datetime.date]:
    """The first days of the twelve months of the fiscal year, October to September."""
    start = fiscal_year.start
    return [
        datetime.date(start.year + (start.month + i - 1) // 12, (start.month + i - 1) % 12 + 1, 1)
        for i in range(12)
    ]


@transaction.atomic
def save_activities(plan: ActionPlan, rows: list[dict], seen: str, user: User) -> list[Activity]:
    """Make the plan's activities exactly ``rows``, in their order: rows with an ``id`` change that
    activity, rows without one are added, activities not among the rows are removed.

    ``seen`` is the fingerprint the person's page showed; ``StalePlan`` when it is no longer the
    plan's (nothing written). ``PermissionDenied`` when the plan is not editable any more.
    """
    plan = lock(plan)
    access.refuse_unless_editable(plan)
    if not access.can_write(user, plan):
        raise PermissionDenied
    current = {a.pk: a for a in plan.activities.all()}
    if fingerprint(plan, current.values()) != seen:
        raise StalePlan(plan, sorted(current.values(), key=lambda a: (a.order, a.pk)))
    if len(rows) > MAX_ACTIVITIES:
        raise ValidationError(_("A plan holds at most %(count)d activities.") % {"count": MAX_ACTIVITIES})
    with in_recipients_language():
        reason = _("Activities saved")
    kept, added = [], []
    for order, row in enumerate(rows, start=1):
        activity = current.pop(row.get("id"), None) if row.get("id") else None
        if activity is None:
            activity = Activity(plan=plan)
            added.append(activity)
        changed = activity.order != order or any(getattr(activity, f) != row[f] for f in TYPED)
        activity.order = order
        for f in TYPED:
            setattr(activity, f, row[f])
        activity.full_clean(exclude=["plan"])
        if activity.pk and changed:
            activity._history_user = user
            activity._change_reason = reason
            kept.append(activity)
    for gone in current.values():
        gone._history_user = user
        gone._change_reason = reason
        gone.delete()
    for activity in kept:
        activity.save()
    if added:
        bulk_create_with_history(added, Activity, default_user=user, default_change_reason=reason)
    return list(plan.activities.all())


@transaction.atomic
def add_comment(plan: ActionPlan, user: User, text: str) -> PlanComment:
    text = text.strip()
    if not text:
        raise ValidationError(_("Write a comment."))
    return PlanComment.objects.create(plan=plan, author=user, text=text)


def attach_scan(plan: ActionPlan, upload, user: User) -> SignedScan:
    """Attach the signed scan of an approved revision, replacing the one it had (checked like every
    upload, ``core.documents.uploads``). ``ValidationError`` for a bad file or a plan not approved."""
    checked = upload if isinstance(upload, CheckedUpload) else check_upload(upload)

    def current() -> SignedScan | None:
        if lock(plan).state != State.APPROVED:
            raise ValidationError(_("Only an approved plan takes a signed scan."))
        return SignedScan.objects.filter(plan=plan).first()

    return store_replacing(SignedScan(plan=plan), checked, user, current)
