"""The scoring matrices of worksheet 2 (KPIs) and worksheet 4 (knowledge): reading and saving.

Criteria are the rows, KPIs or knowledge items the columns, each cell 5, 3, 1 or blank. Totals
and ranks are always computed here, from the saved cells: the server is the one source of truth.

Two people may score at once, and nobody's work is overwritten without a word:

- A single-cell save carries the value the person saw in that cell; when the cell now holds
  neither that value nor the one being saved, someone else changed it (``CellConflict``).
- A whole-matrix save carries what the person's page showed (``Seen``): the fingerprint of the
  criteria and columns, and the value of every cell and tick. A changed set of criteria or
  columns refuses the save. So does any cell or tick that someone else changed since the page
  showed it, unless the person is saving that very value: nothing is written, and the fresh
  matrix comes back with those cells and ticks marked (``StaleMatrix.changes``). A person's own
  cell saves update what their page shows, so they never block their own whole-matrix save.
- A tick (``choose``) carries what the page showed; when someone else changed it since, it is
  refused and the person is shown the tick as it is now.
"""

import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Model, Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.ordering import swap_with_neighbour
from worksheets.access import refuse_if_finalised
from worksheets.models import (
    KnowledgeItem,
    KnowledgeScore,
    KpiScore,
    ScoringCriterion,
    StrategicIssue,
)
from worksheets.ranking import SCORES, column_total, rank

KPI = ScoringCriterion.Worksheet.KPI
KNOWLEDGE = ScoringCriterion.Worksheet.KNOWLEDGE
TITLES = {
    KPI: gettext_lazy("Worksheet 2"),
    KNOWLEDGE: gettext_lazy("Worksheet 4"),
}
SUBTITLES = {
    KPI: gettext_lazy("Selection of performance-agreement KPIs to define the knowledge needed for KM"),
    KNOWLEDGE: gettext_lazy("Screening and selection of the necessary knowledge"),
}
SUGGESTED_TOP = 3  # at most ranks 1..3 are suggested to go on


def suggested_top(columns: int) -> int:
    """How many top ranks to suggest: up to three, and never every column of a matrix."""
    return min(SUGGESTED_TOP, max(1, columns - 1))


MISSING = object()  # a form that does not say what its page showed


@dataclass(frozen=True)
class Seen:
    """What the person's page showed when they saved: the layout, each cell, each tick."""

    fingerprint: str
    cells: dict[tuple[int, int], int | None] = field(default_factory=dict)
    chosen: dict[int, bool] = field(default_factory=dict)  # column id -> ticked


@dataclass(frozen=True)
class Change:
    """A cell (or, with no criterion, a column's tick) someone else changed: what it is now."""

    criterion: ScoringCriterion | None
    column: "Column"
    value: int | bool | None


class StaleMatrix(Exception):
    """The matrix changed after the person loaded it.

    ``matrix`` is the fresh matrix with the changed cells and ticks marked; ``changes`` is empty
    when the criteria or columns themselves changed.
    """

    def __init__(self, matrix: "Matrix", changes: list[Change] | None = None):
        super().__init__(changes)
        self.matrix = matrix
        self.changes = changes or []
        matrix.changed = {(c.criterion.pk, c.column.obj.pk) for c in self.changes if c.criterion}
        for change in self.changes:
            if change.criterion is None:
                change.column.tick_changed = True


class CellConflict(Exception):
    def __init__(self, current: int | None):
        super().__init__(current)
        self.current = current


class InvalidScore(ValueError):
    pass


@dataclass(frozen=True)
class Sheet:
    """What differs between worksheet 2 and worksheet 4."""

    worksheet: int
    score_model: type[Model]
    column_field: str  # the score's FK to its column

    def columns(self, issue: StrategicIssue) -> QuerySet:
        if self.worksheet == KPI:
            # Through the issue, so each KPI knows its issue (``Kpi.code``) without a query.
            return issue.kpis.order_by("number")
        # The knowledge worksheet 3 defines for the KPIs chosen in worksheet 2.
        return (
            KnowledgeItem.objects.filter(process__kpi__issue=issue, process__kpi__chosen=True)
            .select_related("process__kpi")
            .order_by("process__kpi__number", "process__order", "process_id", "order", "pk")
        )


SHEETS = {
    KPI: Sheet(KPI, KpiScore, "kpi"),
    KNOWLEDGE: Sheet(KNOWLEDGE, KnowledgeScore, "item"),
}


@dataclass
class Column:
    obj: Model
    scores: dict[int, int] = field(default_factory=dict)  # criterion id -> value
    total: int | None = None
    rank: int | None = None
    suggested: bool = False
    tick_changed: bool = False  # someone else ticked or unticked it since the person's page showed it


