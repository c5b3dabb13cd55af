"""A KM team's roster (worksheet 5, worksheet 6 or the provincial team) as an Excel workbook, and
the seed's blank worksheet 6 for agencies that fill it on paper.

Everyone of the province reads a roster (404 for another province's team, like its page); phone
and e-mail are in full only for those ``teams.access.can_see_contact`` allows, masked for the rest.
"""

from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse

from core import years
from core.documents import excel as documents
from core.permissions import member_required
from teams import excel
from teams.access import get_team_for_user


@member_required
def team_export(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_user(request, pk)
    prefetch_related_objects([team], "members", "members__user__agency", "members__agency")
    data = excel.export_roster(team, list(team.members.all()), request.user)
    return documents.response(data, f"km-team-{team.pk}-{team.fiscal_year.year}.xlsx")


@member_required
def team_blank(request: HttpRequest) -> HttpResponse:
    year = years.selected_fiscal_year(request)
    suffix = f"-{year.year}" if year else ""
    return documents.response(excel.blank_worksheet6(year), f"worksheet-6-blank{suffix}.xlsx")
