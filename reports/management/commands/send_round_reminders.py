"""Remind the writers of each plan whose report in an open round is not submitted yet: once a few
days before the round's due date (``REPORT_REMINDER_DAYS``), and once more when it is late.

Meant for cron, hourly or daily: what was sent is recorded (``RoundReminder``), so running it
again sends nothing twice; a round first seen after its due date gets only the late reminder. A
closed fiscal year gets none.

    python manage.py send_round_reminders [--dry-run] [--today YYYY-MM-DD]
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans import workflow as plan_workflow
from actionplans.models import ActionPlan
from core import thai
from core.models import FiscalYear
from core.notify import in_recipients_language, notify
from reports import rounds
from reports.models import EDITABLE_REPORT_STATES, ProgressReport, Round, RoundReminder

Kind = RoundReminder.Kind


def kind_on(round: Round, today: datetime.date) -> str | None:
    """Which reminder a round calls for on ``today``: none before it opens or before the window."""
    if not round.is_open(today):
        return None
    if round.is_past_due(today):
        return Kind.LATE
    if today >= round.due_on - datetime.timedelta(days=settings.REPORT_REMINDER_DAYS):
        return Kind.DUE_SOON
    return None


def text_of(kind: str, round: Round, plan: ActionPlan) -> str:
    """The reminder, in the language of the people told."""
    words = plan_workflow.shown_header(plan)
    with in_recipients_language():
        what = {
            "round": round.get_months_display(), "knowledge": words["knowledge"], "owner": words["owner"],
            "date": thai.format_date(round.due_on),
        }  # fmt: skip
        if kind == Kind.DUE_SOON:
            return (
                _(
                    "The %(round)s report on %(knowledge)s of %(owner)s is due on %(date)s: "
                    "please submit it to the CKO by then."
                )
                % what
            )
        return (
            _(
                "The %(round)s report on %(knowledge)s of %(owner)s was due on %(date)s "
                "and has not been submitted yet: please submit it as soon as you can."
            )
            % what
        )


def due_reminders(today: datetime.date):
    """(round, kind, plan, its report or None) for every reminder not sent yet, in open years."""
    for year in FiscalYear.objects.filter(closed_at__isnull=True).select_related("province"):
        for round in rounds.rounds_of(year):
            kind = kind_on(round, today)
            if kind is None:
                continue
            plans = rounds.plans_reporting(round)
            if not plans:
                continue
            sent, reports = set(), {}
            if round.pk:
                sent = set(
                    RoundReminder.objects.filter(round=round, kind=kind).values_list(
                        "knowledge_id", "agency_id"
                    )
                )
                reports = {
                    (r.plan.knowledge_id, r.plan.agency_id): r
                    for r in ProgressReport.objects.filter(round=round).select_related("plan")
                }
            for plan in plans:
                key = (plan.knowledge_id, plan.agency_id)
                report = reports.get(key)
                if key in sent or (report and report.state not in EDITABLE_REPORT_STATES):
                    continue
                yield round, kind, plan, report


class Command(BaseCommand):
    help = "Remind plan writers of progress reports due soon or late (run from cron; sends each once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List what would be sent; send nothing.")
        parser.add_argument("--today", help="Act as if today were this day (YYYY-MM-DD), for testing.")

    def handle(self, *args, dry_run: bool = False, today: str | None = None, **options) -> None:
        if today:
            try:
                today = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError("--today takes a date as YYYY-MM-DD.") from None
        else:
            today = timezone.localdate()
        count = 0
        for round, kind, plan, report in list(due_reminders(today)):
            people = list(plan_workflow.writers(plan))
            text = text_of(kind, round, plan)
            url = reverse("report-detail", args=[report.pk]) if report else reverse("report-tracking")
            if dry_run:
                names = ", ".join(p.username for p in people)
                self.stdout.write(f"{round} [{kind}] → {names}: {text} ({url})")
                count += 1
                continue
            if self._record(round, kind, plan):
                notify(people, text, url)
                count += 1
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(f"{count} reminder(s) {verb}.")

    @staticmethod
    def _record(round: Round, kind: str, plan: ActionPlan) -> bool:
        """Record the reminder; False when another run recorded it first (then it is not sent)."""
        if round.pk is None:
            saved = {r.months: r for r in rounds.saved_rounds_of(round.fiscal_year)}
            round.pk = saved[round.months].pk
        try:
            with transaction.atomic():
                RoundReminder.objects.create(
                    round_id=round.pk, knowledge_id=plan.knowledge_id, agency_id=plan.agency_id, kind=kind
                )
        except IntegrityError:
            return False
        return True
