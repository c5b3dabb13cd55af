"""Worksheet 1 KPIs to and from Excel.

The template, the export and the import share one column layout, so a person can export,
edit in Excel and import again. An import is all or nothing: every row is checked first and
any error (named by row and column) leaves the database untouched.
"""

import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.models import Agency, FiscalYear
from worksheets.models import Kpi, StrategicIssue

COLUMNS = (
    ("issue", gettext_lazy("Strategic issue no."), 14),
    ("number", gettext_lazy("KPI no."), 10),
    ("name", gettext_lazy("KPI name under the performance agreement"), 60),
    ("unit", gettext_lazy("Unit"), 14),
    ("target", gettext_lazy("Target"), 16),
    ("weight", gettext_lazy("Weight (%)"), 12),
    ("responsible", gettext_lazy("Responsible agencies"), 45),
    ("involved", gettext_lazy("Involved agencies"), 45),
    ("remark", gettext_lazy("Remark"), 30),
)
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_NUMBER = 32767  # issue and KPI numbers are small integers in PostgreSQL
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_AGENCY_SEPARATORS = re.compile(r"[\n;,]+")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # key in COLUMNS
    message: str

    @property
    def column_letter(self) -> str:
        return get_column_letter(_index(self.column) + 1)

    @property
    def column_label(self) -> str:
        return str(COLUMNS[_index(self.column)][1])

    def __str__(self) -> str:
        return _("Row %(row)s, column %(letter)s (%(label)s): %(message)s") % {
            "row": self.row,
            "letter": self.column_letter,
            "label": self.column_label,
            "message": self.message,
        }


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError] | list[str]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


def _index(key: str) -> int:
    return next(i for i, (k, _label, _width) in enumerate(COLUMNS) if k == key)


# --- Writing ----------------------------------------------------------------------------------


def _sheet_with_header(workbook: Workbook, title: str):
    sheet = workbook.active
    sheet.title = title
    sheet.append([str(label) for _key, label, _width in COLUMNS])
    for i, (_key, _label, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=i)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_kpis(fiscal_year: FiscalYear) -> bytes:
    workbook = Workbook()
    sheet = _sheet_with_header(workbook, _("Worksheet 1 %(year)s") % {"year": fiscal_year.year})
    kpis = (
        Kpi.objects.filter(issue__fiscal_year=fiscal_year)
        .select_related("issue")
        .prefetch_related("responsible_agencies", "involved_agencies")
        .order_by("issue__number", "number")
    )
    for kpi in kpis:
        sheet.append(
            [
                kpi.issue.number,
                kpi.number,
                kpi.name,
                kpi.unit,
                kpi.target,
                kpi.weight,
                "\n".join(a.name for a in kpi.responsible_agencies.all()),
                "\n".join(a.name for a in kpi.involved_agencies.all()),
                kpi.remark,
            ]
        )
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.data_type == "f":  # a text starting with "=" is a KPI's words, not a formula to run
                cell.data_type = "s"
    return _to_bytes(workbook)


def template(fiscal_year: FiscalYear) -> bytes:
    """An empty worksheet-1 sheet, with how to fill it and the agency names it accepts."""
    workbook = Workbook()
    _sheet_with_header(workbook, _("Worksheet 1 %(year)s") % {"year": fiscal_year.year})
    help_sheet = workbook.create_sheet(_("How to fill in"))
    help_sheet.column_dimensions["A"].width = 110
    for line in (
        _("One row per KPI. Rows are matched by strategic issue number and KPI number:"),
        _("an existing KPI with the same numbers is updated, a new one is added."),
        _("The strategic issue must already exist in fiscal year %(year)s.") % {"year": fiscal_year.year},
        _("Weight is a percentage from 0 to 100 and may be left empty."),
        _(
            "Agencies: write their names exactly as in the sheet “Agencies”, one per line or separated by commas."
        ),
        _("If any row has an error, nothing is imported; the message names the row and column."),
    ):
        help_sheet.append([line])
    agency_sheet = workbook.create_sheet(_("Agencies"))
    agency_sheet.column_dimensions["A"].width = 70
    agency_sheet.column_dimensions["B"].width = 20
    agency_sheet.append([_("Agency name"), _("Short name")])
    for agency in Agency.objects.filter(province_id=fiscal_year.province_id, is_active=True):
        agency_sheet.append([agency.name, agency.short_name])
    return _to_bytes(workbook)


# --- Reading ----------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


