"""Worksheets 2 and 4 (the scoring matrices) to and from Excel, and their blank paper forms.

The export lays the matrix out as the seed's form: the criteria down column A, a column per KPI
(worksheet 2) or knowledge item (worksheet 4), the seed's row "อื่น ๆ (เกณฑ์กำหนดตามบริบทของ
องค์กร)", the totals, ranks and choices as ``matrix.load`` computes them, the legend and the note.
Above it: the title, the strategic issue, the fiscal year, and who finalised the worksheet when,
or that it is a draft. What the sheet shows is a ``Layout`` (``matrix_layout``, ``blank_layout``),
which the matrix's PDF prints too (``worksheets.views.pdf_matrix``): one gathering of the rows and
their labels for both formats.

A second, very hidden sheet carries what the export showed: the issue, the worksheet, the
matrix's fingerprint (its criteria and columns) and every cell's value, like the whole-matrix
form of the page. So a file filled offline is imported through ``matrix.save_matrix`` exactly as
that form is saved: a file made before someone else changed the criteria or columns, or a cell
it changes too, is refused (``StaleMatrix``) and nothing is written. Only the scores are read;
every other cell, the totals and the ticks included, is the page's to compute and change.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from core.documents import excel as documents
from core.documents.excel import CellError, ImportFailed
from core.models import FiscalYear
from core.templatetags.thai import thai_datetime
from worksheets import matrix as scoring
from worksheets.models import DEFAULT_CRITERIA, StrategicIssue
from worksheets.ranking import SCORES

MARKER = "kalasin-km-matrix"
HIDDEN = "_km"  # the hidden sheet's name
VERSION = 1
HEADING_LINES = 4  # title, strategic issue, fiscal year, finalised or draft
HEADER_ROW = documents.header_row(["."] * HEADING_LINES)
FIRST_ROW = HEADER_ROW + 1  # of the criteria
CRITERION_WIDTH = 48
SCORE_WIDTH = 16
BLANK_COLUMNS = {scoring.KPI: 5, scoring.KNOWLEDGE: 9}  # the seed's paper forms
DOTS = "…………"
# A matrix's file is small: a few dozen criteria and columns. These bound a crafted file's cost.
MAX_PART_BYTES = 1024 * 1024
MAX_UNPACKED_BYTES = 3 * 1024 * 1024
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

OTHER_CRITERION = gettext_lazy("Other criterion (set by the organisation's context)")
TOTALS = {scoring.KPI: gettext_lazy("Total score"), scoring.KNOWLEDGE: gettext_lazy("Total score obtained")}
RANKS = {scoring.KPI: gettext_lazy("Rank of importance"), scoring.KNOWLEDGE: gettext_lazy("Rank obtained")}
CHOSEN = {
    scoring.KPI: gettext_lazy("Goes on to worksheet 3"),
    scoring.KNOWLEDGE: gettext_lazy("Goes on to a KM Action Plan"),
}
LEGEND = (gettext_lazy("high = 5"), gettext_lazy("medium = 3"), gettext_lazy("low = 1"))
LEGEND_TITLES = {scoring.KPI: gettext_lazy("Scoring criteria"), scoring.KNOWLEDGE: gettext_lazy("Scoring")}
NOTES = {
    scoring.KPI: gettext_lazy("Note: the KPIs of worksheet 1 are considered for selection."),
    scoring.KNOWLEDGE: gettext_lazy(
        "Note: the necessary knowledge of worksheet 3 is considered for selection."
    ),
}


def state_line(issue: StrategicIssue) -> str:
    """Who finalised worksheets 2–4 and when, or "ร่าง" while they are open."""
    if issue.finalised_at:
        return _("Finalised on %(when)s by %(who)s.") % {
            "when": thai_datetime(issue.finalised_at),
            "who": issue.finalised_by,
        }
    return _("Draft")


def issue_line(issue: StrategicIssue) -> str:
    return f"{_('Strategic issue')} {issue.number} {issue.title}"


def year_line(fiscal_year: FiscalYear | None) -> str:
    return _("Fiscal year %(year)s") % {"year": fiscal_year.year if fiscal_year else DOTS}


def column_header(label: str, name: str) -> str:
    """A column's header cell: its label ("ตัวชี้วัดที่ 1.3"), and its name below."""
    return f"{label}\n{name}"


