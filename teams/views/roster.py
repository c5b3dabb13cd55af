"""The KM teams' read-only pages: the fiscal year's teams and one roster laid out as the seed's
worksheet 5 (a strategic issue's team) or 6 (an agency's team), or the provincial team."""

from django.db.models import Count, Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core import years
from core.permissions import member_required
from teams.access import can_see_contact, get_team_for_user, masked
from teams.models import Team
from worksheets.models import StrategicIssue


@member_required
def team_list(request: HttpRequest) -> HttpResponse:
    """The selected fiscal year's provincial team, one row per strategic issue (worksheet 5) and
    the agencies' teams (worksheet 6), each with its number of members."""
    year = years.selected_fiscal_year(request)
    province_team, issues, agency_teams = None, [], []
    if year:
        teams = Team.objects.filter(fiscal_year=year).annotate(size=Count("members"))
        province_team = teams.filter(kind=Team.Kind.PROVINCE).first()
        issues = list(
            StrategicIssue.objects.filter(fiscal_year=year)
            .order_by("number")
            .prefetch_related(Prefetch("teams", queryset=teams, to_attr="km_teams"))
        )
        agency_teams = list(
            teams.filter(kind=Team.Kind.AGENCY)
            .select_related("agency", "knowledge")
            .order_by("agency__name", "knowledge__name", "pk")
        )
    return render(
        request,
        "teams/team_list.html",
        {
            "fiscal_year": year,
            "province": request.user.agency.province,
            "province_team": province_team,
            "issues": issues,
            "agency_teams": agency_teams,
        },
    )


@member_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One roster in role order. Everyone of the province reads names, positions and roles; phone
    and e-mail are shown in full only to those ``can_see_contact`` allows, masked to the rest."""
    team = get_team_for_user(request, pk)
    prefetch_related_objects([team], "members", "members__user__agency", "members__agency")
    rows = []
    for member in team.members.all():
        phone, email = member.shown_phone, member.shown_email
        if not can_see_contact(request.user, member):
            phone, email = masked(phone), masked(email)
        rows.append({"member": member, "phone": phone, "email": email})
    # Worksheet 6 names the strategic issue its knowledge comes from (worksheet 3's KPI's issue).
    issue = team.issue
    if team.kind == Team.Kind.AGENCY and team.knowledge_id:
        issue = team.knowledge.process.kpi.issue
    return render(
        request,
        "teams/team_detail.html",
        {
            "team": team,
            "issue": issue,
            "rows": rows,
            "fiscal_year": team.fiscal_year,
            "province": team.fiscal_year.province,
            "with_agency": team.kind == Team.Kind.ISSUE,
        },
    )
