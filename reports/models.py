"""Progress reports (แบบรายงานความก้าวหน้าในการดำเนินงาน รอบ 6, 9 และ 12 เดือน).

A fiscal year has three report rounds (``Round``). Each covers the year from its first day to the
round's end (31 มี.ค., 30 มิ.ย., 30 ก.ย.: ``core.fiscal.round_end``); it opens the next day, when
the period it reports on is over, and its reports are due on the date the provincial KM team sets
(``due_on``, by default ``DEFAULT_DUE_DAYS`` after the end). Which revision of which plan reports
in a round is ``reports.rounds.plans_reporting``'s to say.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from actionplans.models import ActionPlan, Activity
from core import fiscal
from core.documents.uploads import EVIDENCE_KINDS, StoredUpload, UnguessablePath, delete_stored_file
from core.models import FiscalYear

DEFAULT_DUE_DAYS = 15
EVIDENCE_CONTENT_TYPES = [(kind.content_type, kind.label) for kind in EVIDENCE_KINDS]


class Round(models.Model):
    """รอบการรายงาน: the 6-, 9- or 12-month progress round of a fiscal year and its due date."""

    class Months(models.IntegerChoices):
        SIX = 6, _("6-month round")
        NINE = 9, _("9-month round")
        TWELVE = 12, _("12-month round")

    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.CASCADE, related_name="report_rounds", verbose_name=_("fiscal year")
    )
    months = models.PositiveSmallIntegerField(_("round"), choices=Months.choices)
    due_on = models.DateField(_("reports due on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report round")
        verbose_name_plural = _("report rounds")
        ordering = ["fiscal_year", "months"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "months"], name="round_one_per_year_and_months"),
            models.CheckConstraint(condition=Q(months__in=fiscal.ROUNDS), name="round_months_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_months_display()} {self.fiscal_year.year}"

    @property
    def starts_on(self) -> datetime.date:
        """The first day the round reports on: the fiscal year's first day."""
        return fiscal.start(self.fiscal_year.year)

    @property
    def ends_on(self) -> datetime.date:
        """The last day the round reports on, and its cut-off for plans (``core.fiscal.round_end``)."""
        return fiscal.round_end(self.fiscal_year.year, self.months)

    @property
    def opens_on(self) -> datetime.date:
        return self.ends_on + datetime.timedelta(days=1)

    def default_due_on(self) -> datetime.date:
        return self.ends_on + datetime.timedelta(days=DEFAULT_DUE_DAYS)

    def latest_due_on(self) -> datetime.date:
        """The latest due date taken: the end of the next fiscal year (a later one is a typo)."""
        return fiscal.end(self.fiscal_year.year + 1)

    def is_open(self, today: datetime.date) -> bool:
        return today >= self.opens_on

    def is_past_due(self, today: datetime.date) -> bool:
        return today > self.due_on


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the CKO")
    ENDORSED = "endorsed", _("Endorsed by the CKO")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for revision")


# States in which the report's writers may change it.
EDITABLE_REPORT_STATES = (ReportState.DRAFT, ReportState.RETURNED)


class KpiVerdict(models.TextChoices):
    MET = "met", _("Met the target")
    NOT_MET = "not_met", _("Not met")


