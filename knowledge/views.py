"""The dashboard: the year's cycle as the seed's six steps, and where the user stands in it."""

from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core import permissions, years
from core.cycle import STAGE_ITEMS, STAGE_LABELS, STEPS, Stage
from core.models import Agency
from core.thai import thai_order
from teams.models import AppointmentOrder, Team
from worksheets.models import KnowledgeItem, Kpi, StrategicIssue


def _status(request: HttpRequest, year) -> dict:
    user = request.user
    issues = StrategicIssue.objects.filter(fiscal_year=year)
    kpis = Kpi.objects.filter(issue__fiscal_year=year)
    status = {
        # Where each strategic issue stands in worksheets 2–4, and whether the user is on its team.
        "issues": list(
            issues.annotate(
                is_mine=Exists(
                    StrategicIssue.members.through.objects.filter(strategicissue=OuterRef("pk"), user=user)
                )
            ).order_by("number")
        ),
        "issue_count": issues.count(),
        "kpi_count": kpis.count(),
        "kpis_without_agency": kpis.filter(responsible_agencies=None).count(),
    }
    mine = kpis.filter(Q(responsible_agencies=user.agency) | Q(involved_agencies=user.agency))
    status["my_kpis"] = (
        mine.distinct()
        .select_related("issue")
        .annotate(is_responsible=Count("responsible_agencies", filter=Q(responsible_agencies=user.agency)))
        .order_by("issue__number", "number")
    )
    status["teams"] = _teams_status(year, status["issues"])
    return status


def _teams_status(year, issues: list) -> dict:
    """Step 3 (KM teams): which strategic issues and which agencies have a roster and an appointment
    order this year. The agencies are those worksheet 3 names for the year's knowledge (responsible
    or involved) and those that have a team. Two queries, whatever the number of teams."""
    teams = list(
        Team.objects.filter(fiscal_year=year)
        .annotate(
            size=Count("members"), has_order=Exists(AppointmentOrder.objects.filter(team=OuterRef("pk")))
        )
        .order_by("pk")
    )
    by_issue, by_agency, province_team = {}, {}, None
    for team in teams:
        if team.kind == Team.Kind.PROVINCE:
            province_team = team
        elif team.kind == Team.Kind.ISSUE:
            by_issue[team.issue_id] = team
        else:
            by_agency.setdefault(team.agency_id, []).append(team)
    knowledge = KnowledgeItem.objects.filter(process__kpi__issue__fiscal_year=year)
    agencies = Agency.objects.filter(
        Exists(knowledge.filter(responsible_agencies=OuterRef("pk")))
        | Exists(knowledge.filter(involved_agencies=OuterRef("pk")))
        | Exists(Team.objects.filter(fiscal_year=year, agency=OuterRef("pk")))
    ).order_by(thai_order("name"))
    agency_rows = []
    for agency in agencies:
        mine = by_agency.get(agency.pk, [])
        agency_rows.append(
            {
                "agency": agency,
                "teams": mine,
                "members": sum(team.size for team in mine),
                "orders": sum(team.has_order for team in mine),
            }
        )
    return {
        "province_team": province_team,
        "issues": [(issue, by_issue.get(issue.pk)) for issue in issues],
        "agencies": agency_rows,
    }


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("login")
    if not permissions.is_member(request.user):
        return render(request, "knowledge/no_agency.html", status=403)
    year = years.selected_fiscal_year(request)
    g = permissions.grants(request.user)
    province = request.user.agency.province
    context = {
        "stages": [
            {
                "key": key,
                "label": STAGE_LABELS[key],
                "items": STAGE_ITEMS[key],
                "steps": [(step, step.forms_of(province)) for step in STEPS if step.stage == key],
            }
            for key in (Stage.PREPARATION, Stage.OPERATION, Stage.EVALUATION)
        ],
        "status": _status(request, year) if year else None,
        "is_province_level": g.is_province_level,
        "can_start_year": permissions.can_edit_strategy(request.user),
    }
    return render(request, "knowledge/home.html", context)
