"""Writes to KM teams and their rosters. Views, imports and tests all go through these, each
inside one transaction, so the history records one change per row changed.

Worksheet 5's roster is the one source of edit rights on its issue's worksheets 2–4: every write
to an issue's roster ends by setting ``StrategicIssue.members`` to the accounts its rows link to
(``_sync_issue_members``), in the same transaction.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from core.documents.uploads import CheckedUpload, check_upload, store_replacing
from core.models import Agency, FiscalYear, Role, RoleAssignment, User
from core.notify import in_recipients_language
from core.ordering import swap_with_neighbour
from core.thai import thai_order
from teams.models import ROLE_ORDER, SINGLE_ROLES, AppointmentOrder, MemberRole, Team, TeamMember
from worksheets.lifecycle import knowledge_for_action_plans
from worksheets.models import KnowledgeItem, StrategicIssue


def lock(team: Team) -> None:
    """Serialise writers of one roster, so two numbering or reordering at once cannot collide.

    PostgreSQL locks the team's row; SQLite's transactions are IMMEDIATE (settings), so the whole
    database is locked from the transaction's start.
    """
    Team.objects.select_for_update().filter(pk=team.pk).first()


def check_knowledge(fiscal_year: FiscalYear, agency: Agency, knowledge: KnowledgeItem) -> None:
    """A worksheet-6 team's knowledge: chosen in a finalised worksheet 4 of the year, and named
    for the agency (responsible or involved) in worksheet 3. ``ValidationError`` otherwise."""
    allowed = knowledge_for_action_plans(fiscal_year).filter(
        Q(responsible_agencies=agency) | Q(involved_agencies=agency), pk=knowledge.pk
    )
    if not allowed.exists():
        raise ValidationError(
            {
                "knowledge": _(
                    "Choose necessary knowledge that a finalised worksheet 4 of this fiscal year chose "
                    "and whose worksheet 3 names this agency."
                )
            }
        )


def _refuse_a_second_blank(fiscal_year: FiscalYear, agency: Agency, team: Team | None = None) -> None:
    """One roster waiting for its knowledge per agency and year is enough; a second one would be a
    double click. (Not a database constraint: a knowledge item deleted from worksheet 3 may leave a
    second blank roster behind, which the agency then names again.) Called under the year's lock."""
    waiting = Team.objects.filter(
        kind=Team.Kind.AGENCY, fiscal_year=fiscal_year, agency=agency, knowledge=None
    )
    if team is not None:
        waiting = waiting.exclude(pk=team.pk)
    if waiting.exists():
        raise ValidationError(
            {
                "knowledge": _(
                    "This agency already has a KM team whose knowledge is not chosen yet: choose its "
                    "knowledge first."
                )
            }
        )


def knowledge_required(fiscal_year: FiscalYear) -> bool:
    """May an agency's new team still leave its knowledge blank? Only until worksheet 4 is
    finalised: once every strategic issue of the year is finalised, the knowledge is known."""
    issues = StrategicIssue.objects.filter(fiscal_year=fiscal_year)
    return issues.exists() and not issues.filter(finalised_at__isnull=True).exists()


