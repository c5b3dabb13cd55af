"""A progress report's way from draft to acceptance (ผู้รายงาน, ผู้รับรอง, the provincial KM team).

    draft ──submit──▶ submitted ──endorse──▶ endorsed ──accept──▶ accepted
      ▲                  │                      │
      └──── returned ◀──return (CKO)     return (KM team)

- The plan's writers submit a draft or returned report once every activity has a status (and a
  cancelled one its reason).
- The endorser (the agency's CKO, the province's for a province plan) endorses a submitted report
  or returns it; the provincial KM team accepts an endorsed report or returns it. A return needs a
  comment. Accepting writes each activity's status into the plan (``reports.services``).

Every move is a ``ReportStep`` row (who, when, comment, the signer's name and position at that
moment) and a history entry with a reason in the province's language; the people who must act
next, or who are involved, are told once the move is committed.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans import workflow as plan_workflow
from actionplans.workflow import Move, NotReady  # one shape of move for plans and reports
from core.models import Role, User
from core.notify import in_recipients_language, notify
from reports import access, services
from reports.models import ProgressReport, ReportState, ReportStep

Action = ReportStep.Action
State = ReportState


class WrongState(Exception):
    """The report is not (or no longer) in a state this move starts from: someone else moved it."""

    def __init__(self, report: ProgressReport):
        super().__init__(report.state)
        self.report = report

    @property
    def message(self) -> str:
        return _("The report is now %(state)s: someone else has acted on it. Nothing was changed.") % {
            "state": self.report.get_state_display()
        }


MOVES = (
    Move(Action.SUBMIT, (State.DRAFT, State.RETURNED), State.SUBMITTED, access.can_write),
    Move(Action.ENDORSE, (State.SUBMITTED,), State.ENDORSED, access.can_endorse),
    Move(Action.RETURN, (State.SUBMITTED,), State.RETURNED, access.can_endorse),
    Move(Action.ACCEPT, (State.ENDORSED,), State.ACCEPTED, access.can_accept),
    Move(Action.RETURN, (State.ENDORSED,), State.RETURNED, access.can_accept),
)
NEEDS_COMMENT = {Action.RETURN}


def actions_for(user: User, report: ProgressReport) -> list[str]:
    """The moves ``user`` may make on ``report`` now, in the order a page offers them."""
    return [m.action for m in MOVES if report.state in m.sources and m.may(user, report)]


def problems_before_submitting(report: ProgressReport) -> list[str]:
    """What keeps a report from being submitted: activities without a status."""
    problems = []
    for row in report.rows.select_related("activity"):
        if not row.status:
            problems.append(_("Choose the status of activity %(order)s, %(name)s.") % {
                "order": row.activity.order, "name": row.activity.name
            })  # fmt: skip
    if not problems and not report.rows.exists():
        problems.append(_("The report has no activity."))
    return problems


def _lock(report: ProgressReport) -> ProgressReport:
    return (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("round__fiscal_year__province", "plan__agency", "plan__fiscal_year__province",
                        "plan__knowledge__process__kpi__issue")
        .get(pk=report.pk)
    )  # fmt: skip


@transaction.atomic
def act(report: ProgressReport, user: User, action: str, comment: str = "") -> ProgressReport:
    """Make ``action`` on the report as ``user``; return the report as it now is.

    ``PermissionDenied`` when the user may not make that move on such a report, ``WrongState`` when
    the report is not in a state the move starts from (someone acted first), ``NotReady`` when a
    submission lacks something, ``ValueError`` for a return without a comment.
    """
    comment = comment.strip()
    report = _lock(report)
    theirs = [m for m in MOVES if m.action == action and m.may(user, report)]
    if not theirs:
        raise PermissionDenied
    move = next((m for m in theirs if report.state in m.sources), None)
    if move is None:
        raise WrongState(report)
    if action in NEEDS_COMMENT and not comment:
        raise ValueError("a comment is required")
    if action == Action.SUBMIT:
        problems = problems_before_submitting(report)
        if problems:
            raise NotReady(problems)
    source = report.state
    report.state = move.target
    name, position = user.get_full_name() or user.username, user.position
    ReportStep.objects.create(
        report=report, action=action, from_state=source, to_state=move.target, actor=user,
        signer_name=name, signer_position=position, comment=comment, at=timezone.now(),
    )  # fmt: skip
    report._history_user = user
    with in_recipients_language():
        report._change_reason = _("%(action)s by %(name)s") % {"action": Action(action).label, "name": name}
        if comment:
            report._change_reason += f": {comment}"
    report.save()
    if action == Action.ACCEPT:
        services.write_statuses(report, user)
    _tell(report, action, name, comment)
    return report


def _tell(report: ProgressReport, action: str, name: str, comment: str) -> None:
    """Who must act next, or who is involved, after commit; in the province's language."""
    plan = report.plan
    words = plan_workflow.shown_header(plan)
    with in_recipients_language():
        what = {
            "knowledge": words["knowledge"], "owner": words["owner"], "name": name, "comment": comment,
            "round": report.round.get_months_display(),
        }  # fmt: skip
        if action == Action.SUBMIT:
            people = plan_workflow.holders_of(Role.CKO, plan)
            text = _("The %(round)s report on %(knowledge)s of %(owner)s awaits your endorsement.") % what
        elif action == Action.ENDORSE:
            people = User.objects.filter(
                role_assignments__role=Role.KM_TEAM, role_assignments__agency__isnull=True,
                role_assignments__province_id=plan.fiscal_year.province_id,
            )  # fmt: skip
            text = (
                _("The %(round)s report on %(knowledge)s of %(owner)s is endorsed and awaits acceptance.")
                % what
            )
        elif action == Action.RETURN:
            people = plan_workflow.writers(plan)
            text = (
                _("The %(round)s report on %(knowledge)s of %(owner)s was returned by %(name)s: %(comment)s")
                % what
            )
        else:
            people = plan_workflow.writers(plan)
            text = _("The %(round)s report on %(knowledge)s of %(owner)s is accepted.") % what
    people = list(people)
    url = reverse("report-detail", args=[report.pk])
    transaction.on_commit(lambda: notify(people, text, url))


def signatures_of(report_steps) -> dict[str, ReportStep | None]:
    """The signature lines: the submission (ผู้รายงาน) and endorsement (ผู้รับรอง) that stand, and
    the acceptance; a return undoes them. ``report_steps`` in time order."""
    found = {"submit": None, "endorse": None, "accept": None}
    for step in report_steps:
        if step.action == Action.RETURN:
            found = dict.fromkeys(found)
        else:
            found[step.action] = step
    return found
