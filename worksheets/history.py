"""One timeline of everything that changed in a strategic issue's worksheets: who, when, what.

It reads the records django-simple-history keeps for each model; the history itself is written
by that library alone (one mechanism), never by hand here.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Model

from core.models import Agency, User
from worksheets.models import (
    KnowledgeHolder,
    KnowledgeItem,
    KnowledgeScore,
    Kpi,
    KpiScore,
    ScoringCriterion,
    StrategicIssue,
    SufficiencyAnalysis,
    WorkProcess,
    kpi_code,
)

LIMIT = 300
SKIPPED_FIELDS = {"id"}
# Many-to-many lists whose history is kept (HistoricalRecords(m2m_fields=...)).
M2M_FIELDS = {
    StrategicIssue: ["members"],
    Kpi: ["responsible_agencies", "involved_agencies"],
    KnowledgeItem: ["responsible_agencies", "involved_agencies", "holder_agencies"],
}


@dataclass
class Change:
    when: datetime
    who: User | None
    kind: str  # "+" created, "~" changed, "-" deleted
    what: str  # the model's verbose name
    label: str  # the object as it read then
    fields: list[tuple[str, object, object]] = field(default_factory=list)  # (label, old, new)
    reason: str = ""


def _ids(records, attribute: str) -> set[int]:
    return {getattr(r, attribute) for r in records}


def _snapshot_accessor(model: type[Model], name: str) -> str:
    """The reverse accessor, on a historical record, of the rows that snapshot one m2m list."""
    historical = model.history.model
    through = f"{historical._meta.object_name}_{name}"
    rel = next(r for r in historical._meta.related_objects if r.related_model._meta.object_name == through)
    return rel.get_accessor_name()


def _records(model: type[Model], **lookup):
    records = model.history.filter(**lookup).select_related("history_user")
    snapshots = [_snapshot_accessor(model, name) for name in M2M_FIELDS.get(model, [])]
    return list(records.order_by("history_date", "history_id").prefetch_related(*snapshots))


def _m2m_ids(model: type[Model], record) -> dict[str, set[int]]:
    """The ids in each tracked many-to-many list as the record saw them."""
    lists = {}
    for name in M2M_FIELDS.get(model, []):
        target = model._meta.get_field(name).m2m_reverse_field_name()
        rows = getattr(record, _snapshot_accessor(model, name)).all()
        lists[name] = {getattr(row, f"{target}_id") for row in rows}
    return lists


def _list(ids: set[int], names: dict[int, str]) -> str | None:
    return ", ".join(sorted(names.get(i, "?") for i in ids)) or None


def _changes(model: type[Model], records, describe, names: dict[str, dict[int, str]]) -> list[Change]:
    """Turn one model's records into changes, diffing each record against the one before it."""
    fields = [f for f in model._meta.concrete_fields if f.name not in SKIPPED_FIELDS]
    previous: dict[int, object] = {}
    changes = []
    for record in records:
        before = previous.get(record.id)
        diff = []
        if before is not None and record.history_type == "~":
            for f in fields:
                old, new = getattr(before, f.attname), getattr(record, f.attname)
                if old != new:
                    diff.append((str(f.verbose_name), _show(f, before), _show(f, record)))
            old_lists, new_lists = _m2m_ids(model, before), _m2m_ids(model, record)
            for name, new_ids in new_lists.items():
                if new_ids != old_lists[name]:
                    label = model._meta.get_field(name).verbose_name
                    lookup = names["user" if name == "members" else "agency"]
                    diff.append((str(label), _list(old_lists[name], lookup), _list(new_ids, lookup)))
        previous[record.id] = record
        if record.history_type == "~" and not diff and not record.history_change_reason:
            continue  # a save that changed no field shown here (e.g. only a many-to-many list)
        changes.append(
            Change(
                when=record.history_date,
                who=record.history_user,
                kind=record.history_type,
                what=str(model._meta.verbose_name),
                label=describe(record),
                fields=diff,
                reason=record.history_change_reason or "",
            )
        )
    return changes


def _show(f, record):
    value = getattr(record, f.attname)
    if f.choices:
        return dict(f.flatchoices).get(value, value)
    return value


def _names(issue_records, kpi_records, item_records) -> dict[str, dict[int, str]]:
    """Names of the people and agencies the many-to-many lists of these records mention: two queries."""
    user_ids, agency_ids = set(), set()
    for model, records in (
        (StrategicIssue, issue_records),
        (Kpi, kpi_records),
        (KnowledgeItem, item_records),
    ):
        for record in records:
            for name, ids in _m2m_ids(model, record).items():
                (user_ids if name == "members" else agency_ids).update(ids)
    return {
        "user": {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)},
        "agency": {a.pk: a.name for a in Agency.objects.filter(pk__in=agency_ids)},
    }


def timeline(issue: StrategicIssue) -> list[Change]:
    """The latest changes of the issue and everything under it, newest first."""
    issue_records = _records(StrategicIssue, id=issue.pk)
    kpi_records = _records(Kpi, issue_id=issue.pk)
    kpi_ids = _ids(kpi_records, "id")
    kpi_names = {r.id: kpi_code(issue.number, r.number) for r in kpi_records}
    criterion_records = _records(ScoringCriterion, issue_id=issue.pk)
    criterion_ids = _ids(criterion_records, "id") | set(issue.criteria.values_list("pk", flat=True))
    criterion_names = {r.id: r.text for r in criterion_records}
    process_records = _records(WorkProcess, kpi_id__in=kpi_ids)
    process_ids = _ids(process_records, "id")
    item_records = _records(KnowledgeItem, process_id__in=process_ids)
    item_ids = _ids(item_records, "id")
    item_names = {r.id: r.name for r in item_records}

    names = _names(issue_records, kpi_records, item_records)
    changes = []
    changes += _changes(StrategicIssue, issue_records, lambda r: f"{r.number}. {r.title}", names)
    changes += _changes(Kpi, kpi_records, lambda r: f"{kpi_code(issue.number, r.number)} {r.name}", names)
    changes += _changes(ScoringCriterion, criterion_records, lambda r: r.text, names)
    changes += _changes(
        KpiScore,
        _records(KpiScore, criterion_id__in=criterion_ids),
        lambda r: f"{kpi_names.get(r.kpi_id, '?')} × {criterion_names.get(r.criterion_id, '?')}",
        names,
    )
    changes += _changes(WorkProcess, process_records, lambda r: r.name, names)
    changes += _changes(KnowledgeItem, item_records, lambda r: r.name, names)
    changes += _changes(
        KnowledgeHolder,
        _records(KnowledgeHolder, item_id__in=item_ids),
        lambda r: f"{r.name} ({item_names.get(r.item_id, '?')})",
        names,
    )
    changes += _changes(
        KnowledgeScore,
        _records(KnowledgeScore, criterion_id__in=criterion_ids),
        lambda r: f"{item_names.get(r.item_id, '?')} × {criterion_names.get(r.criterion_id, '?')}",
        names,
    )
    changes += _changes(
        SufficiencyAnalysis, _records(SufficiencyAnalysis, issue_id=issue.pk), lambda r: str(issue), names
    )
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes[:LIMIT]