@dataclass
class Matrix:
    issue: StrategicIssue
    sheet: Sheet
    criteria: list[ScoringCriterion]
    columns: list[Column]
    changed: set[tuple[int, int]] = field(default_factory=set)  # cells someone else changed

    @property
    def worksheet(self) -> int:
        return self.sheet.worksheet

    @property
    def fingerprint(self) -> str:
        """Changes whenever a criterion or a column is added, removed, reordered or reworded.

        Cells and ticks are not in it: each carries its own seen value (``Seen``).
        """
        parts = [f"c{c.pk}:{c.order}:{c.text}" for c in self.criteria]
        parts += [f"k{col.obj.pk}" for col in self.columns]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]

    @property
    def complete(self) -> bool:
        return bool(self.columns) and all(col.total is not None for col in self.columns)

    def cell(self, criterion_id: int, column_id: int) -> int | None:
        for col in self.columns:
            if col.obj.pk == column_id:
                return col.scores.get(criterion_id)
        return None

    def column_label(self, col: Column) -> str:
        """The column as its header names it: "KPI no. 1.3" (ตัวชี้วัดที่ 1.3) or "Knowledge 2"."""
        if self.worksheet == KPI:
            return f"{_('KPI no.')} {col.obj.code}"
        return f"{_('Knowledge')} {next(i for i, c in enumerate(self.columns, 1) if c is col)}"

    def rows(self):
        """(criterion, [(column, value, changed)]) for the template: one row per criterion."""
        return [
            (c, [(col, col.scores.get(c.pk), (c.pk, col.obj.pk) in self.changed) for col in self.columns])
            for c in self.criteria
        ]


def load(issue: StrategicIssue, worksheet: int) -> Matrix:
    """The matrix with totals and ranks, in a fixed number of queries."""
    sheet = SHEETS[worksheet]
    criteria = list(ScoringCriterion.objects.filter(issue=issue, worksheet=worksheet).order_by("order", "pk"))
    scores = sheet.score_model.objects.filter(criterion__in=[c.pk for c in criteria])
    columns = list(
        sheet.columns(issue).prefetch_related(Prefetch("scores", queryset=scores, to_attr="matrix_scores"))
    )
    matrix = Matrix(issue=issue, sheet=sheet, criteria=criteria, columns=[])
    for obj in columns:
        col = Column(obj=obj, scores={s.criterion_id: s.value for s in obj.matrix_scores})
        col.total = column_total(col.scores.get(c.pk) for c in criteria) if criteria else None
        matrix.columns.append(col)
    top = suggested_top(len(matrix.columns))
    for col, position in zip(matrix.columns, rank([c.total for c in matrix.columns]), strict=True):
        col.rank = position
        col.suggested = position is not None and position <= top
    return matrix


def parse_score(raw) -> int | None:
    """'' is a blank cell; 5, 3 or 1 a score; anything else InvalidScore."""
    text = str(raw if raw is not None else "").strip()
    if text == "":
        return None
    if text in {"5", "3", "1"}:
        return int(text)
    raise InvalidScore(text)


def _write(sheet: Sheet, criterion_id: int, column_id: int, value: int | None) -> None:
    lookup = {"criterion_id": criterion_id, f"{sheet.column_field}_id": column_id}
    if value is None:
        sheet.score_model.objects.filter(**lookup).delete()
    else:
        sheet.score_model.objects.update_or_create(**lookup, defaults={"value": value})


def _lock(issue: StrategicIssue) -> None:
    """Serialise writers of one issue's matrices and criteria, and refuse them once the issue is
    finalised: finalising takes the same lock, so a writer that waited for it sees that.

    PostgreSQL locks the issue's row; SQLite's transactions are IMMEDIATE (settings), so the
    whole database is locked from the transaction's start.
    """
    locked = StrategicIssue.objects.select_for_update().filter(pk=issue.pk).first()
    if locked is not None:
        refuse_if_finalised(locked)