@dataclass
class Layout:
    """What worksheet 2 or 4 shows on paper, for an issue's matrix and for the blank form alike:
    the Excel sheet (``_write``) and the PDF (``worksheets.views.pdf_matrix``) both print this,
    so the two show the same lines, columns and rows."""

    worksheet: int
    issue: str  # the strategic issue's line
    year: str  # the fiscal year's line
    state: str  # finalised by whom and when, or "ร่าง"; "" on the blank form
    labels: list[str]  # each column's label: "ตัวชี้วัดที่ 1.3", "องค์ความรู้ 2"
    names: list[str] | None  # each column's KPI or knowledge; the blank form has none
    criteria: list[str]  # numbered: "1. …"
    grid: list[list[int | None]]  # [criterion][column]
    totals: list[object]
    ranks: list[object]
    choices: list["Choice"] | None  # the page's ticks; the paper form has no such row

    @property
    def title(self) -> str:
        return f"{scoring.TITLES[self.worksheet]} {scoring.SUBTITLES[self.worksheet]}"

    @property
    def heading(self) -> list[str]:
        return [self.title, self.issue, self.year, self.state]

    @property
    def columns(self) -> list[str]:
        """The column headers of the sheet: the label, and the name below it."""
        if self.names is None:
            return list(self.labels)
        return [column_header(label, name) for label, name in zip(self.labels, self.names, strict=True)]

    def below(self) -> list[tuple[str, list[object]]]:
        """The rows under the criteria: totals, ranks and (on an issue's matrix) the choices."""
        rows = [(str(TOTALS[self.worksheet]), self.totals), (str(RANKS[self.worksheet]), self.ranks)]
        if self.choices is not None:
            rows.append((str(CHOSEN[self.worksheet]), [choice.mark for choice in self.choices]))
        return rows


@dataclass(frozen=True)
class Choice:
    """A column's cell in the row of choices: ticked to go on, and suggested by its rank."""

    ticked: bool
    suggested: bool

    @property
    def mark(self) -> str:
        """As the sheet writes it: "✓" and, below it, "แนะนำ"."""
        marks = ["✓"] if self.ticked else []
        if self.suggested:
            marks.append(_("suggested"))
        return "\n".join(marks)


def _write(book, layout: Layout) -> Worksheet:
    ws = documents.sheet(
        book,
        str(scoring.TITLES[layout.worksheet]),
        [(str(_("Criteria")), CRITERION_WIDTH)] + [(label, SCORE_WIDTH) for label in layout.columns],
        heading=layout.heading,
        landscape=True,
    )
    for label, scores in zip(layout.criteria, layout.grid, strict=True):
        documents.append(ws, [label, *scores])
    documents.append(ws, [str(OTHER_CRITERION)] + [None] * len(layout.columns))
    ws.cell(row=ws.max_row, column=1).font = Font(italic=True)
    for label, values in layout.below():
        documents.append(ws, [label, *values])
        documents.bold(ws, ws.max_row)
    ws.append([])
    documents.append(ws, [str(LEGEND_TITLES[layout.worksheet])])
    documents.bold(ws, ws.max_row)
    for line in LEGEND:
        documents.append(ws, [str(line)])
    ws.append([])
    documents.append(ws, [str(NOTES[layout.worksheet])])
    documents.fit_rows(ws, HEADER_ROW)
    return ws


def matrix_layout(matrix: scoring.Matrix) -> Layout:
    """The issue's worksheet 2 or 4 as the page shows it: ``matrix.load``'s totals and ranks."""
    issue = matrix.issue
    return Layout(
        worksheet=matrix.worksheet,
        issue=issue_line(issue),
        year=year_line(issue.fiscal_year),
        state=state_line(issue),
        labels=[matrix.column_label(col) for col in matrix.columns],
        names=[col.obj.name for col in matrix.columns],
        criteria=[f"{number}. {criterion.text}" for number, criterion in enumerate(matrix.criteria, 1)],
        grid=[[col.scores.get(criterion.pk) for col in matrix.columns] for criterion in matrix.criteria],
        totals=[_("not complete") if col.total is None else col.total for col in matrix.columns],
        ranks=[_("not ranked") if col.rank is None else col.rank for col in matrix.columns],
        choices=[Choice(ticked=col.obj.chosen, suggested=col.suggested) for col in matrix.columns],
    )


def export_matrix(matrix: scoring.Matrix) -> bytes:
    """The issue's worksheet 2 or 4 as the page shows it, ready to fill offline and import."""
    book = documents.workbook()
    _write(book, matrix_layout(matrix))
    _write_hidden(book, matrix)
    return documents.to_bytes(book)


def _write_hidden(book, matrix: scoring.Matrix) -> None:
    """What the export showed, as the page's whole-matrix form carries it (``matrix.Seen``)."""
    ws = book.create_sheet(HIDDEN)
    ws.sheet_state = "veryHidden"
    documents.append(ws, [MARKER, VERSION])
    documents.append(ws, [matrix.issue.pk, matrix.worksheet, matrix.fingerprint])
    documents.append(ws, [None, *(col.obj.pk for col in matrix.columns)])
    for criterion in matrix.criteria:
        documents.append(ws, [criterion.pk, *(col.scores.get(criterion.pk) for col in matrix.columns)])


