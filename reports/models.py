"""Progress reports (แบบรายงานความก้าวหน้าในการดำเนินงาน รอบ 6, 9 และ 12 เดือน).

A fiscal year has three report rounds (``Round``). Each covers the year from its first day to the
round's end (31 มี.ค., 30 มิ.ย., 30 ก.ย.: ``core.fiscal.round_end``); it opens the next day, when
the period it reports on is over, and its reports are due on the date the provincial KM team sets
(``due_on``, by default ``DEFAULT_DUE_DAYS`` after the end). Which revision of which plan reports
in a round is ``reports.rounds.plans_reporting``'s to say.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import fiscal
from core.models import FiscalYear

DEFAULT_DUE_DAYS = 15


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
