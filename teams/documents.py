"""What a roster prints as, whatever the format (``teams/excel.py``, ``templates/documents/roster.html``):
its title, the head lines under it, its columns, one row per member, and the seed's blank
worksheet 6 with its 22 labelled rows. The PDF and the workbook of a roster show the same rows.

Contact data goes through ``teams.access.shown_contact``: a document shows a reader exactly what
the roster's page shows them, phone and e-mail in full or masked.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

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
# The seed's paper form writes these two bare, where a roster's page spells them out.
BARE_ROLES = {
    MemberRole.CEO: pgettext_lazy("worksheet 6 on paper", "CEO"),
    MemberRole.CKO: pgettext_lazy("worksheet 6 on paper", "CKO"),
}


def blank_role(role: MemberRole) -> str:
    return str(BARE_ROLES.get(role, role.label))


def with_agency(team: Team) -> bool:
    """Worksheet 5's team spans agencies: its roster has the Affiliation (สังกัด) column."""
    return team.kind == Team.Kind.ISSUE


def columns(agency_column: bool) -> list[str]:
    """The roster's column headings, in the seed's order."""
    labels = [_("No."), _("Name - surname"), _("Job position")]
    if agency_column:
        labels.append(_("Affiliation"))
    return labels + [_("Serves as"), _("Phone number / E-mail")]


def year_line(fiscal_year: FiscalYear | None) -> str:
    return _("Fiscal year %(year)s") % {"year": fiscal_year.year if fiscal_year else DOTS}


def blank_title() -> str:
    return _("Worksheet 6 KM team of the agency/organisation")


def title(team: Team) -> str:
    if team.kind == Team.Kind.AGENCY:
        return blank_title()
    if team.kind == Team.Kind.ISSUE:
        return _("Worksheet 5 KM team of the strategic issue")
    return _("Provincial KM team")


def running_title(team: Team) -> str:
    """Whose roster it is, in a few words: the agency, the strategic issue or the province."""
    if team.kind == Team.Kind.AGENCY:
        return team.agency.name
    if team.kind == Team.Kind.ISSUE:
        return f"{_('Strategic issue')} {team.issue.number} {team.issue.title}"
    return team.fiscal_year.province.name


def head_fields(team: Team) -> list[tuple[str, str]]:
    """The seed's lines under the title, as (label, value): the strategic issue and its goal
    (worksheets 5 and 6), the necessary knowledge and the agency (worksheet 6). The provincial team
    has none: its province is named under its title."""
    if team.kind == Team.Kind.PROVINCE:
        return []
    issue = team.worksheet_issue
    fields = [
        (_("Strategic issue"), f"{issue.number} {issue.title}" if issue else "—"),
        (_("Goal"), issue.goal if issue else "—"),
    ]
    if team.kind == Team.Kind.AGENCY:
        knowledge = team.knowledge.name if team.knowledge_id else _("Knowledge not chosen yet")
        fields.append((_("Name of the necessary knowledge"), knowledge))
        fields.append((_("Agency/organisation"), team.agency.name))
    return fields


def blank_head_fields() -> list[tuple[str, str]]:
    """Worksheet 6's head lines to fill by hand."""
    return [
        (_("Strategic issue"), f"{DOTS} {DOTS}"),
        (_("Goal"), DOTS),
        (_("Name of the necessary knowledge"), DOTS),
        (_("Agency/organisation"), DOTS),
    ]


def role_label(member: TeamMember) -> str:
    role = member.get_role_display()
    return f"{role} ({member.get_km_function_display()})" if member.km_function else role


@dataclass
class RosterRow:
    number: int
    name: str
    position: str
    agency: str  # สังกัด: worksheet 5's column
    role: str
    phone: str
    email: str


def roster_rows(members: list[TeamMember], viewer: User) -> list[RosterRow]:
    """One row per member in the page's order (``members``: prefetched with their accounts and
    agencies); phone and e-mail as ``viewer`` may read them."""
    rows = []
    for number, member in enumerate(members, start=1):
        phone, email = shown_contact(viewer, member)
        agency = member.agency or (member.user.agency if member.user_id else None)
        rows.append(
            RosterRow(
                number=number,
                name=member.full_name,
                position=member.shown_position,
                agency=agency.name if agency else "",
                role=role_label(member),
                phone=phone,
                email=email,
            )
        )
    return rows