@transaction.atomic
def save_matrix(
    issue: StrategicIssue,
    worksheet: int,
    cells: dict[tuple[int, int], int | None],
    chosen: set[int],
    seen: Seen,
    user=None,
) -> Matrix:
    """Save every cell and tick of the form in one transaction, or nothing when it went stale.

    Stale means: the criteria or columns changed (``StaleMatrix`` without changes), or a cell or
    tick the form carries is now stored with a value that is neither what the person's page
    showed nor what they save (``StaleMatrix.changes``). A tick is carried when the form says
    what the page showed for it or ticks it.
    """
    _lock(issue)
    matrix = load(issue, worksheet)
    if matrix.fingerprint != seen.fingerprint:
        raise StaleMatrix(matrix)
    for value in cells.values():
        if value is not None and value not in SCORES:
            raise InvalidScore(value)
    changes = []
    for criterion in matrix.criteria:
        for col in matrix.columns:
            key = (criterion.pk, col.obj.pk)
            if key not in cells and key not in seen.cells:
                continue
            current = col.scores.get(criterion.pk)
            if current != seen.cells.get(key, MISSING) and current != cells.get(key, MISSING):
                changes.append(Change(criterion, col, current))
    ticks = []  # (column, wanted) of the ticks to change
    for col in matrix.columns:
        pk = col.obj.pk
        if pk not in chosen and pk not in seen.chosen:
            continue
        wanted, current = pk in chosen, col.obj.chosen
        if current != seen.chosen.get(pk, MISSING) and current != wanted:
            changes.append(Change(None, col, current))
        elif current != wanted:
            ticks.append((col, wanted))
    if changes:
        raise StaleMatrix(matrix, changes)

    sheet = matrix.sheet
    to_create, to_update, to_delete = [], [], []
    existing = {
        (s.criterion_id, getattr(s, f"{sheet.column_field}_id")): s
        for s in sheet.score_model.objects.filter(criterion__in=matrix.criteria)
    }
    columns = {col.obj.pk for col in matrix.columns}
    criteria = {c.pk for c in matrix.criteria}
    for (criterion_id, column_id), value in cells.items():
        if criterion_id not in criteria or column_id not in columns:
            continue
        current = existing.get((criterion_id, column_id))
        if value is None and current is not None:
            to_delete.append(current.pk)
        elif value is not None and current is None:
            to_create.append(
                sheet.score_model(
                    criterion_id=criterion_id, value=value, **{f"{sheet.column_field}_id": column_id}
                )
            )
        elif value is not None and current.value != value:
            current.value = value
            to_update.append(current)
    # In bulk, with a history record for every changed cell.
    bulk_create_with_history(to_create, sheet.score_model, default_user=user)
    bulk_update_with_history(to_update, sheet.score_model, ["value"], default_user=user)
    for score in sheet.score_model.objects.filter(pk__in=to_delete):
        score.delete()
    # Few ticks change at once; a save of each keeps its history whole (with its agency lists).
    for col, wanted in ticks:
        col.obj.chosen = wanted
        col.obj.save(update_fields=["chosen"])
    return load(issue, worksheet)


@transaction.atomic
def choose(issue: StrategicIssue, worksheet: int, column_id: int, wanted: bool, seen: bool) -> Matrix:
    """Tick a column to go on (or take it back), unless someone else changed that tick since."""
    _lock(issue)
    matrix = load(issue, worksheet)
    col = next((col for col in matrix.columns if col.obj.pk == column_id), None)
    if col is None:
        raise LookupError("no such column")
    if col.obj.chosen != seen:
        raise StaleMatrix(matrix, [Change(None, col, col.obj.chosen)])
    if col.obj.chosen != wanted:
        col.obj.chosen = wanted
        col.obj.save(update_fields=["chosen"])
    return matrix


@transaction.atomic
def save_cell(
    issue: StrategicIssue, worksheet: int, criterion_id: int, column_id: int, value, seen
) -> Matrix:
    """Save one cell, unless someone else changed that same cell since the person saw it."""
    value = parse_score(value)
    seen_value = parse_score(seen)
    _lock(issue)
    matrix = load(issue, worksheet)
    if criterion_id not in {c.pk for c in matrix.criteria} or column_id not in {
        c.obj.pk for c in matrix.columns
    }:
        raise LookupError("no such cell")
    current = matrix.cell(criterion_id, column_id)
    if current != seen_value and current != value:
        raise CellConflict(current)
    if current != value:
        _write(matrix.sheet, criterion_id, column_id, value)
        matrix = load(issue, worksheet)
    return matrix


# --- The criteria (rows) of a matrix: under the same lock, so two people never clash -----------


class DefaultCriterion(Exception):
    """The criteria of the founding document stay in every matrix."""


@transaction.atomic
def add_criterion(issue: StrategicIssue, worksheet: int, text: str) -> ScoringCriterion:
    """The team's own criterion, added last; two people adding at once get the next two places."""
    _lock(issue)
    last = ScoringCriterion.objects.filter(issue=issue, worksheet=worksheet).aggregate(m=Max("order"))["m"]
    return ScoringCriterion.objects.create(issue=issue, worksheet=worksheet, text=text, order=(last or 0) + 1)


@transaction.atomic
def move_criterion(criterion: ScoringCriterion, up: bool) -> bool:
    """Swap a criterion with the one above (``up``) or below it, as the rows stand once locked;
    False when there is none (or the criterion was removed meanwhile)."""
    _lock(criterion.issue)
    siblings = ScoringCriterion.objects.filter(issue_id=criterion.issue_id, worksheet=criterion.worksheet)
    mine = siblings.filter(pk=criterion.pk).first()
    if mine is None:
        return False
    return swap_with_neighbour(siblings, mine, up)


@transaction.atomic
def delete_criterion(criterion: ScoringCriterion) -> None:
    """Remove one of the team's own criteria with its scores; ``DefaultCriterion`` for the seed's."""
    if criterion.is_default:
        raise DefaultCriterion
    _lock(criterion.issue)
    # Once: when two people remove it at once, the second finds nothing left to remove.
    if ScoringCriterion.objects.filter(pk=criterion.pk).exists():
        criterion.delete()
