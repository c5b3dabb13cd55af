"""Writes that touch several rows: one path for views, imports, the demo data and tests."""

from django.db import transaction

from core.models import FiscalYear, Province
from worksheets.models import DEFAULT_CRITERIA, Kpi, ScoringCriterion, StrategicIssue


def add_default_criteria(issue: StrategicIssue) -> None:
    ScoringCriterion.objects.bulk_create(
        ScoringCriterion(issue=issue, worksheet=sheet, text=text, order=order, is_default=True)
        for sheet, texts in DEFAULT_CRITERIA.items()
        for order, text in enumerate(texts, start=1)
    )


@transaction.atomic
def create_issue(fiscal_year: FiscalYear, *, number: int, title: str, goal: str) -> StrategicIssue:
    """A new strategic issue with the seed's default scoring criteria."""
    issue = StrategicIssue.objects.create(fiscal_year=fiscal_year, number=number, title=title, goal=goal)
    add_default_criteria(issue)
    return issue


def previous_year(province: Province, year: int) -> FiscalYear | None:
    return FiscalYear.objects.filter(province=province, year__lt=year).order_by("-year").first()


@transaction.atomic
def start_fiscal_year(province: Province, year: int, copy_from: FiscalYear | None) -> FiscalYear:
    """Open a new fiscal year, copying strategic issues, goals, KPIs and criteria from another.

    The copy is independent: editing the new year never changes the old one.
    """
    new_year = FiscalYear.objects.create(province=province, year=year)
    if copy_from is None:
        return new_year
    issues = copy_from.strategic_issues.prefetch_related(
        "criteria", "kpis__responsible_agencies", "kpis__involved_agencies"
    )
    for old in issues:
        issue = StrategicIssue.objects.create(
            fiscal_year=new_year, number=old.number, title=old.title, goal=old.goal
        )
        ScoringCriterion.objects.bulk_create(
            ScoringCriterion(
                issue=issue, worksheet=c.worksheet, text=c.text, order=c.order, is_default=c.is_default
            )
            for c in old.criteria.all()
        )
        for old_kpi in old.kpis.all():
            kpi = Kpi.objects.create(
                issue=issue,
                number=old_kpi.number,
                name=old_kpi.name,
                unit=old_kpi.unit,
                target=old_kpi.target,
                weight=old_kpi.weight,
                remark=old_kpi.remark,
            )
            kpi.responsible_agencies.set(old_kpi.responsible_agencies.all())
            kpi.involved_agencies.set(old_kpi.involved_agencies.all())
    return new_year
