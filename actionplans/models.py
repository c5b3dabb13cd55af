"""KM Action Plans (แบบฟอร์ม 2 แผนการจัดการความรู้): one plan per necessary knowledge item of an
agency, or of the province (an issue or province plan, written by the issue's team), with its
activities and the steps of its review (ผู้ทบทวน, the CKO) and approval (ผู้อนุมัติ, the CEO).

A plan is a chain of revisions: each revision is one ``ActionPlan`` row. An approved revision is
frozen; a change starts the next revision (``previous``), and the approved one stays readable.
Only ``actionplans.workflow`` moves a plan between states and writes its steps; only
``actionplans.services`` writes its activities. Every model keeps its history.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.documents.uploads import StoredUpload, UnguessablePath, delete_stored_file
from core.models import Agency, FiscalYear
from worksheets.models import KnowledgeItem


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    REVIEWED = "reviewed", _("Reviewed by the CKO")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for revision")


# States in which the plan's writers may change it.
EDITABLE_STATES = (State.DRAFT, State.RETURNED)


class ActionPlan(models.Model):
    """One revision of Form 2 for a knowledge item: an agency's (``agency`` set) or the province's.

    The header (agency or province, strategic issue, knowledge, KPI, target) is read from the
    worksheets while the plan is written; submitting copies it into the ``header_*`` fields, and a
    submitted plan shows that copy, so a later change upstream never rewrites what was signed.
    """

    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.PROTECT, related_name="action_plans", verbose_name=_("fiscal year")
    )
    knowledge = models.ForeignKey(
        KnowledgeItem, on_delete=models.PROTECT, related_name="action_plans",
        verbose_name=_("necessary knowledge (K)"),
    )  # fmt: skip
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="action_plans",
        verbose_name=_("agency"), help_text=_("Empty for the province's plan, written by the issue's team."),
    )  # fmt: skip
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_revision",
        verbose_name=_("revises"),
    )  # fmt: skip
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    # The header as submitted (Form 2's labels).
    header_owner = models.CharField(_("agency / province"), max_length=300, blank=True)
    header_issue = models.CharField(_("strategic issue"), max_length=400, blank=True)
    header_knowledge = models.CharField(_("necessary knowledge (K)"), max_length=300, blank=True)
    header_kpi = models.CharField(_("KPI under the agreement"), max_length=600, blank=True)
    header_target = models.CharField(_("KPI target under the agreement"), max_length=400, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("KM action plan")
        verbose_name_plural = _("KM action plans")
        ordering = ["fiscal_year", "knowledge", "agency", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["knowledge", "agency", "revision"], name="actionplan_one_revision_number",
                violation_error_message=_("This agency already has a plan for this knowledge."),
            ),
            models.UniqueConstraint(
                fields=["knowledge", "revision"], condition=Q(agency__isnull=True),
                name="actionplan_one_province_revision_number",
                violation_error_message=_("The province already has a plan for this knowledge."),
            ),
            models.CheckConstraint(condition=Q(revision__gte=1), name="actionplan_revision_positive"),
            models.CheckConstraint(
                condition=Q(revision=1, previous__isnull=True) | Q(revision__gt=1, previous__isnull=False),
                name="actionplan_revision_follows_previous",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        owner = self.agency.name if self.agency_id else self.fiscal_year.province.name
        return f"{self.knowledge.name} — {owner}"

    @property
    def is_province_plan(self) -> bool:
        return self.agency_id is None

    @property
    def is_editable_state(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def issue(self):
        return self.knowledge.process.kpi.issue


class Activity(models.Model):
    """A row of Form 2: ลำดับ, กิจกรรม, ระยะเวลา, ตัวชี้วัด, เป้าหมาย, กลุ่มเป้าหมาย, ผู้รับผิดชอบ,
    สถานะ, หมายเหตุ; and the steps of the two processes it serves.

    ``status`` is written only by the progress reports (the reports app sits above this one);
    blank means not reported yet.
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="activities")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("KM activity"), max_length=500)
    start_month = models.DateField(_("from month"), help_text=_("The first day of the month."))
    end_month = models.DateField(_("to month"), help_text=_("The first day of the month."))
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    target = models.CharField(_("target"), max_length=300, blank=True)
    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    responsible = models.CharField(_("responsible"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, blank=True)
    remark = models.CharField(_("remark"), max_length=500, blank=True)
    steps = models.JSONField(_("steps served"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("KM activity")
        verbose_name_plural = _("KM activities")
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_month__gte=models.F("start_month")), name="activity_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PlanStep(models.Model):
    """One step of a plan's workflow: who did what when, with their comment, and their name and
    position at that moment (people change posts; the footer shows what was signed)."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        REVIEW = "review", _("Reviewed")
        APPROVE = "approve", _("Approved")
        RETURN = "return", _("Returned")
        REVISE = "revise", _("New revision started")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=10, choices=State.choices)
    to_state = models.CharField(_("to"), max_length=10, choices=State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("name"), max_length=300)
    signer_position = models.CharField(_("position"), max_length=200, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")
        ordering = ["plan", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.signer_name}"


class PlanComment(models.Model):
    """A comment on a plan by the agencies worksheet 3 names for its knowledge (the seed's 6.2:
    thinking the activities together), or by its writers and the issue's team."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class SignedScan(StoredUpload):
    """The signed scan of an approved revision (PDF, PNG or JPEG), one per revision, handed out only
    by an access-checked view (``core.documents.uploads``)."""

    plan = models.OneToOneField(ActionPlan, on_delete=models.CASCADE, related_name="signed_scan")
    file = models.FileField(_("file"), upload_to=UnguessablePath("actionplans/signed"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signed scan")
        verbose_name_plural = _("signed scans")


post_delete.connect(delete_stored_file, sender=SignedScan)