@transaction.atomic
def start_roster(
    kind: str,
    fiscal_year: FiscalYear,
    *,
    issue: StrategicIssue | None = None,
    agency: Agency | None = None,
    knowledge: KnowledgeItem | None = None,
) -> Team:
    """Create a team and put on it the CEO and CKO who hold those roles: the agency's for an
    agency team, the province's otherwise. A role nobody holds is left for the team to fill.
    A strategic issue's team also takes on, as KM Team rows, the issue's members who are not its
    CEO or CKO, so starting a roster takes nobody's rights away; everyone linked on it becomes
    an editor of the issue's worksheets 2–4.

    ``ValidationError`` (in the user's language) for a team that does not fit its kind, a second
    team where only one may be, or knowledge the agency may not have a team for. Starts of one
    fiscal year are serialised, so of two people starting the same roster at once the second is
    told that it exists.
    """
    FiscalYear.objects.select_for_update().filter(pk=fiscal_year.pk).first()
    if issue is not None and issue.fiscal_year_id != fiscal_year.pk:
        raise ValidationError({"issue": _("The strategic issue is not of this fiscal year.")})
    if agency is not None and agency.province_id != fiscal_year.province_id:
        raise ValidationError({"agency": _("The agency is not of this province.")})
    if knowledge is not None and agency is not None:
        check_knowledge(fiscal_year, agency, knowledge)
    if kind == Team.Kind.AGENCY and knowledge is None:
        _refuse_a_second_blank(fiscal_year, agency)
    team = Team(kind=kind, fiscal_year=fiscal_year, issue=issue, agency=agency, knowledge=knowledge)
    team.full_clean()
    team.save()
    holders = RoleAssignment.objects.filter(role__in=[Role.CEO, Role.CKO]).select_related("user")
    if kind == Team.Kind.AGENCY:
        holders = holders.filter(agency=agency)
    else:
        holders = holders.filter(agency__isnull=True, province_id=fiscal_year.province_id)
    held = {assignment.role: assignment.user for assignment in holders}
    for role in (MemberRole.CEO, MemberRole.CKO):
        if role.value in held:
            _write_member(TeamMember(team=team, role=role, user=held[role.value]))
    if kind == Team.Kind.ISSUE:
        # Whoever may already edit the issue's worksheets stays able to: on the roster.
        others = issue.members.exclude(pk__in=[user.pk for user in held.values()])
        for user in others.order_by(thai_order("first_name"), "pk"):
            _write_member(TeamMember(team=team, role=MemberRole.MEMBER, user=user))
    _sync_issue_members(team)
    return team


@transaction.atomic
def set_knowledge(team: Team, knowledge: KnowledgeItem | None) -> Team:
    """Name (or clear) the necessary knowledge of a worksheet-6 team, checked as in ``start_roster``."""
    if team.kind != Team.Kind.AGENCY:
        raise ValidationError({"knowledge": _("Only an agency's KM team is for one knowledge item.")})
    FiscalYear.objects.select_for_update().filter(pk=team.fiscal_year_id).first()
    if knowledge is not None:
        check_knowledge(team.fiscal_year, team.agency, knowledge)
    elif team.knowledge_id is not None:
        _refuse_a_second_blank(team.fiscal_year, team.agency, team)
    team.knowledge = knowledge
    team.full_clean()
    team.save()
    return team


def _next_order(team: Team, role: str) -> int:
    last = team.members.filter(role=role).aggregate(last=Max("order"))["last"]
    return (last or 0) + 1


def _sync_issue_members(team: Team) -> None:
    """Make the issue's members (edit rights on worksheets 2–4) exactly the accounts the rows of
    its worksheet-5 roster link to: a person linked on two rows keeps the right until both go.
    The issue's history records the change, with the roster as its reason. Nothing for other
    kinds of team."""
    if team.kind != Team.Kind.ISSUE:
        return
    issue = StrategicIssue.objects.get(pk=team.issue_id)
    rows = TeamMember.objects.filter(team_id=team.pk, user__isnull=False)
    linked = set(rows.values_list("user_id", flat=True))
    if linked == set(issue.members.values_list("pk", flat=True)):
        return
    with in_recipients_language():  # the history is the province's record: in its language
        issue._change_reason = _("Changed on the roster of worksheet 5")
    issue.members.set(linked)


def _write_member(member: TeamMember) -> TeamMember:
    lock(member.team)
    saved_role = TeamMember.objects.filter(pk=member.pk).values_list("role", flat=True).first()
    if member.pk is None or saved_role != member.role:
        member.order = _next_order(member.team, member.role)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def save_member(member: TeamMember) -> TeamMember:
    """Write a new or changed row: a new row, or one given another role, goes after the last of
    its role. ``ValidationError`` (in the user's language) for a second CEO, CKO or team head, a
    bad phone number or e-mail, or a row with no name. Every write of a row comes through here;
    on worksheet 5 a row linked, re-linked or unlinked changes who edits worksheets 2–4."""
    _write_member(member)
    _sync_issue_members(member.team)
    return member


def add_member(team: Team, **fields) -> TeamMember:
    """Add a row after the last of its role (``save_member``)."""
    return save_member(TeamMember(team=team, **fields))


