"""KM team rosters as Excel: worksheet 5 (a strategic issue's team), worksheet 6 (an agency's
team) and the provincial team, laid out as their page; and the seed's blank worksheet 6.

What a roster shows (title, head lines, columns, rows, contact data through the teams' PDPA
helper) is ``teams.documents``'s, shared with the roster's PDF.
"""

from django.utils.translation import gettext as _

from core.documents import excel as documents
from core.models import FiscalYear, User
from teams import documents as roster
from teams.models import Team, TeamMember


def _columns(agency_column: bool) -> list[tuple[str, float]]:
    widths = [7, 30, 30] + ([32] if agency_column else []) + [26, 32]
    return list(zip(roster.columns(agency_column), widths, strict=True))


def _sheet_name(team: Team) -> str:
    if team.kind == Team.Kind.AGENCY:
        return _("Worksheet 6")
    if team.kind == Team.Kind.ISSUE:
        return _("Worksheet 5")
    return _("Provincial KM team")


def _line(label: str, value: str) -> str:
    return f"{label} {' '.join(value.split())}"


def _heading(team: Team) -> list[str]:
    heading = [roster.title(team)]
    if team.kind == Team.Kind.PROVINCE:
        heading.append(team.fiscal_year.province.name)
    heading += [_line(label, value) for label, value in roster.head_fields(team)]
    return heading + [roster.year_line(team.fiscal_year)]


def export_roster(team: Team, members: list[TeamMember], viewer: User) -> bytes:
    """The roster in the page's order (``members``: prefetched with their accounts and agencies);
    contact data as ``viewer`` may read it."""
    agency_column = roster.with_agency(team)
    book = documents.workbook()
    heading = _heading(team)
    ws = documents.sheet(book, _sheet_name(team), _columns(agency_column), heading=heading)
    for row in roster.roster_rows(members, viewer):
        cells = [row.number, row.name, row.position]
        if agency_column:
            cells.append(row.agency)
        cells += [row.role, "\n".join(value for value in (row.phone, row.email) if value)]
        documents.append(ws, cells)
    documents.fit_rows(ws, documents.header_row(heading))
    return documents.to_bytes(book)


def blank_worksheet6(fiscal_year: FiscalYear | None) -> bytes:
    """The seed's worksheet 6 to fill on paper: its head lines and 22 numbered rows labelled CEO,
    CKO, หัวหน้าทีม, รองหัวหน้า, 15 × KM Team, เลขานุการ and 2 × ผู้ช่วยเลขานุการ."""
    book = documents.workbook()
    heading = [
        roster.blank_title(),
        *(f"{label} {value}" for label, value in roster.blank_head_fields()),
        roster.year_line(fiscal_year),
    ]
    ws = documents.sheet(book, _("Worksheet 6"), _columns(False), heading=heading)
    for number, role in enumerate(roster.BLANK_ROLES, start=1):
        documents.append(ws, [number, None, None, roster.blank_role(role), None])
        ws.row_dimensions[ws.max_row].height = 24  # room to write by hand
    return documents.to_bytes(book)
