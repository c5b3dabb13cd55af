"""Who has reported what, in each round of a fiscal year: one line per plan (an agency's, or the
province's, for one knowledge item), a cell per round, grouped by agency or by strategic issue,
with the agencies that have never reported picked out (the seed's CKO follows up continuously;
"everyone is informed").

A cell says: not open yet, approved after the round (the plan reports from a later one), not started (no report), draft, submitted, endorsed, returned or
accepted, and late when the round is past its due date and the report is not in (not started, a
draft or returned). Which lines a person sees:

- the provincial KM team, the province's CKO and governor: every line;
- everyone else: their agencies' lines (their own and those they hold a role for), the lines of
  the issues whose team they are on, and every line of the issues their agency is responsible for
  or involved in (the evaluation of its issues). A cell links to its report only where the person
  may read it (``reports.access.visible_reports``): another agency's draft shows its state alone.

A fixed number of queries, whatever the number of plans.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from actionplans.access import WRITER_ROLES
from actionplans.models import ActionPlan
from core.models import FiscalYear, User
from core.permissions import grants, is_km_team, is_open_year
from core.thai import thai_sort_key
from reports import access
from reports.models import ProgressReport, ReportState, Round
from reports.rounds import latest_approved, rounds_of
from worksheets.models import KnowledgeItem

NOT_OPEN, NOT_STARTED, NOT_REPORTING = "not_open", "not_started", "not_reporting"
STATUS_LABELS = {
    NOT_OPEN: gettext_lazy("Not open yet"),
    NOT_REPORTING: gettext_lazy("Approved after this round"),
    NOT_STARTED: pgettext_lazy("a report", "Not started"),
    **dict(ReportState.choices),
}
IN = (ReportState.SUBMITTED, ReportState.ENDORSED, ReportState.ACCEPTED)
REPORTED = (*IN, ReportState.RETURNED)  # sent at least once
BY_AGENCY, BY_ISSUE = "agency", "issue"


@dataclass
class Cell:
    round: Round
    status: str
    late: bool = False
    report_id: int | None = None
    readable: bool = False  # the person may open the report
    can_open: bool = False  # the person writes the plan and may start its report now

    @property
    def label(self) -> str:
        text = str(STATUS_LABELS[self.status])
        return _("Late — %(state)s") % {"state": text} if self.late else text


@dataclass
class Line:
    plan: ActionPlan  # the latest revision reporting in any round
    owner: str
    issue: str
    knowledge: str
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Group:
    title: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class Count:
    round: Round
    plans: int = 0
    reports_in: int = 0
    accepted: int = 0
    late: int = 0


@dataclass
class Tracking:
    rounds: list[Round]
    groups: list[Group]
    counts: list[Count]
    never_reported: list[str]  # owners with plans reporting in an open round and no report ever sent
    by: str


def _shown(user: User, year: FiscalYear, plans: list[ActionPlan]) -> list[ActionPlan]:
    if access.sees_every_report(user):
        return plans
    agencies = {user.agency_id} | {a for _r, a in grants(user).agency_roles}
    on_teams = set(user.strategic_issues.values_list("pk", flat=True))
    named = set(
        KnowledgeItem.objects.filter(
            Q(responsible_agencies__in=agencies) | Q(involved_agencies__in=agencies),
            process__kpi__issue__fiscal_year=year,
        ).values_list("process__kpi__issue_id", flat=True)
    )
    return [
        p for p in plans if p.agency_id in agencies or p.knowledge.process.kpi.issue_id in on_teams | named
    ]


def _writes(user: User, plan: ActionPlan, on_teams: set[int]) -> bool:
    """``actionplans.access.can_write`` without a query per plan."""
    if plan.agency_id is None:
        return is_km_team(user) or plan.knowledge.process.kpi.issue_id in on_teams
    g = grants(user)
    return any(g.has(role, plan.agency_id) for role in WRITER_ROLES)


def tracking(user: User, year: FiscalYear, by: str = BY_AGENCY, today=None) -> Tracking:
    today = today or timezone.localdate()
    rounds = rounds_of(year)
    latest = latest_approved(year.pk, rounds)  # months → {(knowledge, agency): plan id}
    ids = {pk for chains in latest.values() for pk in chains.values()}
    plans = list(
        ActionPlan.objects.filter(pk__in=ids).select_related("agency", "knowledge__process__kpi__issue")
    )
    by_pk = {p.pk: p for p in plans}
    chains: dict[tuple, ActionPlan] = {}
    for current in rounds:  # the line shows the newest revision reporting
        for chain, pk in latest[current.months].items():
            chains[chain] = by_pk[pk]
    shown = _shown(user, year, list(chains.values()))
    reports = {
        (months, plan_id): (pk, state)
        for pk, months, plan_id, state in ProgressReport.objects.filter(
            round__fiscal_year=year, plan_id__in=ids
        ).values_list("pk", "round__months", "plan_id", "state")
    }
    readable = set(access.visible_reports(user).filter(round__fiscal_year=year).values_list("pk", flat=True))
    on_teams = set(user.strategic_issues.values_list("pk", flat=True)) if is_open_year(year) else set()
    province = _("%(province)s Province") % {"province": year.province.name}
    counts = [Count(r) for r in rounds]
    reported: dict[str, bool] = defaultdict(bool)
    lines = []
    for plan in shown:
        chain = (plan.knowledge_id, plan.agency_id)
        issue = plan.knowledge.process.kpi.issue
        line = Line(
            plan=plan, owner=plan.agency.name if plan.agency_id else province,
            issue=f"{issue.number}. {issue.title}", knowledge=plan.knowledge.name,
        )  # fmt: skip
        writes = is_open_year(year) and _writes(user, plan, on_teams)
        for current, count in zip(rounds, counts, strict=True):
            pk = latest[current.months].get(chain)
            if pk is None:  # approved after this round's cut-off: reports from a later round
                line.cells.append(Cell(current, NOT_OPEN if not current.is_open(today) else NOT_REPORTING))
                continue
            count.plans += 1
            if not current.is_open(today):
                line.cells.append(Cell(current, NOT_OPEN))
                continue
            report_id, state = reports.get((current.months, pk), (None, NOT_STARTED))
            late = current.is_past_due(today) and state not in IN
            line.cells.append(
                Cell(current, state, late, report_id, report_id in readable,
                     can_open=report_id is None and writes)
            )  # fmt: skip
            count.reports_in += state in IN
            count.accepted += state == ReportState.ACCEPTED
            count.late += late
            reported[line.owner] |= state in REPORTED
        lines.append(line)
    never = sorted((owner for owner, sent in reported.items() if not sent), key=thai_sort_key)
    return Tracking(rounds, _grouped(lines, by, province), counts, never, by)


def _grouped(lines: list[Line], by: str, province: str) -> list[Group]:
    groups: dict[str, Group] = {}
    if by == BY_ISSUE:
        ordered = sorted(
            lines, key=lambda ln: (ln.plan.knowledge.process.kpi.issue.number, thai_sort_key(ln.owner))
        )
        for line in ordered:
            groups.setdefault(line.issue, Group(line.issue)).lines.append(line)
    else:
        ordered = sorted(
            lines, key=lambda ln: (ln.owner != province, thai_sort_key(ln.owner), thai_sort_key(ln.knowledge))
        )
        for line in ordered:
            groups.setdefault(line.owner, Group(line.owner)).lines.append(line)
    return list(groups.values())
