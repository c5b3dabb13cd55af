from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core import years
from core.permissions import member_required


@require_POST
@member_required
def select_year(request: HttpRequest) -> HttpResponse:
    """The fiscal-year switcher in the header: work in another year of the user's province."""
    year = get_object_or_404(years.years_of(request), year=request.POST.get("year") or 0)
    years.select(request, year)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "home"
    return redirect(back)
