"""The three report rounds of a fiscal year: made when first asked for, their due dates set by the
provincial KM team, and the plans that report in each.

A plan (one agency's, or the province's, for one knowledge item) reports in a round when one of its
revisions was approved before the round's cut-off, the end of ``Round.ends_on`` (Thai time); it
reports on the latest such revision. So a plan approved after a round's cut-off joins from the next
round, and a revision approved after it is followed from the next round too.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from actionplans.models import ActionPlan, PlanStep
from core.models import FiscalYear, User
from reports.models import ProgressReport, ReportState, Round


def rounds_of(fiscal_year: FiscalYear) -> list[Round]:
    """The year's three rounds, in order: as saved, or (not saved yet, so reading writes nothing)
    with the default due date."""
    saved = {r.months: r for r in Round.objects.filter(fiscal_year=fiscal_year)}
    rounds = []
    for months in Round.Months.values:
        current = saved.get(months) or Round(fiscal_year=fiscal_year, months=months)
        current.fiscal_year = fiscal_year  # its dates read the year's number
        if current.pk is None:
            current.due_on = current.default_due_on()
        rounds.append(current)
    return rounds


def saved_rounds_of(fiscal_year: FiscalYear) -> list[Round]:
    """The year's three rounds, saving those not saved yet (two people at once save each once)."""
    Round.objects.bulk_create([r for r in rounds_of(fiscal_year) if r.pk is None], ignore_conflicts=True)
    return rounds_of(fiscal_year)


class StaleDueDates(Exception):
    """Someone else changed a due date after the page was shown: nothing was saved."""

    def __init__(self, rounds: list[Round], changed: list[Round]):
        super().__init__("due dates changed meanwhile")
        self.rounds = rounds  # as they are now
        self.changed = changed  # those changed by someone else


@transaction.atomic
def set_due_dates(
    fiscal_year: FiscalYear,
    wanted: dict[int, datetime.date],
    seen: dict[int, datetime.date | None],
    user: User,
) -> int:
    """Save the due dates ``wanted`` (by months); ``seen`` are those the page showed. A round whose
    date someone else changed meanwhile, to something other than what is wanted, refuses the whole
    save (``StaleDueDates``). Returns how many dates changed; each change is in the history."""
    saved_rounds_of(fiscal_year)
    rounds = list(Round.objects.select_for_update().filter(fiscal_year=fiscal_year).order_by("months"))
    changed = [r for r in rounds if r.due_on not in (seen.get(r.months), wanted.get(r.months, r.due_on))]
    for current in rounds:
        current.fiscal_year = fiscal_year
    if changed:
        raise StaleDueDates(rounds, changed)
    count = 0
    for current in rounds:
        due = wanted.get(current.months, current.due_on)
        if due != current.due_on:
            current.due_on = due
            current._history_user = user
            current.save(update_fields=["due_on"])
            count += 1
    return count


def cutoff(round: Round) -> datetime.datetime:
    """The moment a round's plans are fixed: the start of the day after its end, Thai time."""
    return timezone.make_aware(datetime.datetime.combine(round.opens_on, datetime.time.min))


def latest_approved(fiscal_year_id: int, rounds: list[Round]) -> dict[int, dict[tuple, int]]:
    """For each round (by months), each plan's (knowledge, agency) → the pk of its latest revision
    approved before the round's cut-off. One query for all the rounds of a year."""
    approvals = PlanStep.objects.filter(
        action=PlanStep.Action.APPROVE, plan__fiscal_year_id=fiscal_year_id
    ).values_list("at", "plan_id", "plan__knowledge_id", "plan__agency_id", "plan__revision")
    approvals = sorted(approvals, key=lambda row: row[4])  # later revisions win
    latest = {}
    for current in rounds:
        until = cutoff(current)
        latest[current.months] = {
            (knowledge, agency): plan for at, plan, knowledge, agency, _ in approvals if at < until
        }
    return latest


def plans_reporting(round: Round) -> list[ActionPlan]:
    """The revisions that report in ``round``: for each plan of its fiscal year, the latest revision
    approved before the cut-off. Two queries."""
    latest = latest_approved(round.fiscal_year_id, [round])[round.months]
    return list(
        ActionPlan.objects.filter(pk__in=latest.values())
        .select_related("agency", "knowledge", "fiscal_year__province")
        .order_by("knowledge_id", "agency_id")
    )


def plan_counts(rounds: list[Round]) -> dict[int, int]:
    """How many plans report in each of a year's rounds (by months). One query."""
    if not rounds:
        return {}
    return {months: len(plans) for months, plans in latest_approved(rounds[0].fiscal_year_id, rounds).items()}


def not_accepted(round: Round) -> list[tuple[ActionPlan, ProgressReport | None]]:
    """The plans reporting in ``round`` whose report is not accepted, with their report if they have
    one: what the provincial KM team is told before closing the year. Three queries."""
    plans = plans_reporting(round)
    reports = {
        r.plan_id: r for r in ProgressReport.objects.filter(round__fiscal_year_id=round.fiscal_year_id,
                                                            round__months=round.months, plan__in=plans)
    }  # fmt: skip
    return [
        (plan, reports.get(plan.pk))
        for plan in plans
        if getattr(reports.get(plan.pk), "state", None) != ReportState.ACCEPTED
    ]


def assessment_opens_on(fiscal_year: FiscalYear) -> datetime.date:
    """The KPI assessment opens with the year's 12-month round, the day after the year ends (the
    day a round opens does not depend on its due date, so nothing is read)."""
    return Round(fiscal_year=fiscal_year, months=Round.Months.TWELVE).opens_on


def assessment_is_open(fiscal_year: FiscalYear, today: datetime.date | None = None) -> bool:
    return (today or timezone.localdate()) >= assessment_opens_on(fiscal_year)
