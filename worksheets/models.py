"""Strategic issues, KPIs and knowledge, and how they are scored: worksheets 1 to 4, Form 1,
the sufficiency-economy form and the Knowledge Vision.

Every model keeps its history (django-simple-history): who changed what, and when.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import Agency, FiscalYear

SCORE_CHOICES = [(5, _("high (5)")), (3, _("medium (3)")), (1, _("low (1)"))]


class StrategicIssue(models.Model):
    """ประเด็นยุทธศาสตร์: one of the province's strategic issues in one fiscal year."""

    fiscal_year = models.ForeignKey(
        FiscalYear,
        on_delete=models.CASCADE,
        related_name="strategic_issues",
        verbose_name=_("fiscal year"),
    )
    number = models.PositiveSmallIntegerField(_("strategic issue no."))
    title = models.CharField(_("title"), max_length=300)
    goal = models.TextField(_("goal"), help_text=_("เป้าประสงค์ of the strategic issue."))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="strategic_issues", blank=True,
        verbose_name=_("strategic-issue KM team"),
        help_text=_("Who may fill in worksheets 2 to 4 of this issue, beside the provincial KM team."),
    )  # fmt: skip
    knowledge_vision = models.TextField(
        _("Knowledge Vision (KV)"), blank=True,
        help_text=_("The KM goal of the issue: how the chosen knowledge serves its KPIs and the province's vision."),
    )  # fmt: skip
    finalised_at = models.DateTimeField(_("worksheets 2–4 finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("finalised by"),
    )  # fmt: skip
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("strategic issue")
        verbose_name_plural = _("strategic issues")
        ordering = ["fiscal_year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "number"], name="issue_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="issue_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


def kpi_code(issue_number: int, kpi_number: int) -> str:
    """``2.3`` for KPI 3 of strategic issue 2: the one way a KPI's number is written."""
    return f"{issue_number}.{kpi_number}"


class Kpi(models.Model):
    """A KPI under the performance agreement (ตัวชี้วัดตามคำรับรองการปฏิบัติราชการ)."""

    issue = models.ForeignKey(
        StrategicIssue, on_delete=models.CASCADE, related_name="kpis", verbose_name=_("strategic issue")
    )
    number = models.PositiveSmallIntegerField(_("KPI no."))
    name = models.CharField(_("KPI name under the performance agreement"), max_length=500)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    target = models.CharField(_("target"), max_length=200, blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, null=True, blank=True,
        help_text=_("Weight in the performance-agreement assessment, in percent."),
    )  # fmt: skip
    responsible_agencies = models.ManyToManyField(
        Agency, related_name="responsible_kpis", blank=True, verbose_name=_("responsible agencies")
    )
    involved_agencies = models.ManyToManyField(
        Agency, related_name="involved_kpis", blank=True, verbose_name=_("involved agencies")
    )
    remark = models.TextField(_("remark"), blank=True)
    chosen = models.BooleanField(
        _("chosen for worksheet 3"), default=False,
        help_text=_("The strategic-issue team takes this KPI on to define its knowledge."),
    )  # fmt: skip
    history = HistoricalRecords(m2m_fields=[responsible_agencies, involved_agencies])

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["issue__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "number"], name="kpi_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="kpi_number_positive"),
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | Q(weight__gte=0, weight__lte=100),
                name="kpi_weight_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def code(self) -> str:
        """``2.3``: the KPI's number within its strategic issue, as worksheets print it."""
        return kpi_code(self.issue.number, self.number)


class ScoringCriterion(models.Model):
    """A row of the scoring matrix of worksheet 2 (KPIs) or worksheet 4 (knowledge)."""

    class Worksheet(models.IntegerChoices):
        KPI = 2, _("Worksheet 2: choosing KPIs")
        KNOWLEDGE = 4, _("Worksheet 4: screening knowledge")

    issue = models.ForeignKey(
        StrategicIssue, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("strategic issue")
    )
    worksheet = models.PositiveSmallIntegerField(_("worksheet"), choices=Worksheet.choices)
    text = models.CharField(_("criterion"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"))
    is_default = models.BooleanField(
        _("default criterion"), default=False,
        help_text=_("One of the seed's criteria; criteria the team adds are its own."),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        ordering = ["issue", "worksheet", "order"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "worksheet", "order"], name="criterion_unique_order"),
        ]

    def __str__(self) -> str:
        return self.text


# The seed's default criteria, in its wording (ใบงานที่ 2 and ใบงานที่ 4).
DEFAULT_CRITERIA = {
    ScoringCriterion.Worksheet.KPI: (
        "เป็นตัวชี้วัดที่สำคัญและจำเป็นในกระบวนการตามประเด็นยุทธศาสตร์",
        "เกิดประโยชน์ต่อประชาชน/ผู้รับบริการ",
        "เกี่ยวข้องกับหลายส่วนราชการ หรือหลายองค์กร",
        "สามารถทำให้บรรลุเป้าหมายตัวชี้วัดได้ง่าย",
        "เป็นตัวชี้วัดที่มีน้ำหนักของการประเมินผลตามคำรับรองการปฏิบัติราชการ",
    ),
    ScoringCriterion.Worksheet.KNOWLEDGE: (
        "สอดคล้องกับทิศทางและประเด็นยุทธศาสตร์",
        "เกี่ยวข้อง สอดคล้องกับปรัชญาเศรษฐกิจพอเพียง",
        "ปรับปรุงแล้วเห็นเป็นรูปธรรมได้ชัดเจน",
        "มีโอกาสทำได้สำเร็จสูง",
        "เป็นความรู้ที่ต้องจัดการเร่งด่วน",
        "ผู้บริหารให้การสนับสนุน",
    ),
}


class KpiScore(models.Model):
    """One cell of worksheet 2: a KPI scored against a criterion."""

    criterion = models.ForeignKey(ScoringCriterion, on_delete=models.CASCADE, related_name="kpi_scores")
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"), choices=SCORE_CHOICES)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("KPI score")
        verbose_name_plural = _("KPI scores")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "kpi"], name="kpi_score_once"),
            models.CheckConstraint(condition=Q(value__in=[5, 3, 1]), name="kpi_score_5_3_1"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id}/{self.criterion_id}: {self.value}"


class WorkProcess(models.Model):
    """Worksheet 3: a work process (กระบวนการ) that makes a chosen KPI reach its target."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="processes", verbose_name=_("KPI"))
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("work process"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work process")
        verbose_name_plural = _("work processes")
        ordering = ["kpi", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class KnowledgeItem(models.Model):
    """Worksheet 3: knowledge (องค์ความรู้) a work process needs; the columns of worksheet 4."""

    class Kind(models.TextChoices):
        EXPLICIT = "explicit", _("Explicit: written down")
        TACIT = "tacit", _("Tacit: held by people")

    process = models.ForeignKey(
        WorkProcess, on_delete=models.CASCADE, related_name="knowledge_items", verbose_name=_("work process")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("knowledge"), max_length=300)
    kind = models.CharField(_("kind of knowledge"), max_length=10, choices=Kind.choices)
    source = models.CharField(
        _("where it is found"), max_length=300, blank=True,
        help_text=_("A document, system, place or unit where the knowledge can be found."),
    )  # fmt: skip
    responsible_agencies = models.ManyToManyField(
        Agency, related_name="responsible_knowledge", blank=True, verbose_name=_("responsible agencies")
    )
    involved_agencies = models.ManyToManyField(
        Agency, related_name="involved_knowledge", blank=True, verbose_name=_("involved agencies")
    )
    holder_agencies = models.ManyToManyField(
        Agency, related_name="held_knowledge", blank=True, verbose_name=_("agencies that hold it")
    )
    chosen = models.BooleanField(
        _("chosen for a KM Action Plan"), default=False,
        help_text=_("Chosen in worksheet 4: a KM Action Plan (Form 2) is made for it."),
    )  # fmt: skip
    history = HistoricalRecords(m2m_fields=[responsible_agencies, involved_agencies, holder_agencies])

    class Meta:
        verbose_name = _("knowledge item")
        verbose_name_plural = _("knowledge items")
        ordering = ["process__kpi__number", "process__order", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class KnowledgeHolder(models.Model):
    """A person who holds a knowledge item: the start of the repository's expert directory."""

    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="holders")
    name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("agency")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("knowledge holder")
        verbose_name_plural = _("knowledge holders")
        ordering = ["item", "pk"]

    def __str__(self) -> str:
        return self.name


