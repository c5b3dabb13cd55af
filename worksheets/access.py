"""One access helper per object kind: 404 for what the user may not see, 403 for what they may
see but not change.

A finalised issue (``finalised_at`` set) is read-only until the provincial KM team reopens it:
every helper that hands out something to change refuses it with 403 and says why
(``refuse_if_finalised``). Only finalising and reopening themselves go through
``get_issue_for_km_team``.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.models import Agency, User
from core.permissions import can_edit_strategy, is_km_team, is_open_year, refuse_if_closed
from worksheets.models import KnowledgeItem, Kpi, ScoringCriterion, StrategicIssue, WorkProcess


def refuse_if_finalised(issue: StrategicIssue) -> None:
    """403, with the reason shown on the page, while the issue is finalised: the issue, its KPIs,
    criteria, scores, work processes, knowledge, sufficiency-economy form and KV stay as they
    were finalised until the issue is reopened. (Its team is worksheet 5's roster, which its
    editors keep, finalised or not.)"""
    if issue.finalised_at is not None:
        raise PermissionDenied(
            _(
                "Strategic issue %(number)s is finalised, so nothing in it can be changed. "
                "The provincial KM team must reopen it first, giving the reason."
            )
            % {"number": issue.number}
        )


def get_issue_for_user(request: HttpRequest, pk: int) -> StrategicIssue:
    """Any strategic issue of the user's province: everyone of the province may read worksheets."""
    return get_object_or_404(
        StrategicIssue.objects.select_related("fiscal_year", "finalised_by"),
        pk=pk,
        fiscal_year__province_id=request.user.agency.province_id,
    )


def get_issue_for_km_team(request: HttpRequest, pk: int) -> StrategicIssue:
    """Finalising and reopening: the provincial KM team, finalised or not.

    404 for another province's issue; 403 for anyone else.
    """
    issue = get_issue_for_user(request, pk)
    if not can_edit_strategy(request.user):
        raise PermissionDenied
    refuse_if_closed(issue.fiscal_year)
    return issue


def can_change_issue(user: User, issue: StrategicIssue) -> bool:
    """Worksheet 1's issue and its KPIs: the provincial KM team, while not finalised."""
    return issue.finalised_at is None and can_edit_strategy(user) and is_open_year(issue.fiscal_year)


def get_editable_issue_for_user(request: HttpRequest, pk: int) -> StrategicIssue:
    """The issue itself and its KPIs (worksheet 1): the provincial KM team.

    404 for another province's issue; 403 for anyone else, and (saying why) for a finalised issue.
    """
    issue = get_issue_for_km_team(request, pk)
    refuse_if_finalised(issue)
    return issue


def get_kpi_for_user(request: HttpRequest, pk: int) -> Kpi:
    return get_object_or_404(
        Kpi.objects.select_related("issue__fiscal_year"),
        pk=pk,
        issue__fiscal_year__province_id=request.user.agency.province_id,
    )


def get_editable_kpi_for_user(request: HttpRequest, pk: int) -> Kpi:
    """A KPI of worksheet 1 to change or delete: the provincial KM team.

    404 for another province's KPI; 403 for anyone else, and (saying why) when its issue is
    finalised: a deleted KPI would take its scores and worksheet 3's knowledge with it.
    """
    kpi = get_kpi_for_user(request, pk)
    if not can_edit_strategy(request.user):
        raise PermissionDenied
    refuse_if_closed(kpi.issue.fiscal_year)
    refuse_if_finalised(kpi.issue)
    return kpi


# --- Worksheets 2 to 4, the sufficiency-economy form and the Knowledge Vision -------------------


def is_issue_editor(user: User, issue: StrategicIssue) -> bool:
    """The provincial KM team and the members of the issue's KM team: the accounts linked on its
    worksheet-5 roster (the teams app keeps ``issue.members`` to them)."""
    return is_km_team(user) or issue.members.filter(pk=user.pk).exists()


def can_edit_worksheets(user: User, issue: StrategicIssue) -> bool:
    """Editors, while worksheets 2–4 are not finalised."""
    return issue.finalised_at is None and is_open_year(issue.fiscal_year) and is_issue_editor(user, issue)


def _require_worksheet_editor(user: User, issue: StrategicIssue) -> None:
    """403 for a non-editor; 403 saying why for an editor of a finalised issue."""
    if not is_issue_editor(user, issue):
        raise PermissionDenied
    refuse_if_closed(issue.fiscal_year)
    refuse_if_finalised(issue)


def get_worksheet_issue_for_editor(request: HttpRequest, pk: int) -> StrategicIssue:
    """An issue whose worksheets 2–4, sufficiency-economy form and KV the user may change now.

    404 for another province's issue; 403 for a non-editor, and (saying why) when finalised.
    """
    issue = get_issue_for_user(request, pk)
    _require_worksheet_editor(request.user, issue)
    return issue


def get_criterion_for_editor(
    request: HttpRequest, pk: int, worksheet: int, criterion_pk: int
) -> ScoringCriterion:
    """A criterion of the issue's worksheet 2 or 4 that the user may move or remove now.

    404 for another province's issue or a criterion not of that worksheet; 403 as for the issue.
    """
    issue = get_worksheet_issue_for_editor(request, pk)
    return get_object_or_404(ScoringCriterion, pk=criterion_pk, issue=issue, worksheet=worksheet)


def named_agencies(issue: StrategicIssue):
    """Agencies that worksheets 1 and 3 of the issue name: responsible, involved or holding knowledge."""
    return Agency.objects.filter(
        Q(responsible_kpis__issue=issue)
        | Q(involved_kpis__issue=issue)
        | Q(responsible_knowledge__process__kpi__issue=issue)
        | Q(involved_knowledge__process__kpi__issue=issue)
        | Q(held_knowledge__process__kpi__issue=issue)
    ).distinct()


def can_comment(user: User, issue: StrategicIssue) -> bool:
    """The issue's editors, and the people of the agencies its worksheets name (not in a closed year)."""
    if not is_open_year(issue.fiscal_year):
        return False
    return is_issue_editor(user, issue) or named_agencies(issue).filter(pk=user.agency_id).exists()


# --- Worksheet 3: work processes and their knowledge ---------------------------------------------


def get_worksheet3_kpi_for_editor(request: HttpRequest, pk: int) -> Kpi:
    """A KPI chosen in worksheet 2 that the user may add work processes to now.

    404 for another province's KPI or one not chosen; 403 for a non-editor or a finalised issue.
    """
    kpi = get_kpi_for_user(request, pk)
    _require_worksheet_editor(request.user, kpi.issue)
    if not kpi.chosen:
        raise Http404
    return kpi


def get_process_for_editor(request: HttpRequest, pk: int) -> WorkProcess:
    """A work process the user may change now: 404 for another province, 403 for a non-editor or a
    finalised issue."""
    process = get_object_or_404(
        WorkProcess.objects.select_related("kpi__issue__fiscal_year"),
        pk=pk,
        kpi__issue__fiscal_year__province_id=request.user.agency.province_id,
    )
    _require_worksheet_editor(request.user, process.kpi.issue)
    return process


def get_item_for_editor(request: HttpRequest, pk: int) -> KnowledgeItem:
    """A knowledge item the user may change now: 404 for another province, 403 for a non-editor or
    a finalised issue."""
    item = get_object_or_404(
        KnowledgeItem.objects.select_related("process__kpi__issue__fiscal_year"),
        pk=pk,
        process__kpi__issue__fiscal_year__province_id=request.user.agency.province_id,
    )
    _require_worksheet_editor(request.user, item.process.kpi.issue)
    return item
