"""A strategic issue's KM team (worksheet 5) as reached from the issue: its roster, or, before
there is one, the page where the issue's editors start it.

The roster is the one source of edit rights on the issue's worksheets 2–4
(``teams.services``), so this page sets no members itself.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.permissions import member_required
from teams import services
from teams.access import can_start_issue_team
from teams.models import Team
from worksheets.access import get_issue_for_user


@member_required
def issue_team(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: to the issue's roster when it exists, else a page that says there is none yet, with a
    button to start it for the issue's editors. POST: an editor starts it (a second start, or two
    at once, leads to the one roster). 404 for another province's issue; 403 for a POST by anyone
    but the issue's editors."""
    issue = get_issue_for_user(request, pk)
    may_start = can_start_issue_team(request.user, issue)
    if request.method == "POST" and not may_start:
        raise PermissionDenied
    team = Team.objects.filter(issue=issue).first()
    if team is None and request.method == "POST":
        try:
            team = services.start_roster(Team.Kind.ISSUE, issue.fiscal_year, issue=issue)
        except (ValidationError, IntegrityError):
            # Started meanwhile by someone else: open theirs.
            team = Team.objects.filter(issue=issue).first()
            if team is None:
                raise
            messages.info(request, _("The roster of this strategic issue was already started."))
        else:
            messages.success(request, _("The roster is started. Add its members."))
    if team is not None:
        return redirect("team-detail", pk=team.pk)
    return render(
        request,
        "teams/issue_team.html",
        {"issue": issue, "fiscal_year": issue.fiscal_year, "can_start": may_start},
    )
