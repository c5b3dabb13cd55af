"""Worksheet 1 KPIs to and from Excel.

The template, the export and the import share one column layout, so a person can export,
edit in Excel and import again. Workbooks are written and read by ``core.documents.excel``: text
never becomes a formula, a file is measured before it is parsed, and errors name row and column.
An import checks each row with the screen's ``KpiForm``, so its rules and messages are the
screen's, and is all or nothing: any error leaves the database untouched.
"""

import re
from dataclasses import dataclass

from django import forms
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.documents import excel as documents
from core.documents.excel import ImportFailed
from core.models import Agency, FiscalYear
from worksheets.forms import KpiForm, province_agencies
from worksheets.models import Kpi, StrategicIssue, kpi_code

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
KEYS = tuple(key for key, _label, _width in COLUMNS)
FORM_FIELDS = {  # column → KpiForm field; "issue" is the file's own: the form edits one issue's KPIs
    "number": "number",
    "name": "name",
    "unit": "unit",
    "target": "target",
    "weight": "weight",
    "responsible": "responsible_agencies",
    "involved": "involved_agencies",
    "remark": "remark",
}
COLUMN_OF_FIELD = {field: column for column, field in FORM_FIELDS.items()}
MAX_KPI_ROWS = 1000  # rows 2 to 1001; stated in the README
# Unpacked sizes, checked before openpyxl parses anything (it parses a part by the path the
# workbook names, whatever its extension). 1,000 KPI rows take about 0.5 MB of sheet and a few MB
# of shared text; openpyxl parses about 3 MB a second, so the limits bound a crafted file's cost
# to about a second.
MAX_PART_BYTES = 3 * 1024 * 1024
MAX_UNPACKED_BYTES = 10 * 1024 * 1024
MAX_NUMBER = 32767  # issue numbers are small integers in PostgreSQL
_AGENCY_SEPARATORS = re.compile(r"[\n;,]+")


def _error(row: int, key: str | None, message: str) -> documents.CellError:
    """A problem of the file at ``row``, in the column of ``key`` (None: the row as a whole)."""
    if key is None:
        return documents.CellError(row, None, "", message)
    index = KEYS.index(key)
    return documents.CellError(row, index + 1, str(COLUMNS[index][1]), message)


# --- Writing ----------------------------------------------------------------------------------


def _kpi_sheet(book, fiscal_year: FiscalYear):
    title = _("Worksheet 1 %(year)s") % {"year": fiscal_year.year}
    return documents.sheet(book, title, [(str(label), width) for _key, label, width in COLUMNS])


def export_kpis(fiscal_year: FiscalYear) -> bytes:
    book = documents.workbook()
    sheet = _kpi_sheet(book, fiscal_year)
    kpis = (
        Kpi.objects.filter(issue__fiscal_year=fiscal_year)
        .select_related("issue")
        .prefetch_related("responsible_agencies", "involved_agencies")
        .order_by("issue__number", "number")
    )
    for kpi in kpis:
        documents.append(
            sheet,
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
            ],
        )
    return documents.to_bytes(book)


def template(fiscal_year: FiscalYear) -> bytes:
    """An empty worksheet-1 sheet, with how to fill it and the agency names it accepts."""
    book = documents.workbook()
    _kpi_sheet(book, fiscal_year)
    help_sheet = documents.sheet(book, _("How to fill in"), [])
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
        _("At most %(max)s KPI rows per file; write values, not formulas.") % {"max": MAX_KPI_ROWS},
    ):
        documents.append(help_sheet, [line])
    agency_sheet = documents.sheet(book, _("Agencies"), [(_("Agency name"), 70), (_("Short name"), 20)])
    for agency in Agency.objects.filter(province_id=fiscal_year.province_id, is_active=True):
        documents.append(agency_sheet, [agency.name, agency.short_name])
    return documents.to_bytes(book)


# --- Reading ----------------------------------------------------------------------------------


