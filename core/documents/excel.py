"""Every workbook the app writes, written one way.

A cell holds data, never a formula: text is stored as text, and text that a spreadsheet would
read as a formula once a person edits the cell or saves the sheet as CSV (it begins with
``= + - @``, a tab or a carriage return; OWASP's CSV-injection list) carries Excel's quote
prefix, so it shows and stays as the words it is.
"""

import io
from collections.abc import Iterable, Sequence
from datetime import date, time
from numbers import Number

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = "DDEBF7"


def workbook() -> Workbook:
    """An empty workbook; add its sheets with ``sheet``."""
    book = Workbook()
    book.remove(book.active)
    return book


def sheet(book: Workbook, title: str, columns: Sequence[tuple[str, float]] = ()) -> Worksheet:
    """A new sheet; ``columns`` (label, width) give it a bold header row that stays in view."""
    ws = book.create_sheet(title=title[:31])  # Excel's limit for a sheet name
    for index, (_label, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    if columns:
        append(ws, [label for label, _width in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        ws.freeze_panes = "A2"
    return ws


def cell(ws: Worksheet, value) -> Cell:
    """A cell holding ``value`` as data: numbers as numbers, anything else as text."""
    if value is None or isinstance(value, Number | date | time):
        new = Cell(ws, value=value)
    else:
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))  # control characters Excel cannot store
        new = Cell(ws, value=text)
        new.data_type = "s"  # openpyxl guesses that "=…" is a formula and "#N/A" an error
        new.quotePrefix = text.startswith(FORMULA_STARTS)
    new.alignment = Alignment(wrap_text=True, vertical="top")
    return new


def append(ws: Worksheet, values: Iterable) -> None:
    """Add a row below the last one, every value through ``cell``."""
    ws.append([cell(ws, value) for value in values])


def to_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