def blank_layout(worksheet: int, fiscal_year: FiscalYear | None) -> Layout:
    """The seed's paper form: its criteria, five KPI columns (worksheet 2) or nine knowledge
    columns (worksheet 4), the rows for other criteria, totals and ranks left to fill by hand."""
    count = BLANK_COLUMNS[worksheet]
    if worksheet == scoring.KPI:
        labels = [f"{_('KPI no.')} {DOTS}"] * count
    else:
        labels = [f"{_('Knowledge')} {number}" for number in range(1, count + 1)]
    criteria = DEFAULT_CRITERIA[worksheet]
    return Layout(
        worksheet=worksheet,
        issue=f"{_('Strategic issue')} {DOTS} {DOTS}",
        year=year_line(fiscal_year),
        state="",
        labels=labels,
        names=None,
        criteria=[f"{number}. {text}" for number, text in enumerate(criteria, 1)],
        grid=[[None] * count for _criterion in criteria],
        totals=[None] * count,
        ranks=[None] * count,
        choices=None,
    )


def blank_matrix(worksheet: int, fiscal_year: FiscalYear | None) -> bytes:
    """The blank paper form (``blank_layout``) as a workbook."""
    book = documents.workbook()
    _write(book, blank_layout(worksheet, fiscal_year))
    return documents.to_bytes(book)


# --- Reading ----------------------------------------------------------------------------------------


@dataclass
class Filled:
    """A file's scores, read and checked against the issue's matrix as it is now."""

    cells: dict[tuple[int, int], int | None]
    seen: scoring.Seen
    changed: int  # cells whose value differs from the matrix now


def _not_this_worksheet() -> ImportFailed:
    return ImportFailed(
        [
            _(
                "This file is not an export of this worksheet of this strategic issue. Download the "
                "worksheet with its Excel button, fill in the scores and import that file."
            )
        ]
    )


def _too_large() -> str:
    return _("The workbook is far larger than a worksheet's scores need. Export the worksheet again.")


def score_of(value) -> int | None:
    """A cell's score: 5, 3 or 1 (Thai digits too), None for a blank; ValueError for anything else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    words = str(value).strip().translate(THAI_DIGITS)
    if words in {str(score) for score in SCORES}:
        return int(words)
    raise ValueError(value)


def _whole(value):
    """A number the hidden sheet holds, as a spreadsheet program may save it again (1 or 1.0)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _hidden(book, matrix: scoring.Matrix) -> tuple[str, dict[tuple[int, int], int | None]]:
    """The fingerprint and the cells the export showed, from the hidden sheet; ``ImportFailed``
    when the file is no export of this issue's worksheet."""
    if HIDDEN not in book.sheetnames:
        raise _not_this_worksheet()
    rows = documents.unless_broken(
        book[HIDDEN].iter_rows(
            min_row=1, max_row=3 + len(matrix.criteria), max_col=1 + len(matrix.columns), values_only=True
        )
    )
    head = [_whole(v) for v in next(rows, ())] + [None] * 3
    place = list(next(rows, ())) + [None] * 3
    if head[:2] != [MARKER, VERSION]:
        raise _not_this_worksheet()
    if [_whole(v) for v in place[:2]] != [matrix.issue.pk, matrix.worksheet]:
        raise _not_this_worksheet()
    fingerprint = documents.text(place[2])
    if fingerprint != matrix.fingerprint:
        raise scoring.StaleMatrix(matrix)  # its criteria or columns are not those of the matrix now
    columns = list(next(rows, ()))[1:]
    seen: dict[tuple[int, int], int | None] = {}
    try:
        if [_whole(v) for v in columns] != [col.obj.pk for col in matrix.columns]:
            raise ValueError(columns)
        for criterion in matrix.criteria:
            row = list(next(rows))
            if _whole(row[0]) != criterion.pk:
                raise ValueError(row[0])
            for col, value in zip(matrix.columns, row[1:], strict=True):
                seen[criterion.pk, col.obj.pk] = score_of(value)
    except (ValueError, StopIteration) as damaged:
        raise _not_this_worksheet() from damaged
    return fingerprint, seen


def _column_headers(matrix: scoring.Matrix) -> list[str]:
    return [column_header(matrix.column_label(col), col.obj.name) for col in matrix.columns]


