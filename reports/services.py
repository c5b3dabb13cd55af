"""Writes to progress reports other than workflow moves: opening a plan's report in a round (its
rows carried over from the earlier round), saving it as one form, its evidence, and, once it is
accepted, the activities' status on Form 2. Each runs in one transaction under the report's lock.

Two writers may have one report open at once. The report is saved whole, with the fingerprint of
the report its page showed (``fingerprint``): when someone else saved in between, nothing is
written and ``StaleReport`` brings the fresh report back, so the page can show it beside what the
person typed, and nothing of either is lost.
"""

import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from actionplans.models import ActionPlan, Activity
from core.documents.uploads import EVIDENCE_KINDS, CheckedUpload, check_upload, store_new
from core.models import User
from core.notify import in_recipients_language
from core.permissions import refuse_if_closed
from reports import access
from reports.models import Evidence, ProgressReport, ReportRow, Round
from reports.rounds import plans_reporting

# What the writers type, on the report and on each row.
REPORT_FIELDS = ("kpi_result", "kpi_verdict")
ROW_FIELDS = ("status", "cancel_reason", "done", "result", "problems", "solutions")
MAX_EVIDENCE = 40  # files on one report


class StaleReport(Exception):
    def __init__(self, report: ProgressReport, rows: list[ReportRow]):
        super().__init__(report.pk)
        self.report = report
        self.rows = rows