_WHOLE_NUMBER = forms.IntegerField(min_value=1, max_value=MAX_NUMBER)  # how KpiForm reads "number"


def _whole_number(value) -> int | None:
    """A whole number from 1 to MAX_NUMBER read as the form reads it (Thai digits too), else None."""
    try:
        return _WHOLE_NUMBER.clean(documents.text(value))
    except forms.ValidationError:
        return None


def _too_many_rows() -> ImportFailed:
    return ImportFailed(
        [
            _(
                "An import takes at most %(max)s KPI rows (rows 2 to %(last)s); this sheet goes on below "
                "row %(last)s. Split the file, or delete the empty rows below the KPIs."
            )
            % {"max": MAX_KPI_ROWS, "last": MAX_KPI_ROWS + 1}
        ]
    )


@dataclass
class ParsedRow:
    row: int
    kpi: Kpi  # the KPI with the row's values, saved or not
    responsible: list[Agency]
    involved: list[Agency]
    changed: bool  # fields differ from the database (always for a new KPI)
    agencies_changed: bool


class _FoundAgencies(forms.Field):
    """KpiForm's agency field for a row: agencies found by name, checked against what the screen
    offers (read once for the whole file) instead of a query per row."""

    def __init__(self, original: forms.ModelMultipleChoiceField):
        super().__init__(required=False, label=original.label)
        self.error_messages = original.error_messages
        self.offered: set[Agency] = set()

    def clean(self, value):
        for agency in value:
            if agency not in self.offered:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": agency.name},
                )
        return list(value)


class _RowForm(KpiForm):
    """The screen's KpiForm for one row of a file, without a query per row."""

    responsible_agencies = _FoundAgencies(KpiForm.base_fields["responsible_agencies"])
    involved_agencies = _FoundAgencies(KpiForm.base_fields["involved_agencies"])

    def __init__(self, *args, offered: set[Agency], **kwargs):
        self.offered = offered
        super().__init__(*args, **kwargs)

    def offer_agencies(self) -> None:
        # What KpiForm offers (the province's active agencies and those the KPI names now), read
        # once for the whole file.
        for name in ("responsible_agencies", "involved_agencies"):
            self.fields[name].offered = self.offered

    def clean_number(self):
        # Rows are matched to KPIs by number, so the number is the instance's own; a number twice
        # in the file is caught by parse().
        return self.cleaned_data["number"]

    def _post_clean(self):
        # The model's check constraints (number from 1, weight 0 to 100) are the form's own
        # validators too; checking them again costs a millisecond a row.
        self.instance.validate_constraints = lambda exclude=None: None
        super()._post_clean()


_FIELDS = ("name", "unit", "target", "weight", "remark")


def _too_large() -> str:
    return _(
        "The workbook is far larger than %(max)s KPI rows need once unpacked. Copy the KPI "
        "rows alone into the template and import that."
    ) % {"max": MAX_KPI_ROWS}


def parse(fiscal_year: FiscalYear, data: bytes) -> list[ParsedRow]:
    """Read and check every row; raise ImportFailed with all problems found."""
    limits = {"max_part": MAX_PART_BYTES, "max_total": MAX_UNPACKED_BYTES, "too_large": _too_large()}
    with documents.opened(data, **limits) as workbook:
        if not workbook.worksheets:
            raise ImportFailed([str(documents.NOT_A_WORKBOOK)])
        sheet = workbook.worksheets[0]
        if sheet.max_row is not None and sheet.max_row > MAX_KPI_ROWS + 1:  # the sheet's <dimension>
            raise _too_many_rows()
        return _parse_rows(fiscal_year, sheet)