def _positive_int(value) -> int | None:
    """A whole number from 1 to MAX_NUMBER (Thai digits too), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        text = _text(value)
        value = int(text) if text.isdecimal() else 0  # isdigit() would let "²" through to int()
    return value if 1 <= value <= MAX_NUMBER else None


def _cell_value(cell):
    """The value as the person sees it: Excel keeps "10%" typed in a cell as 0.1 shown as a percentage."""
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return f"{(Decimal(str(value)) * 100).normalize():f}%"
    return value


@dataclass
class ParsedRow:
    row: int
    issue: StrategicIssue
    number: int
    fields: dict
    responsible: list[Agency]
    involved: list[Agency]


def _agency_lookup(fiscal_year: FiscalYear) -> dict[str, Agency]:
    lookup: dict[str, Agency] = {}
    for agency in Agency.objects.filter(province_id=fiscal_year.province_id):
        lookup[" ".join(agency.name.split()).casefold()] = agency
        if agency.short_name:
            lookup.setdefault(" ".join(agency.short_name.split()).casefold(), agency)
    return lookup


def parse(fiscal_year: FiscalYear, data: bytes) -> list[ParsedRow]:
    """Read and check every row; raise ImportFailed with all problems found."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
        raise ImportFailed([_("The file is not an Excel workbook (.xlsx).")]) from error
    sheet = workbook.worksheets[0]
    issues = {issue.number: issue for issue in fiscal_year.strategic_issues.all()}
    agencies = _agency_lookup(fiscal_year)
    errors: list[RowError] = []
    parsed: list[ParsedRow] = []
    seen: dict[tuple[int, int], int] = {}

    for row_number, row in enumerate(sheet.iter_rows(min_row=2), start=2):
        values = [_cell_value(cell) for cell in row[: len(COLUMNS)]]
        values += [None] * (len(COLUMNS) - len(values))
        cells = dict(zip((key for key, _l, _w in COLUMNS), values, strict=True))
        if all(_text(v) == "" for v in values):
            continue
        row_errors: list[RowError] = []

        def fail(column: str, message: str) -> None:
            row_errors.append(RowError(row_number, column, message))  # noqa: B023

        issue_number = _positive_int(cells["issue"])
        issue = issues.get(issue_number) if issue_number else None
        if issue_number is None:
            fail("issue", _("enter the strategic issue number, a whole number from 1."))
        elif issue is None:
            fail(
                "issue",
                _("fiscal year %(year)s has no strategic issue %(number)s.")
                % {"year": fiscal_year.year, "number": issue_number},
            )
        number = _positive_int(cells["number"])
        if number is None:
            fail("number", _("enter the KPI number, a whole number from 1."))
        name = _text(cells["name"])
        if not name:
            fail("name", _("the KPI name is required."))
        elif len(name) > Kpi._meta.get_field("name").max_length:
            fail("name", _("the KPI name is longer than %(max)s characters.") % {"max": 500})
        weight = None
        if _text(cells["weight"]):
            try:
                weight = Decimal(_text(cells["weight"]).rstrip("%").strip())
                if not (0 <= weight <= 100) or weight.as_tuple().exponent < -2:
                    raise InvalidOperation
            except InvalidOperation:
                fail("weight", _("the weight must be a number from 0 to 100, at most two decimals."))
        found: dict[str, list[Agency]] = {}
        for column in ("responsible", "involved"):
            found[column] = []
            for part in _AGENCY_SEPARATORS.split(_text(cells[column]) if cells[column] else ""):
                key = " ".join(part.split()).casefold()
                if not key:
                    continue
                agency = agencies.get(key)
                if agency is None:
                    fail(column, _("no agency named “%(name)s”.") % {"name": part.strip()})
                elif agency not in found[column]:
                    found[column].append(agency)
        both = set(found["responsible"]) & set(found["involved"])
        if both:
            fail(
                "involved",
                _("an agency is either responsible or involved, not both: %(names)s.")
                % {"names": ", ".join(a.name for a in both)},
            )
        for column, limit in (("unit", 100), ("target", 200)):
            if len(_text(cells[column])) > limit:
                fail(column, _("longer than %(max)s characters.") % {"max": limit})
        if issue and number:
            first = seen.setdefault((issue.number, number), row_number)
            if first != row_number:
                fail(
                    "number",
                    _("KPI %(code)s also appears in row %(row)s.")
                    % {"code": f"{issue.number}.{number}", "row": first},
                )
        if row_errors:
            errors.extend(row_errors)
            continue
        parsed.append(
            ParsedRow(
                row=row_number,
                issue=issue,
                number=number,
                fields={
                    "name": name,
                    "unit": _text(cells["unit"]),
                    "target": _text(cells["target"]),
                    "weight": weight,
                    "remark": _text(cells["remark"]),
                },
                responsible=found["responsible"],
                involved=found["involved"],
            )
        )
    workbook.close()
    if errors:
        raise ImportFailed(errors)
    if not parsed:
        raise ImportFailed([_("The file has no KPI rows below the header row.")])
    return parsed


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


@transaction.atomic
def import_kpis(fiscal_year: FiscalYear, data: bytes) -> ImportResult:
    """Add or update the KPIs of the file, or change nothing when any row is wrong."""
    rows = parse(fiscal_year, data)
    created = updated = 0
    for row in rows:
        kpi, was_created = Kpi.objects.update_or_create(
            issue=row.issue, number=row.number, defaults=row.fields
        )
        kpi.responsible_agencies.set(row.responsible)
        kpi.involved_agencies.set(row.involved)
        created += was_created
        updated += not was_created
    return ImportResult(created=created, updated=updated)
