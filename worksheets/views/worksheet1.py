"""ใบงานที่ 1: KPIs of the performance agreement grouped by strategic issue."""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core import years
from core.models import Agency
from core.permissions import can_edit_strategy, is_open_year, member_required
from core.thai import thai_order
from worksheets.access import can_change_issue
from worksheets.models import Kpi, StrategicIssue


def issues_with_kpis(fiscal_year):
    """The year's strategic issues with their KPIs and agencies, in a fixed number of queries."""
    agencies = Agency.objects.order_by(thai_order("name"))
    kpis = Kpi.objects.order_by("number").prefetch_related(
        Prefetch("responsible_agencies", queryset=agencies),
        Prefetch("involved_agencies", queryset=agencies),
    )
    return (
        StrategicIssue.objects.filter(fiscal_year=fiscal_year)
        .select_related("fiscal_year")
        .prefetch_related(Prefetch("kpis", queryset=kpis))
    )


@member_required
def worksheet1(request: HttpRequest) -> HttpResponse:
    year = years.selected_fiscal_year(request)
    issues = list(issues_with_kpis(year)) if year else []
    for issue in issues:
        issue.can_change = can_change_issue(request.user, issue)  # not once finalised
    return render(
        request,
        "worksheets/worksheet1.html",
        {
            "issues": issues,
            "fiscal_year": year,
            "province": request.user.agency.province,
            "can_edit": can_edit_strategy(request.user) and is_open_year(year),
        },
    )