def _parse_rows(fiscal_year: FiscalYear, sheet) -> list[ParsedRow]:
    # max_row also bounds a sheet whose <dimension> is missing or lies.
    rows = documents.unless_broken(sheet.iter_rows(min_row=1, max_row=MAX_KPI_ROWS + 2, max_col=len(COLUMNS)))
    header_errors = documents.header_errors(next(rows, ()), [label for _key, label, _width in COLUMNS])
    if header_errors:
        raise ImportFailed(header_errors)

    issues = {issue.number: issue for issue in fiscal_year.strategic_issues.all()}
    no_issue = StrategicIssue(fiscal_year=fiscal_year)  # lets a row with a wrong issue be checked too
    existing: dict[tuple[int, int], Kpi] = {}
    named: dict[int, tuple[set[Agency], set[Agency]]] = {}  # a KPI's agencies: responsible, involved
    lists = (
        Prefetch(name, Agency.objects.order_by()) for name in ("responsible_agencies", "involved_agencies")
    )
    for kpi in Kpi.objects.filter(issue__fiscal_year=fiscal_year).prefetch_related(*lists):
        existing[kpi.issue_id, kpi.number] = kpi
        named[kpi.pk] = (set(kpi.responsible_agencies.all()), set(kpi.involved_agencies.all()))
    by_name: dict[str, Agency] = {}
    for agency in Agency.objects.filter(province_id=fiscal_year.province_id):
        by_name[" ".join(agency.name.split()).casefold()] = agency
        if agency.short_name:
            by_name.setdefault(" ".join(agency.short_name.split()).casefold(), agency)
    active = set(province_agencies(no_issue))
    errors: list[documents.CellError] = []
    parsed: list[ParsedRow] = []
    seen: dict[tuple[int, int], int] = {}

    for row_number, row in enumerate(rows, start=2):
        cells = dict(zip(KEYS, row, strict=False))
        formulas = {key for key, cell in cells.items() if documents.is_formula(cell)}
        values = {key: None if key in formulas else documents.cell_value(cell) for key, cell in cells.items()}
        if not formulas and all(documents.text(v) == "" for v in values.values()):
            continue
        if row_number > MAX_KPI_ROWS + 1:
            raise _too_many_rows()
        row_errors = [_error(row_number, key, str(documents.FORMULA)) for key in KEYS if key in formulas]

        def fail(column: str | None, message: str, row=row_number, errors=row_errors, skip=formulas) -> None:
            if column not in skip:  # a formula's cell has its error already
                errors.append(_error(row, column, message))

        issue_number = _whole_number(values["issue"])
        issue = issues.get(issue_number) if issue_number else None
        if issue_number is None:
            fail("issue", _("enter the strategic issue number, a whole number from 1."))
        elif issue is None:
            fail(
                "issue",
                _("fiscal year %(year)s has no strategic issue %(number)s.")
                % {"year": fiscal_year.year, "number": issue_number},
            )
        number = _whole_number(values["number"])
        kpi = existing.get((issue.pk, number)) if issue and number else None
        before = {name: getattr(kpi, name) for name in _FIELDS} if kpi else None

        found: dict[str, list[Agency]] = {}
        for column in ("responsible", "involved"):
            found[column] = []
            for part in _AGENCY_SEPARATORS.split(documents.text(values[column])):
                if not part.strip():
                    continue
                agency = by_name.get(" ".join(part.split()).casefold())
                if agency is None:
                    fail(column, _("no agency named “%(name)s”.") % {"name": part.strip()})
                elif agency not in found[column]:
                    found[column].append(agency)

        weight = documents.text(values["weight"])
        form = _RowForm(
            {
                "number": documents.text(values["number"]),
                "name": documents.text(values["name"]),
                "unit": documents.text(values["unit"]),
                "target": documents.text(values["target"]),
                "weight": weight[:-1].strip() if weight.endswith("%") else weight,
                "responsible_agencies": found["responsible"],
                "involved_agencies": found["involved"],
                "remark": documents.text(values["remark"]),
            },
            issue=issue or no_issue,
            instance=kpi,
            offered=active | set().union(*named[kpi.pk]) if kpi else active,
        )
        if not form.is_valid():
            for field, messages in form.errors.items():
                for message in messages:
                    fail(COLUMN_OF_FIELD.get(field), message)  # None: the row as a whole

        if issue and number:
            first = seen.setdefault((issue.number, number), row_number)
            if first != row_number:
                fail(
                    "number",
                    _("KPI %(code)s also appears in row %(row)s.")
                    % {"code": kpi_code(issue.number, number), "row": first},
                )
        unchanged = False
        if not row_errors:
            kpi = form.instance
            kpi.issue = issue
            changed = before is None or any(getattr(kpi, name) != value for name, value in before.items())
            agencies_changed = before is None or named[kpi.pk] != (
                set(found["responsible"]),
                set(found["involved"]),
            )
            unchanged = not (changed or agencies_changed)
        if issue and issue.finalised_at and not unchanged:
            fail(
                "issue",
                _(
                    "strategic issue %(number)s is finalised and this row would change it; "
                    "reopen the issue first, or leave the row as it is."
                )
                % {"number": issue.number},
            )
        if row_errors:
            errors.extend(row_errors)
            continue
        parsed.append(
            ParsedRow(row_number, kpi, found["responsible"], found["involved"], changed, agencies_changed)
        )
    if errors:
        raise ImportFailed(errors)
    if not parsed:
        raise ImportFailed([_("The file has no KPI rows below the header row.")])
    return parsed


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


