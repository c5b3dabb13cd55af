"""A KM team's roster (worksheet 5, worksheet 6 or the provincial team) as an Excel workbook and as
a PDF, and the seed's blank worksheet 6 for agencies that fill it on paper, in both formats.

Everyone of the province reads a roster (404 for another province's team, like its page); phone
and e-mail are in full only for those ``teams.access.can_see_contact`` allows, masked for the rest.
"""

from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse

from core import years
from core.documents import excel as documents
from core.documents.pdf import pdf_response, render_pdf
from core.permissions import member_required
from teams import documents as roster
from teams import excel
from teams.access import get_team_for_user
from teams.models import AppointmentOrder, Team


def _team_with_members(request: HttpRequest, pk: int) -> Team:
    team = get_team_for_user(request, pk)
    prefetch_related_objects([team], "members", "members__user__agency", "members__agency")
    return team


@member_required
def team_export(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team_with_members(request, pk)
    data = excel.export_roster(team, list(team.members.all()), request.user)
    return documents.response(data, f"km-team-{team.pk}-{team.fiscal_year.year}.xlsx")


@member_required
def team_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The roster as the seed's worksheet 5 or 6 (or the provincial team's list), A4 portrait,
    with the rows of its workbook. A team is appointed by a signed order: until the order is
    attached to the team the roster is a proposal, so every page says "ร่าง"."""
    team = _team_with_members(request, pk)
    province = team.fiscal_year.province
    agency_column = roster.with_agency(team)
    context = {
        "title": roster.title(team),
        "province": province if team.kind == Team.Kind.PROVINCE else None,
        "fields": roster.head_fields(team),
        "columns": roster.columns(agency_column),
        "agency_column": agency_column,
        "rows": roster.roster_rows(list(team.members.all()), request.user),
        "fiscal_year": team.fiscal_year,
        "year_line": roster.year_line(team.fiscal_year),
        "order": AppointmentOrder.objects.filter(team=team).first(),
        "running": roster.running_title(team),
    }
    content = render_pdf(request, "documents/roster.html", context, province=province)
    return pdf_response(content, f"km-team-{team.pk}-{team.fiscal_year.year}.pdf")


@member_required
def team_blank(request: HttpRequest) -> HttpResponse:
    year = years.selected_fiscal_year(request)
    suffix = f"-{year.year}" if year else ""
    return documents.response(excel.blank_worksheet6(year), f"worksheet-6-blank{suffix}.xlsx")


@member_required
def team_blank_pdf(request: HttpRequest) -> HttpResponse:
    """The seed's worksheet 6 to fill by hand: its head lines dotted, 22 numbered rows labelled
    CEO, CKO, หัวหน้าทีม, รองหัวหน้า, 15 × KM Team, เลขานุการ and 2 × ผู้ช่วยเลขานุการ."""
    year = years.selected_fiscal_year(request)
    context = {
        "blank": True,
        "title": roster.blank_title(),
        "fields": roster.blank_head_fields(),
        "columns": roster.columns(False),
        "agency_column": False,
        "rows": [(number, roster.blank_role(role)) for number, role in enumerate(roster.BLANK_ROLES, 1)],
        "fiscal_year": year,
        "year_line": roster.year_line(year),
    }
    province = year.province if year else request.user.agency.province
    content = render_pdf(request, "documents/roster.html", context, province=province)
    suffix = f"-{year.year}" if year else ""
    return pdf_response(content, f"worksheet-6-blank{suffix}.pdf")