class KnowledgeScore(models.Model):
    """One cell of worksheet 4: a knowledge item scored against a criterion."""

    criterion = models.ForeignKey(ScoringCriterion, on_delete=models.CASCADE, related_name="knowledge_scores")
    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"), choices=SCORE_CHOICES)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("knowledge score")
        verbose_name_plural = _("knowledge scores")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "item"], name="knowledge_score_once"),
            models.CheckConstraint(condition=Q(value__in=[5, 3, 1]), name="knowledge_score_5_3_1"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}/{self.criterion_id}: {self.value}"


class SufficiencyAnalysis(models.Model):
    """The sufficiency-economy form of a strategic issue: three rings, two conditions, the KM scope."""

    issue = models.OneToOneField(StrategicIssue, on_delete=models.CASCADE, related_name="sufficiency")
    moderation = models.TextField(_("moderation"), blank=True)
    reasonableness = models.TextField(_("reasonableness"), blank=True)
    immunity = models.TextField(_("self-immunity"), blank=True)
    knowledge_condition = models.TextField(_("knowledge condition"), blank=True)
    morality_condition = models.TextField(_("morality condition"), blank=True)
    km_scope = models.TextField(_("the necessary components, or the scope of KM"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sufficiency-economy analysis")
        verbose_name_plural = _("sufficiency-economy analyses")

    def __str__(self) -> str:
        return str(self.issue)

    def missing_parts(self) -> list[str]:
        """The names of the parts not written yet, in the form's order: e.g. ["ความพอประมาณ"]."""
        return [
            str(field.verbose_name)
            for field in self._meta.concrete_fields
            if isinstance(field, models.TextField) and not getattr(self, field.attname).strip()
        ]


class WorksheetComment(models.Model):
    """A comment on an issue's worksheets: agencies named in them think together with the team."""

    issue = models.ForeignKey(StrategicIssue, on_delete=models.CASCADE, related_name="comments")
    worksheet = models.PositiveSmallIntegerField(_("worksheet"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