def _layout_errors(header, rows, matrix: scoring.Matrix, sheet: str) -> list[CellError]:
    """Rows or columns moved, added or removed in the visible sheet: the scores would go to the
    wrong cells."""
    errors = []
    expected = _column_headers(matrix)
    # A file exported in English may be imported in Thai, and the other way round.
    accepted = [{documents.header_key(label)} for label in expected]
    for language in ("th", "en"):
        with translation.override(language):
            for keys, label in zip(accepted, _column_headers(matrix), strict=True):
                keys.add(documents.header_key(label))
    for index, (label, keys) in enumerate(zip(expected, accepted, strict=True), start=2):
        found = documents.text(header[index - 1].value) if len(header) >= index else ""
        if documents.header_key(found) not in keys:
            errors.append(_moved(HEADER_ROW, index, label, found, sheet))
    for number, (criterion, row) in enumerate(zip(matrix.criteria, rows, strict=False), start=1):
        label = f"{number}. {criterion.text}"
        found = documents.text(row[0].value) if row else ""
        if documents.header_key(found) != documents.header_key(label):
            errors.append(_moved(FIRST_ROW + number - 1, 1, label, found, sheet))
    return errors


def _moved(row: int, column: int, label: str, found: str, sheet: str) -> CellError:
    message = _(
        "expected “%(expected)s”, found “%(found)s”; keep the rows and columns as they were exported."
    ) % {"expected": " ".join(label.split()), "found": found}
    return CellError(row, column, str(_("Criteria")) if column == 1 else label.split("\n")[0], message, sheet)


def read_filled(matrix: scoring.Matrix, data: bytes) -> Filled:
    """The scores of a file exported from ``matrix``'s issue and worksheet, checked cell by cell.

    ``ImportFailed`` lists every cell that is not 5, 3, 1 or blank, holds a formula, or lies in a
    moved row or column, and the scores written in the row for other criteria; ``StaleMatrix``
    when the matrix's criteria or columns changed since the export.
    """
    limits = {"max_part": MAX_PART_BYTES, "max_total": MAX_UNPACKED_BYTES, "too_large": _too_large()}
    with documents.opened(data, **limits) as book:
        fingerprint, seen = _hidden(book, matrix)
        ws = book.worksheets[0]
        if ws.title == HIDDEN:
            raise _not_this_worksheet()
        sheet = ws.title
        width = 1 + len(matrix.columns)
        rows = documents.unless_broken(
            ws.iter_rows(min_row=HEADER_ROW, max_row=FIRST_ROW + len(matrix.criteria), max_col=width)
        )
        header = list(next(rows, ()))
        body = [list(row) + [None] * (width - len(row)) for row in rows]
    criteria_rows, other = body[: len(matrix.criteria)], body[len(matrix.criteria) :]
    errors = _layout_errors(header, criteria_rows, matrix, sheet)
    if errors:
        raise ImportFailed(errors)
    labels = [matrix.column_label(col) for col in matrix.columns]
    cells: dict[tuple[int, int], int | None] = {}
    changed = 0
    for offset, (criterion, row) in enumerate(zip(matrix.criteria, criteria_rows, strict=True)):
        for index, col in enumerate(matrix.columns, start=2):
            target = row[index - 1]
            where = (FIRST_ROW + offset, index, labels[index - 2])
            if target is None:
                value = None
            elif documents.is_formula(target):
                errors.append(CellError(*where, str(documents.FORMULA), sheet))
                continue
            else:
                try:
                    value = score_of(target.value)
                except ValueError:
                    errors.append(CellError(*where, _bad_score(target.value), sheet))
                    continue
            cells[criterion.pk, col.obj.pk] = value
            changed += value != col.scores.get(criterion.pk)
    for row in other:  # the seed's row for other criteria: a person writes there, scores go elsewhere
        for index in range(2, len(matrix.columns) + 2):
            if row[index - 1] is not None and documents.text(row[index - 1].value):
                message = _(
                    "scores count only for a criterion of the worksheet: add the criterion on the "
                    "worksheet's page, export it again and score it there."
                )
                errors.append(
                    CellError(FIRST_ROW + len(matrix.criteria), index, labels[index - 2], message, sheet)
                )
    if errors:
        raise ImportFailed(errors)
    return Filled(cells, scoring.Seen(fingerprint, seen, {}), changed)


def _bad_score(value) -> str:
    return _("a score is 5 (high), 3 (medium) or 1 (low), or blank; this cell holds “%(value)s”.") % {
        "value": documents.text(value)
    }


def import_matrix(issue: StrategicIssue, worksheet: int, data: bytes, user) -> int:
    """Save the scores of the file through ``save_matrix``, or nothing: ``ImportFailed`` for a
    file with errors, ``StaleMatrix`` (with the fresh matrix) for one made before someone else's
    change. Returns how many cells changed."""
    filled = read_filled(scoring.load(issue, worksheet), data)
    scoring.save_matrix(issue, worksheet, filled.cells, set(), filled.seen, user=user)
    return filled.changed