def change_member(member: TeamMember, **fields) -> TeamMember:
    """Change a row's fields (``save_member``)."""
    for name, value in fields.items():
        setattr(member, name, value)
    return save_member(member)


@transaction.atomic
def move_member(member: TeamMember, up: bool) -> bool:
    """Swap a row with its neighbour within the same role; rows never move across roles (the
    roster is always in the seed's order of roles). False when it is already first or last."""
    lock(member.team)
    member.refresh_from_db()
    same_role = TeamMember.objects.filter(team_id=member.team_id, role=member.role)
    return swap_with_neighbour(same_role, member, up)


@transaction.atomic
def remove_member(member: TeamMember, erase_contact: bool = True) -> None:
    """Take a person off the roster. Their name, role and dates stay readable in the history;
    phone and e-mail never enter the historical tables, and with ``erase_contact`` the current
    row is blanked before it goes, so no copy of them is left. A linked account keeps its own
    contact data: that is the account's, not the roster's. On worksheet 5 the account loses its
    edit rights on worksheets 2–4 unless another row still links it."""
    lock(member.team)
    if erase_contact and (member.phone or member.email):
        member.phone = ""
        member.email = ""
        member.save()
    member.delete()
    _sync_issue_members(member.team)


# --- Appointment orders (คำสั่งแต่งตั้ง) -----------------------------------------------------------


def attach_order(team: Team, upload, user: User | None) -> AppointmentOrder:
    """Attach the signed scan of the team's appointment order, replacing the one it had.

    ``upload`` is checked (``core.documents.uploads.check_upload``: PDF, PNG or JPEG by content,
    not empty, within the size limit) unless it comes checked; ``ValidationError`` otherwise, and
    nothing changes. The file is stored under a random name first, then the team's order row is
    written under the team's lock; if that fails the new file is deleted again, so a refused
    replacement keeps the old order whole. A replaced file leaves the storage once the new one is
    committed; the history keeps its name, who uploaded it and who replaced it when.
    """
    checked = upload if isinstance(upload, CheckedUpload) else check_upload(upload)

    def current() -> AppointmentOrder | None:
        lock(team)
        return AppointmentOrder.objects.filter(team=team).first()

    return store_replacing(AppointmentOrder(team=team), checked, user, current)


@transaction.atomic
def remove_order(team: Team, user: User | None) -> bool:
    """Take the team's appointment order away; False when it had none. The history records who
    removed it when; the file leaves the storage once that is committed."""
    lock(team)
    order = AppointmentOrder.objects.filter(team=team).first()
    if order is None:
        return False
    order._history_user = user
    order.delete()
    return True


# --- A new fiscal year's rosters from last year's ---------------------------------------------------

# What a copied row keeps of last year's (``order`` is renumbered in the same sequence).
COPIED_FIELDS = (
    "user_id", "title", "first_name", "last_name", "position", "agency_id", "role", "km_function",
    "phone", "email",
)  # fmt: skip


@dataclass
class CopiedRosters:
    """What ``copy_rosters`` made, for the message that reports it."""

    teams: int = 0
    members: int = 0
    skipped_issues: list[int] = field(default_factory=list)  # last year's issue numbers, not copied
    merged_agencies: list[Agency] = field(default_factory=list)  # several teams became one


def _person(member: TeamMember) -> tuple:
    """Who a row is, to keep one person once when several rosters become one: the account when
    linked, else the name (ignoring title, case and spacing)."""
    if member.user_id:
        return ("user", member.user_id)
    return ("name", " ".join(f"{member.first_name} {member.last_name}".split()).casefold())


def _merged_rows(teams: list[Team]) -> list[dict]:
    """The rows of one agency's several rosters as one roster: in the seed's order of roles, the
    earliest team's rows first; each person once, with the first (highest) role they held; a
    second CEO, CKO or team head is kept as a KM Team member (one of each per roster)."""
    rows = sorted(
        ((member, position) for position, team in enumerate(teams) for member in team.members.all()),
        key=lambda pair: (ROLE_ORDER.index(pair[0].role), pair[1], pair[0].order, pair[0].pk),
    )
    seen, taken, merged = set(), set(), []
    for member, _position in rows:
        person = _person(member)
        if person in seen:
            continue
        seen.add(person)
        values = {name: getattr(member, name) for name in COPIED_FIELDS}
        if values["role"] in SINGLE_ROLES:
            if values["role"] in taken:
                values["role"] = MemberRole.MEMBER.value
            taken.add(values["role"])
        merged.append(values)
    return merged


