"""Which fiscal year a request works in: the one the user picked, else the current one."""

from django.http import HttpRequest
from django.utils import timezone

from core import fiscal
from core.models import FiscalYear
from core.permissions import is_member

SESSION_KEY = "fiscal_year"


def years_of(request: HttpRequest):
    return FiscalYear.objects.filter(province_id=request.user.agency.province_id)


def selected_fiscal_year(request: HttpRequest) -> FiscalYear | None:
    """The year picked in the session, else the current fiscal year, else the latest one.

    Computed once per request.
    """
    if not hasattr(request, "_fiscal_year"):
        request._fiscal_year = _select(request)
    return request._fiscal_year


def _select(request: HttpRequest) -> FiscalYear | None:
    if not is_member(request.user):
        return None
    years = years_of(request)
    picked = request.session.get(SESSION_KEY)
    if picked:
        year = years.filter(year=picked).first()
        if year:
            return year
    current = fiscal.fiscal_year_of(timezone.localdate())
    return years.filter(year=current).first() or years.filter(year__lte=current).first() or years.first()


def select(request: HttpRequest, year: FiscalYear) -> None:
    request.session[SESSION_KEY] = year.year
    request._fiscal_year = year
