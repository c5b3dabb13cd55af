"""Who sees and who changes a KM team, and who sees its members' contact data (PDPA).

One helper per question, as in ``worksheets/access.py``: views go through
``get_team_for_user`` (404 for another province's team) and ``get_editable_team_for_user``
(403 for a team the user may read but not change); every page, list and export that shows a
roster asks ``can_see_contact`` and shows ``masked`` values to everyone else.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from core.models import Agency, Role, User
from core.permissions import grants, is_km_team, is_member, is_open_year, refuse_if_closed
from core.thai import thai_order
from teams.models import Team, TeamMember
from worksheets.access import is_issue_editor
from worksheets.models import StrategicIssue

MASK = "•••"


def _in_province(user: User, team: Team) -> bool:
    return is_member(user) and team.fiscal_year.province_id == user.agency.province_id


def can_see_contact(viewer: User, member: TeamMember) -> bool:
    """May ``viewer`` read ``member``'s phone and e-mail?

    Yes for a member of the same team (a row linked to the viewer), the member's agency's own users
    (the team's agency on worksheet 6; the row's agency, or its linked account's, otherwise) and
    province-level roles of the team's province; no for everyone else, who see ``masked`` values.
    Reads ``member.team.members.all()``, so a page can prefetch the roster once.
    """
    team = member.team
    if not _in_province(viewer, team):
        return False
    if grants(viewer).is_province_level:
        return True
    if any(row.user_id == viewer.pk for row in team.members.all()):
        return True
    if team.kind == Team.Kind.AGENCY:
        return team.agency_id == viewer.agency_id
    return member.shown_agency_id == viewer.agency_id


def masked(value: str) -> str:
    """Contact data as shown to someone who may not read it: enough to tell that it exists and to
    recognise one's own, not enough to use.

    A phone keeps its first two and last two digits and its separators ("081-234-5678" →
    "08x-xxx-xx78"), without any extension; an e-mail keeps its first letter and its domain
    ("somchai@example.org" → "s•••@example.org"); anything else is "•••"; empty stays empty.
    """
    if not value:
        return ""
    if "@" in value:
        local, _at, domain = value.rpartition("@")
        return f"{local[:1]}{MASK}@{domain}" if local else MASK
    number = value.split("ต่อ")[0].strip()
    digits = [i for i, char in enumerate(number) if char.isdigit()]
    if len(digits) < 6:
        return MASK
    hidden = set(digits[2:-2])
    return "".join("x" if i in hidden else char for i, char in enumerate(number))


def shown_contact(viewer: User, member: TeamMember) -> tuple[str, str]:
    """The member's phone and e-mail as ``viewer`` may read them: in full, or ``masked``. Every
    page and export of a roster shows contact data through this."""
    phone, email = member.shown_phone, member.shown_email
    if can_see_contact(viewer, member):
        return phone, email
    return masked(phone), masked(email)


def can_edit_team(user: User, team: Team) -> bool:
    """The provincial team: the provincial KM team. An issue's team (worksheet 5): the issue's
    editors (the KM team and the issue's members), finalised or not. An agency's team
    (worksheet 6): the agency's KM team and coordinator, and the provincial KM team."""
    if not _in_province(user, team) or not is_open_year(team.fiscal_year):
        return False
    if team.kind == Team.Kind.PROVINCE:
        return is_km_team(user)
    if team.kind == Team.Kind.ISSUE:
        return is_issue_editor(user, team.issue)
    held = grants(user)
    return (
        is_km_team(user)
        or held.has(Role.AGENCY_TEAM, team.agency_id)
        or held.has(Role.COORDINATOR, team.agency_id)
    )


def can_start_issue_team(user: User, issue: StrategicIssue) -> bool:
    """Who may start a strategic issue's roster (worksheet 5): whoever will edit it
    (``can_edit_team``), i.e. the issue's editors, finalised or not."""
    return can_edit_team(user, Team(kind=Team.Kind.ISSUE, fiscal_year=issue.fiscal_year, issue=issue))


def agencies_for_new_team(user: User):
    """The agencies whose roster (worksheet 6) ``user`` may start: every agency of the province
    for the provincial KM team, else those the user is the KM team or coordinator of."""
    if not is_member(user):
        return Agency.objects.none()
    agencies = Agency.objects.filter(province_id=user.agency.province_id).order_by(thai_order("name"))
    if is_km_team(user):
        return agencies
    mine = {a for role, a in grants(user).agency_roles if role in (Role.AGENCY_TEAM, Role.COORDINATOR)}
    return agencies.filter(pk__in=mine)


def get_team_for_user(request: HttpRequest, pk: int) -> Team:
    """Any team of the user's province: everyone of the province reads names, positions and roles.

    404 for another province's team (a stranger cannot learn that it exists).
    """
    return get_object_or_404(
        Team.objects.select_related(
            "fiscal_year__province", "issue", "agency", "knowledge__process__kpi__issue"
        ),
        pk=pk,
        fiscal_year__province_id=request.user.agency.province_id,
    )


def get_editable_team_for_user(request: HttpRequest, pk: int) -> Team:
    """A team whose roster the user may change (``can_edit_team``).

    404 for another province's team; 403 for a team of the province the user may only read.
    """
    team = get_team_for_user(request, pk)
    refuse_if_closed(team.fiscal_year)
    if not can_edit_team(request.user, team):
        raise PermissionDenied
    return team


def get_member_for_editor(request: HttpRequest, pk: int, member_pk: int) -> TeamMember:
    """A row of a roster the user may change: 404 for another province's team or a row of another
    team; 403 as for the team."""
    team = get_editable_team_for_user(request, pk)
    return get_object_or_404(TeamMember.objects.select_related("user"), pk=member_pk, team=team)