class ProgressReport(models.Model):
    """แบบรายงานการดำเนินงานการจัดการความรู้ฯ: one plan's report in one round, on the revision of the
    plan that reports in that round (``reports.rounds.plans_reporting``); its header is that
    revision's Form 2 header, its rows follow the revision's activities.

    Only ``reports.workflow`` moves it between states and writes its steps; only
    ``reports.services`` writes its rows and evidence.
    """

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="reports", verbose_name=_("round")
    )
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.PROTECT, related_name="progress_reports",
        verbose_name=_("KM action plan"),
    )  # fmt: skip
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    kpi_result = models.TextField(
        _("KPI result against its target"), blank=True,
        help_text=_("What the plan's KPI reached by the end of the round, against the target."),
    )  # fmt: skip
    kpi_verdict = models.CharField(
        _("KPI target"), max_length=8, choices=KpiVerdict.choices, blank=True,
        help_text=_("Leave empty while it cannot be told yet."),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["round", "plan"]
        constraints = [
            models.UniqueConstraint(fields=["round", "plan"], name="report_one_per_plan_and_round"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} — {self.round}"

    @property
    def is_editable_state(self) -> bool:
        return self.state in EDITABLE_REPORT_STATES


class ReportRow(models.Model):
    """One activity of the plan in a report: its status, what was done, the result against the
    activity's indicator and target, the problems met and how they were solved."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="rows")
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="report_rows", verbose_name=_("KM activity")
    )
    status = models.CharField(_("status"), max_length=12, choices=Activity.Status.choices, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    done = models.TextField(_("what was done"), blank=True)
    result = models.TextField(_("result against the indicator and target"), blank=True)
    problems = models.TextField(_("problems met"), blank=True)
    solutions = models.TextField(_("how they were solved"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report row")
        verbose_name_plural = _("report rows")
        ordering = ["report", "activity__order", "activity_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "activity"], name="reportrow_one_per_activity"),
            models.CheckConstraint(
                condition=~Q(status=Activity.Status.CANCELLED) | ~Q(cancel_reason=""),
                name="reportrow_cancel_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(self.activity)


class ReportStep(models.Model):
    """One step of a report's workflow: who did what when, with their comment, name and position at
    that moment (ผู้รายงาน, ผู้รับรอง on the printed report)."""

    class Action(models.TextChoices):
        SUBMIT = "submit", pgettext_lazy("a report", "Submitted")  # a plan's "Submitted" reads ส่งแผน
        ENDORSE = "endorse", _("Endorsed")
        ACCEPT = "accept", _("Accepted")
        RETURN = "return", _("Returned")

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=10, choices=ReportState.choices)
    to_state = models.CharField(_("to"), max_length=10, choices=ReportState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("name"), max_length=300)
    signer_position = models.CharField(_("position"), max_length=200, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("report step")
        verbose_name_plural = _("report steps")
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.signer_name}"


class Evidence(StoredUpload):
    """A file that backs a report (PDF, image or office document), for one of its activities or for
    the report as a whole; checked by content and handed out only by an access-checked view."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    row = models.ForeignKey(
        ReportRow, on_delete=models.SET_NULL, null=True, blank=True, related_name="evidence",
        verbose_name=_("KM activity"),
    )  # fmt: skip
    file = models.FileField(_("file"), upload_to=UnguessablePath("reports/evidence"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100, choices=EVIDENCE_CONTENT_TYPES)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["report", "uploaded_at", "pk"]


post_delete.connect(delete_stored_file, sender=Evidence)


class RoundDocument(models.Model):
    """The whole round as one PDF (a cover, the summary, then every report), built by a background
    task (``reports.bundle``) that records its progress here as it goes."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="documents", verbose_name=_("round")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("requested by"),
    )  # fmt: skip
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("reports rendered"), default=0)
    total = models.PositiveIntegerField(_("reports to render"), default=0)
    file = models.FileField(
        _("file"), upload_to=UnguessablePath("reports/rounds"), max_length=200, blank=True
    )
    pages = models.PositiveIntegerField(_("pages"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("round document")
        verbose_name_plural = _("round documents")
        ordering = ["round", "-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.round} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return 100 * self.done // self.total if self.total else 0


post_delete.connect(delete_stored_file, sender=RoundDocument)


class KpiAssessment(models.Model):
    """แบบประเมินตัวชี้วัดตามกรอบ ก.พ.ร.: what a chosen KPI reached at the end of its fiscal year
    against ``Kpi.target``, met or not, with evidence. One per KPI, not per plan (several plans
    serve one KPI); entered by an agency responsible for it, read by every agency responsible or
    involved (the seed's 6.5). Only ``reports.assessments`` writes its evidence."""

    kpi = models.OneToOneField(
        "worksheets.Kpi", on_delete=models.PROTECT, related_name="assessment", verbose_name=_("KPI")
    )
    result = models.TextField(
        _("result against the target"),
        help_text=_("What the KPI reached by the end of the fiscal year, against its target."),
    )
    value = models.DecimalField(
        _("value reached"), max_digits=14, decimal_places=2, null=True, blank=True,
        help_text=_("The figure reached, in the KPI's unit, when the KPI is measured by a number."),
    )  # fmt: skip
    verdict = models.CharField(_("verdict"), max_length=8, choices=KpiVerdict.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("KPI assessment")
        verbose_name_plural = _("KPI assessments")
        ordering = ["kpi__issue__number", "kpi__number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(verdict__in=KpiVerdict.values), name="kpiassessment_verdict_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi} — {self.get_verdict_display()}"

    @property
    def value_text(self) -> str:
        """The value as a person writes it: ``6.4``, ``13,247``; empty when there is none."""
        if self.value is None:
            return ""
        text = f"{self.value:,.2f}"
        return text.rstrip("0").rstrip(".") if "." in text else text


class KpiEvidence(StoredUpload):
    """A file that backs a KPI's assessment (PDF, image or office document); checked by content and
    handed out only by an access-checked view."""

    assessment = models.ForeignKey(
        KpiAssessment, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("KPI assessment")
    )
    file = models.FileField(_("file"), upload_to=UnguessablePath("reports/kpi-evidence"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100, choices=EVIDENCE_CONTENT_TYPES)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("KPI evidence")
        verbose_name_plural = _("KPI evidence")
        ordering = ["assessment", "uploaded_at", "pk"]


post_delete.connect(delete_stored_file, sender=KpiEvidence)


class RoundReminder(models.Model):
    """A reminder sent to the writers of a plan whose report in an open round is not submitted:
    a few days before the round's due date, and again once it is late. One of each kind per plan
    (its knowledge, for its agency or the province) and round, so ``send_round_reminders`` may run
    as often as cron likes and tells each once."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        LATE = "late", _("Late")

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("round")
    )
    knowledge = models.ForeignKey(
        "worksheets.KnowledgeItem", on_delete=models.CASCADE, related_name="+", verbose_name=_("knowledge")
    )
    agency = models.ForeignKey(
        "core.Agency", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("agency"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("round reminder")
        verbose_name_plural = _("round reminders")
        ordering = ["round", "sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "knowledge", "agency", "kind"], name="roundreminder_once_per_plan"
            ),
            # NULLs are distinct in a unique constraint: the province's plan needs its own.
            models.UniqueConstraint(
                fields=["round", "knowledge", "kind"],
                condition=Q(agency__isnull=True),
                name="roundreminder_once_per_province_plan",
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(kind__in=["due_soon", "late"]), name="roundreminder_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} — {self.get_kind_display()}"