def fingerprint(report: ProgressReport, rows=None) -> str:
    """A digest of the report's state, its fields and every row as saved."""
    if rows is None:
        rows = report.rows.all()
    raw = json.dumps(
        [
            report.state,
            [getattr(report, f) for f in REPORT_FIELDS],
            [[r.pk, *(getattr(r, f) for f in ROW_FIELDS)] for r in sorted(rows, key=lambda r: r.pk)],
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def lock(report: ProgressReport) -> ProgressReport:
    return (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("round__fiscal_year", "plan__agency", "plan__knowledge__process__kpi__issue")
        .get(pk=report.pk)
    )


def _same_plan(plan: ActionPlan):
    """Every revision of ``plan``: the same knowledge, for the same agency (or the province)."""
    return ActionPlan.objects.filter(knowledge_id=plan.knowledge_id, agency_id=plan.agency_id)


def earlier_report(round: Round, plan: ActionPlan) -> ProgressReport | None:
    """The plan's report in the round before ``round`` of the same year, on any revision."""
    return (
        ProgressReport.objects.filter(
            round__fiscal_year_id=round.fiscal_year_id,
            round__months__lt=round.months,
            plan__in=_same_plan(plan),
        )  # fmt: skip
        .order_by("-round__months")
        .first()
    )


def _match(activity: Activity, earlier: dict) -> ReportRow | None:
    """The earlier row of the same activity: the same row, or on an earlier revision the activity
    with the same name (the revision may have renumbered it)."""
    return earlier.get(activity.pk) or earlier.get(activity.name.strip())


def open_report(round: Round, plan: ActionPlan, user: User) -> ProgressReport:
    """The plan's report in ``round``, opened now if it has none: one row per activity, carrying
    over the earlier round's answers. ``PermissionDenied`` for anyone but the plan's writers, in a
    closed year; ``ValidationError`` before the round opens or when the plan does not report in it.
    """
    refuse_if_closed(round.fiscal_year)
    found = ProgressReport.objects.filter(round=round, plan__in=_same_plan(plan)).first()
    if found:
        return found
    if not access.plan_access.can_write(user, plan):
        raise PermissionDenied
    if not round.is_open(timezone.localdate()):
        raise ValidationError(_("The round opens on %(date)s.") % {"date": round.opens_on})
    if plan.pk not in {p.pk for p in plans_reporting(round)}:
        raise ValidationError(_("This plan does not report in this round: it was not approved before it."))
    earlier = earlier_report(round, plan)
    carried = {}
    if earlier:
        for row in earlier.rows.select_related("activity"):
            carried[row.activity_id] = row
            carried.setdefault(row.activity.name.strip(), row)
    report = ProgressReport(round=round, plan=plan, created_by=user)
    if earlier:
        for field in REPORT_FIELDS:
            setattr(report, field, getattr(earlier, field))
    report._history_user = user
    with in_recipients_language():
        report._change_reason = _("Report opened")
    try:
        with transaction.atomic():
            report.save()
            rows = []
            for activity in plan.activities.all():
                row = ReportRow(report=report, activity=activity)
                before = _match(activity, carried)
                if before:
                    for field in ROW_FIELDS:
                        setattr(row, field, getattr(before, field))
                rows.append(row)
            bulk_create_with_history(
                rows, ReportRow, default_user=user, default_change_reason=report._change_reason
            )
    except IntegrityError:  # a colleague opened it at the same moment
        return ProgressReport.objects.get(round=round, plan=plan)
    return report


@transaction.atomic
def save_report(
    report: ProgressReport, fields: dict, rows: dict[int, dict], seen: str, user: User
) -> ProgressReport:
    """Save the report's fields and its rows (by row id) as typed. ``seen`` is the fingerprint the
    page showed; ``StaleReport`` when someone saved meanwhile (nothing written). ``PermissionDenied``
    when the report may not be changed now; ``ValidationError`` for a cancelled activity without
    its reason (nothing written)."""
    report = lock(report)
    refuse_if_closed(report.round.fiscal_year)
    if not access.can_write(user, report):
        raise PermissionDenied
    access.refuse_unless_editable(report)
    current = list(report.rows.select_related("activity"))
    if fingerprint(report, current) != seen:
        raise StaleReport(report, current)
    with in_recipients_language():
        reason = _("Report saved")
    errors = []
    changed_rows = []
    for row in current:
        typed = rows.get(row.pk)
        if typed is None:
            continue
        if any(getattr(row, f) != typed[f] for f in ROW_FIELDS):
            for f in ROW_FIELDS:
                setattr(row, f, typed[f])
            if row.status != Activity.Status.CANCELLED:
                row.cancel_reason = ""
            elif not row.cancel_reason.strip():
                errors.append(
                    _("Activity %(order)s, %(name)s, is cancelled: say why.")
                    % {"order": row.activity.order, "name": row.activity.name}
                )
            changed_rows.append(row)
    if errors:
        raise ValidationError(errors)
    for row in changed_rows:
        row.full_clean(exclude=["report", "activity"])
        row._history_user = user
        row._change_reason = reason
        row.save()
    if any(getattr(report, f) != fields.get(f, getattr(report, f)) for f in REPORT_FIELDS):
        for f in REPORT_FIELDS:
            setattr(report, f, fields.get(f, getattr(report, f)))
        report.full_clean(exclude=["round", "plan", "created_by"])
        report._history_user = user
        report._change_reason = reason
        report.save()
    return report


def write_statuses(report: ProgressReport, user: User) -> int:
    """Write each row's status into its activity (Form 2's สถานะ), and into the same activity of any
    later revision of the plan; returns how many activities changed. Run inside the accept move."""
    with in_recipients_language():
        reason = _("Status from the accepted %(round)s report") % {"round": report.round.get_months_display()}
    rows = list(report.rows.select_related("activity"))
    by_name = {row.activity.name.strip(): row.status for row in rows}
    later = Activity.objects.filter(plan__in=_same_plan(report.plan), plan__revision__gt=report.plan.revision)
    count = 0
    for activity in [row.activity for row in rows] + list(later):
        status = by_name.get(activity.name.strip())
        if status and activity.status != status:
            activity.status = status
            activity._history_user = user
            activity._change_reason = reason
            activity.save(update_fields=["status"])
            count += 1
    return count


def add_evidence(report: ProgressReport, upload, user: User, row: ReportRow | None = None) -> Evidence:
    """Attach a file to an editable report (checked by content like every upload); ``ValidationError``
    for a bad file, too many files or a row of another report."""
    checked = upload if isinstance(upload, CheckedUpload) else check_upload(upload, EVIDENCE_KINDS)
    if row is not None and row.report_id != report.pk:
        raise ValidationError(_("Choose an activity of this report."))

    def may_take_it() -> None:
        locked = lock(report)
        refuse_if_closed(locked.round.fiscal_year)
        if not access.can_write(user, locked):
            raise PermissionDenied
        access.refuse_unless_editable(locked)
        if locked.evidence.count() >= MAX_EVIDENCE:
            raise ValidationError(
                _("A report holds at most %(count)d evidence files.") % {"count": MAX_EVIDENCE}
            )

    return store_new(Evidence(report=report, row=row), checked, user, may_take_it)


@transaction.atomic
def remove_evidence(evidence: Evidence, user: User) -> None:
    """Take a file off an editable report (its file leaves the storage once that is committed)."""
    report = lock(evidence.report)
    refuse_if_closed(report.round.fiscal_year)
    if not access.can_write(user, report):
        raise PermissionDenied
    access.refuse_unless_editable(report)
    evidence._history_user = user
    evidence.delete()
