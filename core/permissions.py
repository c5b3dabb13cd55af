"""The one permission layer every view uses.

A user holds roles (``RoleAssignment``), each at province level or for one agency.
Province-level roles see every agency of their province; agency roles see their own agency.
Everything here is scoped to the user's province, so one installation can serve several.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.models import AGENCY_ROLES, PROVINCE_ROLES, Agency, Role, User


@dataclass(frozen=True)
class Grants:
    """The roles of one user, loaded once per request."""

    province_roles: frozenset[str]
    agency_roles: frozenset[tuple[str, int]]  # (role, agency id)

    def has(self, role: str, agency: Agency | int | None = None) -> bool:
        if agency is None:
            return role in self.province_roles
        agency_id = agency if isinstance(agency, int) else agency.pk
        return (role, agency_id) in self.agency_roles

    def has_any(self, role: str) -> bool:
        return role in self.province_roles or any(r == role for r, _ in self.agency_roles)

    @property
    def is_province_level(self) -> bool:
        return bool(self.province_roles)


def grants(user: User) -> Grants:
    if not user.is_authenticated or not user.agency_id:
        return Grants(frozenset(), frozenset())
    cached = getattr(user, "_km_grants", None)
    if cached is None:
        rows = list(
            user.role_assignments.filter(province_id=user.agency.province_id).values_list("role", "agency_id")
        )
        cached = Grants(
            province_roles=frozenset(role for role, agency_id in rows if agency_id is None),
            agency_roles=frozenset((role, a) for role, a in rows if a is not None),
        )
        user._km_grants = cached
    return cached


def forget_grants(user: User) -> None:
    """Drop the cached roles after they change within a request."""
    user.__dict__.pop("_km_grants", None)


# --- Questions the views and templates ask --------------------------------------------------


def is_member(user: User) -> bool:
    """Signed in and belonging to an agency of some province."""
    return user.is_authenticated and user.is_active and user.agency_id is not None


def is_km_team(user: User) -> bool:
    return is_member(user) and grants(user).has(Role.KM_TEAM)


def can_edit_strategy(user: User) -> bool:
    """Strategic issues, goals, KPIs, fiscal years and the plan's vision: the provincial KM team."""
    return is_km_team(user)


def can_manage_agencies(user: User) -> bool:
    return is_km_team(user)


def can_manage_users_of(user: User, agency: Agency) -> bool:
    """The provincial KM team manages every agency's users; a coordinator those of the agency."""
    if not is_member(user) or agency.province_id != user.agency.province_id:
        return False
    return is_km_team(user) or grants(user).has(Role.COORDINATOR, agency)


def can_manage_users(user: User) -> bool:
    return is_km_team(user) or (is_member(user) and grants(user).has_any(Role.COORDINATOR))


def manageable_agencies(user: User):
    """The agencies whose users ``user`` may manage, in Thai order."""
    if not is_member(user):
        return Agency.objects.none()
    agencies = Agency.objects.filter(province_id=user.agency.province_id)
    if is_km_team(user):
        return agencies
    return agencies.filter(pk__in=coordinated_agency_ids(user))


def coordinated_agency_ids(user: User) -> frozenset[int]:
    """The agencies ``user`` is the coordinator of."""
    return frozenset(a for r, a in grants(user).agency_roles if r == Role.COORDINATOR)


# --- Who manages whom ----------------------------------------------------------------------------
#
# The provincial KM team manages every account of its province and gives every role. An agency's
# coordinator runs the agency's everyday KM staff: the roles below, their own included, so
# coordinators of one agency manage each other as peers. Everything else is above a coordinator:
# the agency's CKO and head (CEO), who approve its plans, and every province-level role. Whoever
# sets an account's e-mail can send it a password link and so take the account over; a coordinator
# therefore neither edits nor gives a role above their own.
COORDINATOR_ROLES = frozenset({Role.AGENCY_TEAM, Role.PROJECT_MANAGER, Role.COORDINATOR})


def grantable_roles(user: User) -> list[tuple[str, str]]:
    """The roles ``user`` may give and take away, as (role, "agency" | "province") pairs.

    An agency role is held for the account's own agency; a province-level role for the province.
    """
    if is_km_team(user):
        return [(r, "agency") for r in AGENCY_ROLES] + [(r, "province") for r in PROVINCE_ROLES]
    if can_manage_users(user):
        return [(r, "agency") for r in AGENCY_ROLES if r in COORDINATOR_ROLES]
    return []


def can_manage_user(manager: User, user: User) -> bool:
    """May ``manager`` edit ``user``'s account (name, e-mail, roles) and send it a password link?

    The provincial KM team: any account of its province. A coordinator: an account of an agency
    they coordinate whose every role is one a coordinator gives, for an agency they coordinate.
    Reads ``user.role_assignments.all()``, so a list can prefetch them.
    """
    if user.agency_id is None or not can_manage_users_of(manager, user.agency):
        return False
    if is_km_team(manager):
        return True
    coordinated = coordinated_agency_ids(manager)
    return all(
        held.agency_id in coordinated and held.role in COORDINATOR_ROLES
        for held in user.role_assignments.all()
    )


# --- Closed fiscal years -----------------------------------------------------------------------


def is_open_year(fiscal_year) -> bool:
    """False once the provincial KM team has closed the year: every "can edit" helper asks this."""
    return fiscal_year is None or fiscal_year.closed_at is None


def refuse_if_closed(fiscal_year) -> None:
    """403, with the reason shown on the page, for anything of a closed fiscal year."""
    if not is_open_year(fiscal_year):
        raise PermissionDenied(
            _("Fiscal year %(year)s is closed: its data can be read, printed and exported, but not changed.")
            % {"year": fiscal_year.year}
        )


# --- Decorators -------------------------------------------------------------------------------


def member_required(view: Callable) -> Callable:
    """Signed in (else to the login page) and belonging to an agency (else 403)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def allowed(check: Callable[[User], bool]) -> Callable:
    """A member for whom ``check(user)`` holds; anonymous to login, others 403."""

    def decorator(view: Callable) -> Callable:
        @member_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
