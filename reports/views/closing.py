"""Closing the selected fiscal year from the report rounds page, and reopening it: the provincial
KM team, once the 12-month round has ended (``core.closing``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import closing
from core.models import FiscalYear
from core.permissions import is_km_team, member_required
from core.thai import format_date


def _year_for_km_team(request: HttpRequest, pk: int) -> FiscalYear:
    """404 for another province's year; 403 for anyone but the provincial KM team."""
    year = get_object_or_404(FiscalYear, pk=pk, province_id=request.user.agency.province_id)
    if not is_km_team(request.user):
        raise PermissionDenied
    return year


@require_POST
@member_required
def year_close(request: HttpRequest, pk: int) -> HttpResponse:
    year = _year_for_km_team(request, pk)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Tick the box to confirm that the fiscal year is to be closed."))
        return redirect("report-rounds")
    try:
        closed = closing.close(year, request.user)
    except closing.TooEarly:
        raise PermissionDenied(
            _("Fiscal year %(year)s can be closed only after its 12-month round ends on %(date)s.")
            % {"year": year.year, "date": format_date(year.round_ends[12])}
        ) from None
    if closed:
        messages.success(request, _("Fiscal year %(year)s is closed.") % {"year": year.year})
    else:
        messages.info(request, _("Fiscal year %(year)s was closed already.") % {"year": year.year})
    return redirect("report-rounds")


@require_POST
@member_required
def year_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    year = _year_for_km_team(request, pk)
    if closing.reopen(year, request.user):
        messages.success(request, _("Fiscal year %(year)s is open for changes again.") % {"year": year.year})
    return redirect("report-rounds")
