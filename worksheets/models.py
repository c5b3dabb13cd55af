"""Strategic issues, their KPIs and the criteria that score them (worksheets 1, 2 and 4)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Agency, FiscalYear


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
        return f"{self.issue.number}.{self.number}"


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
