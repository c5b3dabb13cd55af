"""The dashboard: the year's cycle as the seed's six steps, and where the user stands in it."""

import operator
from functools import reduce

from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from actionplans.access import knowledge_open_to, sees_every_plan, writes_for
from actionplans.models import EDITABLE_STATES, ActionPlan, State
from actionplans.workflow import shown_header
from core import permissions, years
from core.cycle import STAGE_ITEMS, STAGE_LABELS, STEPS, Stage
from core.models import Agency, Role
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
    status["plans"] = _plans_status(user, year, status["issues"])
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


# Why a plan waits for the user, by its state.
WAITING_FOR = {
    State.DRAFT: _("to write and submit"),
    State.RETURNED: _("returned: to revise and submit again"),
    State.SUBMITTED: _("to review (CKO)"),
    State.REVIEWED: _("to approve (CEO)"),
}


def _plans_status(user, year, issues: list) -> dict:
    """Step 5 (KM Action Plans): the plans waiting for the user, the knowledge they may open a
    plan for, and each strategic issue's plans counted by state for those who see every plan or
    are on the issue's team. A fixed number of queries, whatever the number of plans."""
    g = permissions.grants(user)
    km_team = permissions.is_km_team(user)
    my_issues = [issue.pk for issue in issues if issue.is_mine]
    waiting = []
    # The writers: an agency's KM team and project manager; the issues' editors for the province's.
    mine = writes_for(user)
    if mine:
        waiting.append(Q(state__in=EDITABLE_STATES, agency_id__in=mine))
    if km_team:
        waiting.append(Q(state__in=EDITABLE_STATES, agency=None))
    elif my_issues:
        waiting.append(
            Q(state__in=EDITABLE_STATES, agency=None, knowledge__process__kpi__issue_id__in=my_issues)
        )
    # The reviewer and the approver: the agency's CKO and head, or the province's.
    for role, state in ((Role.CKO, State.SUBMITTED), (Role.CEO, State.REVIEWED)):
        agencies = [a for r, a in g.agency_roles if r == role]
        if agencies:
            waiting.append(Q(state=state, agency_id__in=agencies))
        if g.has(role):
            waiting.append(Q(state=state, agency=None))
    plans = []
    if waiting:
        plans = [
            {"plan": plan, "header": shown_header(plan), "why": WAITING_FOR[plan.state]}
            for plan in ActionPlan.objects.filter(reduce(operator.or_, waiting), fiscal_year=year)
            .select_related("fiscal_year__province", "agency", "knowledge__process__kpi__issue")
            .order_by("knowledge__process__kpi__issue__number", "knowledge__process__kpi__number", "pk")
        ]
    unopened = []
    if mine or km_team or my_issues:
        pairs = knowledge_open_to(user, year)
        names = dict(Agency.objects.filter(pk__in={a for _item, a in pairs if a}).values_list("pk", "name"))
        unopened = [(item, agency_id or 0, names.get(agency_id)) for item, agency_id in pairs]
    counted = issues if sees_every_plan(user) else [issue for issue in issues if issue.is_mine]
    by_issue: dict[int, dict[str, int]] = {issue.pk: {} for issue in counted}
    if counted:
        rows = (
            ActionPlan.objects.filter(
                fiscal_year=year,
                next_revision__isnull=True,
                knowledge__process__kpi__issue_id__in=list(by_issue),
            )
            .order_by()
            .values_list("knowledge__process__kpi__issue_id", "state")
            .annotate(n=Count("pk"))
        )
        for issue_id, state, n in rows:
            by_issue[issue_id][state] = n
    return {
        "waiting": plans,
        "unopened": unopened,
        "states": State.choices,
        "issues": [
            (
                issue,
                [by_issue[issue.pk].get(value, 0) for value, _label in State.choices],
                sum(by_issue[issue.pk].values()),
            )
            for issue in counted
        ],
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