def _copy_team(kind: str, to_year: FiscalYear, rows: list[dict], user: User | None, **links) -> int:
    team = Team(kind=kind, fiscal_year=to_year, **links)
    team._history_user = user
    team.full_clean()
    team.save()
    for values in rows:
        # The one path for rows (who may be on a roster, and what a linked row grants), so its
        # rules hold for copies too.
        add_member(team, **values)
    return len(rows)


def _rows(team: Team) -> list[dict]:
    return [{name: getattr(member, name) for name in COPIED_FIELDS} for member in team.members.all()]


@transaction.atomic
def copy_rosters(from_year: FiscalYear, to_year: FiscalYear, user: User | None = None) -> CopiedRosters:
    """Start ``to_year``'s KM teams from ``from_year``'s rosters, every row as it was (account link,
    title, names, position, agency, role, KM function, phone, e-mail, order):

    - the provincial team;
    - each strategic issue's team (worksheet 5) onto the issue of the same **number** in the new
      year; an issue number the new year does not have is skipped and reported;
    - each agency's team (worksheet 6) with its knowledge **left blank**, since the new year's
      worksheet 4 has not chosen it yet. An agency may keep one roster waiting for its knowledge,
      so an agency that had several teams (one per knowledge item) gets one roster holding the
      members of all of them: each person once, in the seed's order of roles and the earliest
      team's order first; a second CEO, CKO or team head is kept as a KM Team member. The agency
      names its knowledge and starts its other teams once worksheet 4 is finalised.

    Appointment orders are not copied: a new year needs its own signed order.

    ``ValidationError`` (in the user's language), and nothing written, when the years are of
    different provinces, when ``from_year`` has no teams, or when ``to_year`` already has one:
    copying is for a year without rosters, so running it twice, or two people at once (the new
    year's row is locked, as ``start_roster`` locks it), never makes duplicates.
    """
    FiscalYear.objects.select_for_update().filter(pk=to_year.pk).first()
    if from_year.province_id != to_year.province_id or from_year.pk == to_year.pk:
        raise ValidationError(_("Rosters are copied from another fiscal year of the same province."))
    if Team.objects.filter(fiscal_year=to_year).exists():
        raise ValidationError(
            _("Fiscal year %(year)s already has KM teams: rosters are copied only into a year without any.")
            % {"year": to_year.year}
        )
    teams = list(
        Team.objects.filter(fiscal_year=from_year)
        .select_related("issue", "agency")
        .prefetch_related("members")
        .order_by("pk")
    )
    if not teams:
        raise ValidationError(_("Fiscal year %(year)s has no KM teams to copy.") % {"year": from_year.year})
    result = CopiedRosters()
    new_issues = {issue.number: issue for issue in StrategicIssue.objects.filter(fiscal_year=to_year)}
    by_agency: dict[int, list[Team]] = {}
    for team in teams:
        if team.kind == Team.Kind.PROVINCE:
            result.members += _copy_team(team.kind, to_year, _rows(team), user)
        elif team.kind == Team.Kind.ISSUE:
            issue = new_issues.get(team.issue.number)
            if issue is None:
                result.skipped_issues.append(team.issue.number)
                continue
            result.members += _copy_team(team.kind, to_year, _rows(team), user, issue=issue)
        else:
            by_agency.setdefault(team.agency_id, []).append(team)
            continue
        result.teams += 1
    for agency_teams in by_agency.values():
        agency = agency_teams[0].agency
        result.members += _copy_team(
            Team.Kind.AGENCY, to_year, _merged_rows(agency_teams), user, agency=agency
        )
        result.teams += 1
        if len(agency_teams) > 1:
            result.merged_agencies.append(agency)
    result.skipped_issues.sort()
    return result
