"""Actions on a fiscal year's KM teams as a whole: a new year starts from last year's rosters."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import fiscal, years
from core.forms import bounded_int
from core.permissions import allowed, is_km_team, refuse_if_closed
from core.thai import thai_sort_key
from teams import services


@require_POST
@allowed(is_km_team)
def team_copy(request: HttpRequest) -> HttpResponse:
    """Copy the previous fiscal year's rosters into the year posted (``teams.services.copy_rosters``):
    the provincial KM team, for a year of its province that has no rosters yet."""
    number = bounded_int(request.POST.get("year"), fiscal.FIRST_YEAR, fiscal.LAST_YEAR)
    to_year = years.years_of(request).filter(year=number).first() if number else None
    if to_year is None:
        raise Http404
    refuse_if_closed(to_year)
    from_year = years.years_of(request).filter(year=to_year.year - 1).first()
    if from_year is None:
        messages.error(
            request, _("There is no fiscal year %(year)s to copy from.") % {"year": to_year.year - 1}
        )
        return redirect("team-list")
    try:
        copied = services.copy_rosters(from_year, to_year, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("team-list")
    years.select(request, to_year)
    messages.success(
        request,
        _(
            "Copied %(teams)s KM teams with %(members)s members from fiscal year %(from)s. Appointment "
            "orders are not copied: attach this year's signed orders."
        )
        % {"teams": copied.teams, "members": copied.members, "from": from_year.year},
    )
    if copied.skipped_issues:
        messages.warning(
            request,
            _(
                "Not copied: the teams of strategic issues %(numbers)s of fiscal year %(from)s, since "
                "fiscal year %(to)s has no strategic issue of that number."
            )
            % {
                "numbers": ", ".join(str(number) for number in copied.skipped_issues),
                "from": from_year.year,
                "to": to_year.year,
            },
        )
    if copied.merged_agencies:
        names = sorted((agency.name for agency in copied.merged_agencies), key=thai_sort_key)
        messages.info(
            request,
            _(
                "%(agencies)s had several teams in fiscal year %(from)s: each now has one team, its "
                "knowledge not chosen yet, with the members of all of them (each person once)."
            )
            % {"agencies": ", ".join(names), "from": from_year.year},
        )
    return redirect("team-list")
