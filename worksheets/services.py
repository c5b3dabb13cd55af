"""Writes that touch several rows: one path for views, imports, the demo data and tests."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from simple_history.utils import bulk_create_with_history

from core.models import Agency, FiscalYear, Province
from worksheets.models import (
    DEFAULT_CRITERIA,
    KnowledgeHolder,
    KnowledgeItem,
    Kpi,
    ScoringCriterion,
    StrategicIssue,
    WorkProcess,
)


def add_default_criteria(issue: StrategicIssue) -> None:
    bulk_create_with_history(
        [
            ScoringCriterion(issue=issue, worksheet=sheet, text=text, order=order, is_default=True)
            for sheet, texts in DEFAULT_CRITERIA.items()
            for order, text in enumerate(texts, start=1)
        ],
        ScoringCriterion,
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
        bulk_create_with_history(
            [
                ScoringCriterion(
                    issue=issue, worksheet=c.worksheet, text=c.text, order=c.order, is_default=c.is_default
                )
                for c in old.criteria.all()
            ],
            ScoringCriterion,
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


# --- Worksheet 3: work processes and the knowledge they need -------------------------------------


def _next_order(rows) -> int:
    return (rows.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def add_work_process(kpi: Kpi, name: str) -> WorkProcess:
    """A work process of a chosen KPI, numbered after the KPI's last one."""
    Kpi.objects.select_for_update().filter(pk=kpi.pk).first()  # two people adding at once
    return WorkProcess.objects.create(kpi=kpi, name=name, order=_next_order(kpi.processes.all()))


@transaction.atomic
def delete_work_process(process: WorkProcess) -> int:
    """Delete a work process with its knowledge, their holders and worksheet 4 scores.

    Returns how many knowledge items went with it.
    """
    items = process.knowledge_items.count()
    process.delete()
    return items


@transaction.atomic
def save_knowledge_item(
    process: WorkProcess,
    *,
    item: KnowledgeItem | None = None,
    name: str,
    kind: str,
    source: str = "",
    responsible_agencies: Iterable[Agency] = (),
    involved_agencies: Iterable[Agency] = (),
    holder_agencies: Iterable[Agency] = (),
    holders: Iterable[dict] = (),
) -> KnowledgeItem:
    """Create (``item=None``: numbered after the process's last one) or update a knowledge item,
    its agencies and the people who hold it, all or nothing.

    ``holders`` is the item's whole list of people after the change: dicts with ``name``,
    ``position``, ``agency`` and, for a person already recorded, ``pk``. People of the item left
    out of the list are removed. Rows that do not change are not saved, so their history shows
    only real changes.
    """
    fields = {"name": name, "kind": kind, "source": source}
    if item is None:
        WorkProcess.objects.select_for_update().filter(pk=process.pk).first()
        item = KnowledgeItem.objects.create(
            process=process, order=_next_order(process.knowledge_items.all()), **fields
        )
    else:
        # Compare with the saved row, not with ``item``: a ModelForm may have set its fields already.
        item = KnowledgeItem.objects.select_for_update().get(pk=item.pk)
        changed = [field for field, value in fields.items() if getattr(item, field) != value]
        for field in changed:
            setattr(item, field, fields[field])
        if changed:
            item.save(update_fields=changed)
    item.responsible_agencies.set(responsible_agencies)
    item.involved_agencies.set(involved_agencies)
    item.holder_agencies.set(holder_agencies)

    existing = {holder.pk: holder for holder in item.holders.all()}
    kept = set()
    for row in holders:
        values = {"name": row["name"], "position": row.get("position", ""), "agency": row.get("agency")}
        holder = existing.get(row.get("pk"))
        if holder is None:
            KnowledgeHolder.objects.create(item=item, **values)
            continue
        kept.add(holder.pk)
        changed = [field for field, value in values.items() if getattr(holder, field) != value]
        for field in changed:
            setattr(holder, field, values[field])
        if changed:
            holder.save(update_fields=changed)
    for pk, holder in existing.items():
        if pk not in kept:
            holder.delete()  # one by one, so each removal is in the history
    return item


@transaction.atomic
def delete_knowledge_item(item: KnowledgeItem) -> None:
    """Delete a knowledge item with its holders and its worksheet 4 scores."""
    item.delete()
