"""Access helpers for core's objects: each returns the object or raises 404 or 403.

404 when the user may not see the object at all, so a stranger cannot even learn it exists; 403
when they may see it but not change it. Every view of agencies and users goes through them.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from core.forms import parse_id
from core.models import Agency, ProvincialPlan, User
from core.permissions import can_manage_user, can_manage_users_of


def get_agency_for_reader(request: HttpRequest, pk: str) -> Agency:
    """Any agency of the user's province, from a raw id (a query parameter): 404 for another
    province's agency, or for anything that is not an agency's number."""
    agency_id = parse_id(pk)
    if agency_id is None:
        raise Http404
    return get_object_or_404(Agency, pk=agency_id, province_id=request.user.agency.province_id)


def get_editable_plan_for_user(request: HttpRequest, pk: int) -> ProvincialPlan:
    """The province's plan (vision and mission), for the provincial KM team; 404 for another
    province's plan (the views are allowed to the KM team only)."""
    return get_object_or_404(ProvincialPlan, pk=pk, province_id=request.user.agency.province_id)


def get_agency_for_manager(request: HttpRequest, pk: int) -> Agency:
    """An agency of the user's province (404 for any other)."""
    return get_object_or_404(Agency, pk=pk, province_id=request.user.agency.province_id)


def get_user_for_manager(request: HttpRequest, pk: int) -> User:
    """A user whose account the manager may change.

    404 when the user is not of an agency the manager manages, so none can be probed; 403 when
    they are (the manager sees them in the list) but hold a role above the manager's
    (``core.permissions.can_manage_user``).
    """
    user = get_object_or_404(User.objects.select_related("agency__province"), pk=pk)
    if user.agency is None or not can_manage_users_of(request.user, user.agency):
        raise Http404
    if not can_manage_user(request.user, user):
        raise PermissionDenied
    return user
