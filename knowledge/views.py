"""The dashboard: the year's cycle as the seed's six steps, and where the user stands in it."""

from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core import permissions, years
from core.cycle import STAGE_ITEMS, STAGE_LABELS, STEPS, Stage
from worksheets.models import Kpi, StrategicIssue


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
    return status


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
