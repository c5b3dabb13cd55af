"""One access helper per object kind: 404 for what the user may not see, 403 for what they may
see but not change."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from core.permissions import can_edit_strategy
from worksheets.models import Kpi, StrategicIssue


def get_issue_for_user(request: HttpRequest, pk: int) -> StrategicIssue:
    return get_object_or_404(
        StrategicIssue.objects.select_related("fiscal_year"),
        pk=pk,
        fiscal_year__province_id=request.user.agency.province_id,
    )


def get_editable_issue_for_user(request: HttpRequest, pk: int) -> StrategicIssue:
    issue = get_issue_for_user(request, pk)
    if not can_edit_strategy(request.user):
        raise PermissionDenied
    return issue


def get_kpi_for_user(request: HttpRequest, pk: int) -> Kpi:
    return get_object_or_404(
        Kpi.objects.select_related("issue__fiscal_year"),
        pk=pk,
        issue__fiscal_year__province_id=request.user.agency.province_id,
    )


def get_editable_kpi_for_user(request: HttpRequest, pk: int) -> Kpi:
    kpi = get_kpi_for_user(request, pk)
    if not can_edit_strategy(request.user):
        raise PermissionDenied
    return kpi