_AGENCY_LISTS = (("responsible_agencies", "responsible"), ("involved_agencies", "involved"))


@transaction.atomic
def import_kpis(fiscal_year: FiscalYear, data: bytes) -> ImportResult:
    """Add or update the KPIs of the file, or change nothing when any row is wrong.

    A row equal to its KPI writes nothing and leaves no history entry; every other row leaves
    one entry, with its agency lists as they end up. The writes go in bulk, a dozen queries
    for any number of rows."""
    rows = parse(fiscal_year, data)
    written = [row for row in rows if row.changed or row.agencies_changed]
    new = [row.kpi for row in written if row.kpi.pk is None]
    known = [row for row in written if row.kpi.pk is not None]
    relinked = [row for row in written if row.agencies_changed]
    Kpi.objects.bulk_create(new)
    Kpi.objects.bulk_update([row.kpi for row in known if row.changed], _FIELDS)
    for field, attribute in _AGENCY_LISTS:
        through = Kpi._meta.get_field(field).remote_field.through
        through.objects.filter(kpi__in=[row.kpi for row in known if row.agencies_changed]).delete()
        through.objects.bulk_create(
            through(kpi=row.kpi, agency=agency) for row in relinked for agency in getattr(row, attribute)
        )
    _record_history(new, [row.kpi for row in known])
    return ImportResult(created=len(new), updated=len(rows) - len(new))


def _record_history(created: list[Kpi], changed: list[Kpi]) -> None:
    """django-simple-history's records of KPIs written in bulk (which sends no signal): its
    bulk_history_create, and the snapshot of each agency list as its create_historical_record_m2ms
    takes it, in one query per list instead of two per KPI."""
    records = Kpi.history.bulk_history_create(created) + Kpi.history.bulk_history_create(changed, update=True)
    historical = Kpi.history.model
    for field, _attribute in _AGENCY_LISTS:
        through = Kpi._meta.get_field(field).remote_field.through
        snapshot = next(
            rel.related_model
            for rel in historical._meta.related_objects
            if rel.related_model._meta.object_name == f"{historical._meta.object_name}_{field}"
        )
        links: dict[int, list] = {}
        for link in through.objects.filter(kpi__in=[record.id for record in records]):
            links.setdefault(link.kpi_id, []).append(link)
        snapshot.objects.bulk_create(
            snapshot(history=record, id=link.id, kpi_id=link.kpi_id, agency_id=link.agency_id)
            for record in records
            for link in links.get(record.id, [])
        )
