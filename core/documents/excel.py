"""Every workbook the app writes, and every workbook a person imports, handled one way.

Writing: a cell holds data, never a formula: text is stored as text, and text that a spreadsheet
would read as a formula once a person edits the cell or saves the sheet as CSV (it begins with
``= + - @``, a tab or a carriage return; OWASP's CSV-injection list) carries Excel's quote
prefix, so it shows and stays as the words it is. A form's sheet starts with its heading lines
(title, fiscal year, state), then a bold header row that stays in view and prints on every page.

Reading: an upload is an ``.xlsx`` of at most ``MAX_UPLOAD_BYTES`` (``UploadForm``); its parts
are measured before anything is parsed (``opened``), a cell that holds a formula is refused, and
every problem is a ``CellError`` that names the row and column (and the sheet, where a workbook
has several) in the reader's language. An import raises ``ImportFailed`` with all of them, and
writes nothing.
"""

import io
import math
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from numbers import Number

from django import forms
from django.http import HttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = "DDEBF7"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # what an upload form takes; its message names 5 MB

# --- Writing ---------------------------------------------------------------------------------------


def workbook() -> Workbook:
    """An empty workbook; add its sheets with ``sheet``."""
    book = Workbook()
    book.remove(book.active)
    return book


def sheet(
    book: Workbook,
    title: str,
    columns: Sequence[tuple[str, float]] = (),
    heading: Sequence[str] = (),
    landscape: bool = False,
) -> Worksheet:
    """A new sheet; ``columns`` (label, width) give it a bold header row that stays in view.

    ``heading`` lines (the form's title first, in bold) go above the header row, with a blank row
    between; they are not wrapped, so they run on over the empty cells to their right. The header
    row is printed on every page; ``landscape`` prints the sheet across A4, fitted to its width.
    """
    ws = book.create_sheet(title=title[:31])  # Excel's limit for a sheet name
    for index, (_label, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for number, line in enumerate(heading, start=1):
        put(ws, number, 1, line, wrap=False).font = Font(bold=number == 1, size=14 if number == 1 else 11)
    if heading:
        ws.append([])
    if columns:
        append(ws, [label for label, _width in columns])
        style_header(ws, ws.max_row)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if landscape:
        ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    return ws


def header_row(heading: Sequence[str]) -> int:
    """The row ``sheet`` writes the header row in, below ``heading`` and its blank row."""
    return len(heading) + 2 if heading else 1


def style_header(ws: Worksheet, row: int) -> None:
    """Row ``row`` as a header row: bold, shaded, kept in view and printed on every page."""
    for target in ws[row]:
        target.font = Font(bold=True)
        target.fill = PatternFill("solid", fgColor=HEADER_FILL)
    ws.freeze_panes = f"A{row + 1}"
    ws.print_title_rows = f"{row}:{row}"


def widths(ws: Worksheet, values: Sequence[float]) -> None:
    """The columns' widths, from column A, in Excel's characters."""
    for index, width in enumerate(values, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def bold(ws: Worksheet, row: int) -> None:
    for target in ws[row]:
        target.font = Font(bold=True)


def _store(target: Cell, value, wrap: bool = True) -> Cell:
    """``value`` into ``target`` as data: numbers as numbers, anything else as text."""
    if value is None or isinstance(value, Number | date | time):
        target.value = value
    else:
        words = ILLEGAL_CHARACTERS_RE.sub("", str(value))  # control characters Excel cannot store
        target.value = words
        target.data_type = "s"  # openpyxl guesses that "=…" is a formula and "#N/A" an error
        target.quotePrefix = words.startswith(FORMULA_STARTS)
    target.alignment = Alignment(wrap_text=wrap, vertical="top")
    return target


def fit_rows(ws: Worksheet, first: int = 1) -> None:
    """Rows from ``first`` tall enough for their wrapped text, which Excel does not measure in a
    file it opens: each cell's lines at its column's width, Thai letters counted without their
    marks above and below. A cell merged down over several rows has their room, and is left out."""
    spanning = {r.start_cell.coordinate for r in ws.merged_cells.ranges if r.max_row > r.min_row}
    for row in ws.iter_rows(min_row=first):
        tallest = 1
        for target in row:
            if not isinstance(target.value, str) or not target.alignment.wrap_text:
                continue
            if target.coordinate in spanning:
                continue
            width = ws.column_dimensions[target.column_letter].width or 13
            lines = 0
            for line in target.value.split("\n"):
                shown = sum(1 for char in line if unicodedata.category(char) != "Mn")
                lines += max(1, math.ceil(shown * 1.15 / width))
            tallest = max(tallest, lines)
        if tallest > 1:
            ws.row_dimensions[row[0].row].height = 15 * tallest


def cell(ws: Worksheet, value) -> Cell:
    """A new cell holding ``value`` as data, for ``append``."""
    return _store(Cell(ws), value)


def put(ws: Worksheet, row: int, column: int, value, wrap: bool = True) -> Cell:
    """``value`` as data into the cell at ``row`` and ``column`` (from 1)."""
    return _store(ws.cell(row=row, column=column), value, wrap)


def append(ws: Worksheet, values: Iterable) -> None:
    """Add a row below the last one, every value through ``cell``."""
    ws.append([cell(ws, value) for value in values])


def to_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def response(data: bytes, filename: str) -> HttpResponse:
    """The workbook as a download named ``filename``."""
    answer = HttpResponse(data, content_type=CONTENT_TYPE)
    answer["Content-Disposition"] = content_disposition_header(True, filename)
    answer["X-Content-Type-Options"] = "nosniff"
    return answer


# --- Reading ---------------------------------------------------------------------------------------

NOT_A_WORKBOOK = gettext_lazy("The file is not an Excel workbook (.xlsx).")
FORMULA = gettext_lazy(
    "the cell holds a formula; type its value instead (in Excel: copy, then paste values)."
)


class UploadForm(forms.Form):
    """One Excel file: a name ending in .xlsx, at most ``MAX_UPLOAD_BYTES``. Its content is
    judged when it is read (``opened``)."""

    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an Excel file ending in .xlsx."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


@dataclass(frozen=True)
class CellError:
    """A problem of a file, where a person finds it: row, column (from 1; None for the row as a
    whole) and the column's label, and the sheet's name where the workbook has several."""

    row: int
    column: int | None
    label: str
    message: str
    sheet: str = ""

    @property
    def column_letter(self) -> str:
        return get_column_letter(self.column) if self.column else ""

    def __str__(self) -> str:
        if self.column is None:
            where = _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        else:
            where = _("Row %(row)s, column %(letter)s (%(label)s): %(message)s") % {
                "row": self.row,
                "letter": self.column_letter,
                "label": self.label,
                "message": self.message,
            }
        if self.sheet:
            return _("Sheet “%(sheet)s”: %(error)s") % {"sheet": self.sheet, "error": where}
        return where


class ImportFailed(Exception):
    """Nothing was imported; ``errors`` (``CellError``s or sentences) say why."""

    def __init__(self, errors: list[CellError] | list[str]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


def text(value) -> str:
    """A cell's value as the words it shows, trimmed; a whole float without its ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


def cell_value(cell):
    """The value as the person sees it: Excel keeps "10%" typed in a cell as 0.1 shown as a percentage."""
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return f"{(Decimal(str(value)) * 100).normalize():f}%"
    return value


def is_formula(cell) -> bool:
    """Read without ``data_only``, a formula shows as one: a script's workbook keeps no value beside it."""
    return getattr(cell, "data_type", None) == "f"


def check_size(data: bytes, *, max_part: int, max_total: int, too_large: str) -> None:
    """Refuse, from the sizes the zip declares, a file whose parts are far larger than its rows
    need (``too_large`` says so). zipfile never unpacks a part beyond its declared size, so a part
    cannot lie about it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ImportFailed([str(NOT_A_WORKBOOK)]) from error
    if sum(p.file_size for p in parts) > max_total or any(p.file_size > max_part for p in parts):
        raise ImportFailed([too_large])


@contextmanager
def opened(data: bytes, *, max_part: int, max_total: int, too_large: str) -> Iterator[Workbook]:
    """The workbook, read only, once its size is checked (``check_size``); closed after use.

    Not ``data_only``: a formula must be seen as one (``is_formula``).
    """
    check_size(data, max_part=max_part, max_total=max_total, too_large=too_large)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
        raise ImportFailed([str(NOT_A_WORKBOOK)]) from error
    try:
        yield book
    finally:
        book.close()


def unless_broken(rows: Iterable) -> Iterator:
    """The sheet's rows; a sheet whose XML breaks off or fails its checksum is no workbook."""
    try:
        yield from rows
    except Exception as error:  # the XML parser's and zipfile's errors, raised while reading on
        raise ImportFailed([str(NOT_A_WORKBOOK)]) from error


def header_key(value) -> str:
    """A header as compared: without spaces or line breaks, case folded."""
    return "".join(text(value).split()).casefold()


def _labels_in_both_languages(labels: Sequence) -> list[set[str]]:
    """For each column, its header as a sheet writes it in Thai and in English."""
    found = [set() for _label in labels]
    for language in ("th", "en"):
        with translation.override(language):
            for index, label in enumerate(labels):
                found[index].add(header_key(str(label)))
    return found


def header_errors(header: Sequence, labels: Sequence, row: int = 1) -> list[CellError]:
    """A column moved, missing or renamed in the header row (``header``: its cells from column A;
    ``labels``: the lazy labels it should have): its values would go into the wrong field."""
    known = _labels_in_both_languages(labels)
    found = [header_key(c.value) for c in header] + [""] * (len(labels) - len(header))
    if not any(found):
        return [CellError(row, None, "", _("the first row must be the template's header row; it is empty."))]
    errors = []
    for index, label in enumerate(labels):
        if found[index] in known[index]:
            continue
        elsewhere = next((j for j, names in enumerate(known) if found[index] in names), None)
        if elsewhere is not None:
            message = _(
                "this column is headed “%(found)s”, which belongs in column %(letter)s; "
                "put the columns back in the template's order."
            ) % {"found": text(header[index].value), "letter": get_column_letter(elsewhere + 1)}
        elif not found[index]:
            message = _("the header “%(expected)s” is missing.") % {"expected": str(label)}
        else:
            message = _("expected the header “%(expected)s”, found “%(found)s”.") % {
                "expected": str(label),
                "found": text(header[index].value),
            }
        errors.append(CellError(row, index + 1, str(label), message))
    return errors
