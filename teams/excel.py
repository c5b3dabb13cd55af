"""KM team rosters as Excel: worksheet 5 (a strategic issue's team), worksheet 6 (an agency's
team) and the provincial team, laid out as their page; and the seed's blank worksheet 6.

Contact data goes through ``teams.access.shown_contact``, so a workbook shows a reader exactly
what the roster's page shows them: phone and e-mail in full, or masked.
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from core.documents import excel as documents
from core.models import FiscalYear, User
from teams.access import shown_contact
from teams.models import MemberRole, Team, TeamMember

DOTS = "…………"
# The seed's worksheet 6: 22 rows, in its order of roles.
BLANK_ROLES = (
    [MemberRole.CEO, MemberRole.CKO, MemberRole.HEAD, MemberRole.DEPUTY]
    + [MemberRole.MEMBER] * 15
    + [MemberRole.SECRETARY]
    + [MemberRole.ASSISTANT_SECRETARY] * 2
)


def _columns(with_agency: bool) -> list[tuple[str, float]]:
    columns = [(_("No."), 7), (_("Name - surname"), 30), (_("Job position"), 30)]
    if with_agency:
        columns.append((_("Affiliation"), 32))
    return columns + [(_("Serves as"), 26), (_("Phone number / E-mail"), 32)]


def _year(fiscal_year: FiscalYear | None) -> str:
    return _("Fiscal year %(year)s") % {"year": fiscal_year.year if fiscal_year else DOTS}


def _sheet_name(team: Team) -> str:
    if team.kind == Team.Kind.AGENCY:
        return _("Worksheet 6")
    if team.kind == Team.Kind.ISSUE:
        return _("Worksheet 5")
    return _("Provincial KM team")


def _title(team: Team) -> str:
    if team.kind == Team.Kind.AGENCY:
        return _("Worksheet 6 KM team of the agency/organisation")
    if team.kind == Team.Kind.ISSUE:
        return _("Worksheet 5 KM team of the strategic issue")
    return _("Provincial KM team")


def _heading(team: Team) -> list[str]:
    heading = [_title(team)]
    issue = team.worksheet_issue
    if team.kind == Team.Kind.PROVINCE:
        heading.append(team.fiscal_year.province.name)
    else:
        heading.append(
            f"{_('Strategic issue')} {issue.number} {issue.title}" if issue else f"{_('Strategic issue')} —"
        )
        heading.append(f"{_('Goal')} {' '.join(issue.goal.split())}" if issue else f"{_('Goal')} —")
    if team.kind == Team.Kind.AGENCY:
        knowledge = team.knowledge.name if team.knowledge_id else _("Knowledge not chosen yet")
        heading.append(f"{_('Name of the necessary knowledge')} {knowledge}")
        heading.append(f"{_('Agency/organisation')} {team.agency.name}")
    heading.append(_year(team.fiscal_year))
    return heading


def _role(member: TeamMember) -> str:
    role = member.get_role_display()
    return f"{role} ({member.get_km_function_display()})" if member.km_function else role


def export_roster(team: Team, members: list[TeamMember], viewer: User) -> bytes:
    """The roster in the page's order (``members``: prefetched with their accounts and agencies);
    contact data as ``viewer`` may read it."""
    with_agency = team.kind == Team.Kind.ISSUE
    book = documents.workbook()
    heading = _heading(team)
    ws = documents.sheet(book, _sheet_name(team), _columns(with_agency), heading=heading)
    for number, member in enumerate(members, start=1):
        phone, email = shown_contact(viewer, member)
        row = [number, member.full_name, member.shown_position]
        if with_agency:
            agency = member.agency or (member.user.agency if member.user_id else None)
            row.append(agency.name if agency else "")
        row += [_role(member), "\n".join(value for value in (phone, email) if value)]
        documents.append(ws, row)
    documents.fit_rows(ws, documents.header_row(heading))
    return documents.to_bytes(book)


# The seed's paper form writes these two bare, where a roster's page spells them out.
BARE_ROLES = {
    MemberRole.CEO: pgettext_lazy("worksheet 6 on paper", "CEO"),
    MemberRole.CKO: pgettext_lazy("worksheet 6 on paper", "CKO"),
}


def blank_role(role: MemberRole) -> str:
    return str(BARE_ROLES.get(role, role.label))


def blank_worksheet6(fiscal_year: FiscalYear | None) -> bytes:
    """The seed's worksheet 6 to fill on paper: its head lines and 22 numbered rows labelled CEO,
    CKO, หัวหน้าทีม, รองหัวหน้า, 15 × KM Team, เลขานุการ and 2 × ผู้ช่วยเลขานุการ."""
    book = documents.workbook()
    heading = [
        _("Worksheet 6 KM team of the agency/organisation"),
        f"{_('Strategic issue')} {DOTS} {DOTS}",
        f"{_('Goal')} {DOTS}",
        f"{_('Name of the necessary knowledge')} {DOTS}",
        f"{_('Agency/organisation')} {DOTS}",
        _year(fiscal_year),
    ]
    ws = documents.sheet(book, _("Worksheet 6"), _columns(False), heading=heading)
    for number, role in enumerate(BLANK_ROLES, start=1):
        documents.append(ws, [number, None, None, blank_role(role), None])
        ws.row_dimensions[ws.max_row].height = 24  # room to write by hand
    return documents.to_bytes(book)
