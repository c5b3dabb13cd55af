from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import fiscal, years
from core.forms import bounded_int
from core.permissions import member_required


@require_POST
@member_required
def select_year(request: HttpRequest) -> HttpResponse:
    """The fiscal-year switcher in the header: work in another year of the user's province."""
    back = request.POST.get("next", "")
    # Only a path of this site: "abc" is no page, and "//evil.example" is another site's.
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
        back, {request.get_host()}, request.is_secure()
    ):
        back = reverse("home")
    number = bounded_int(request.POST.get("year"), fiscal.FIRST_YEAR, fiscal.LAST_YEAR)
    if number is None:
        messages.error(request, _("Choose a fiscal year from the list (a Buddhist-Era year such as 2569)."))
        return HttpResponseRedirect(back)
    years.select(request, get_object_or_404(years.years_of(request), year=number))
    return HttpResponseRedirect(back)
