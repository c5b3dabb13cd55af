"""Who may see, write, endorse and accept progress reports: 404 for what the user may not see, 403
for what they may see but not change (like ``actionplans.access``).

- **Writers** (ผู้รายงาน): the writers of the plan reported on (``actionplans.access.can_write``:
  the agency's KM team and project manager; the issue's editors for a province plan), while the
  report is a draft or returned and its year is open.
- **Endorser** (ผู้รับรอง): the agency's CKO, or the province's CKO for a province plan
  (``actionplans.access.can_review``).
- **Acceptor**: the provincial KM team, who accepts an endorsed report or returns it.
- **Readers**: the province-level roles (provincial KM team, CKO, CEO) read every report (the
  seed's CKO follows up continuously); an agency reads its own; an issue's team reads every report
  of its issue; everyone of the province reads an accepted report (the seed's "everyone is
  informed"). Another agency never sees a draft.

The KPI assessment (แบบประเมินตัวชี้วัดตามกรอบ ก.พ.ร.) is per chosen KPI: entered by the writers of
an agency responsible for the KPI (its KM team and project manager) or the provincial KM team, once
the year's 12-month round has opened and while the year is open; read by every agency responsible
for or involved in the KPI (the seed's 6.5: shared responsibility and reward), the issue's team and
the province-level roles. Everyone else gets 404.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from actionplans import access as plan_access
from core.models import User
from core.permissions import grants, is_km_team, is_member, is_open_year, refuse_if_closed
from core.thai import format_date
from reports import rounds
from reports.models import ProgressReport, ReportState
from worksheets.models import Kpi, StrategicIssue


def sees_every_report(user: User) -> bool:
    """The provincial KM team, the province's CKO and its governor."""
    return plan_access.sees_every_plan(user)


def visible_reports(user: User) -> QuerySet:
    """Every report ``user`` may read (see the module's docstring)."""
    if not is_member(user):
        return ProgressReport.objects.none()
    reports = ProgressReport.objects.filter(round__fiscal_year__province_id=user.agency.province_id)
    if sees_every_report(user):
        return reports
    on_team = StrategicIssue.members.through.objects.filter(
        user_id=user.pk, strategicissue_id=OuterRef("plan__knowledge__process__kpi__issue_id")
    )
    agencies = {user.agency_id} | {a for _r, a in grants(user).agency_roles}
    return reports.filter(Q(state=ReportState.ACCEPTED) | Q(plan__agency_id__in=agencies) | Exists(on_team))


def can_write(user: User, report: ProgressReport) -> bool:
    """ผู้รายงาน: the plan's writers, whatever the report's state; nobody in a closed year."""
    return plan_access.can_write(user, report.plan)


def can_edit(user: User, report: ProgressReport) -> bool:
    return report.is_editable_state and can_write(user, report)


def can_endorse(user: User, report: ProgressReport) -> bool:
    """ผู้รับรอง: the agency's CKO, or the province's for a province plan."""
    return plan_access.can_review(user, report.plan)


def can_accept(user: User, report: ProgressReport) -> bool:
    """The provincial KM team of the report's province, in an open year."""
    return is_km_team(user) and is_open_year(report.round.fiscal_year)


def _reports() -> QuerySet:
    return ProgressReport.objects.select_related(
        "round__fiscal_year__province", "plan__agency", "plan__fiscal_year__province",
        "plan__knowledge__process__kpi__issue",
    )  # fmt: skip


def get_report_for_user(request: HttpRequest, pk: int) -> ProgressReport:
    """A report the user may read: 404 otherwise."""
    return get_object_or_404(_reports(), pk=pk, id__in=visible_reports(request.user).values("id"))


def refuse_unless_editable(report: ProgressReport) -> None:
    """403, saying why, for a report that is submitted, endorsed or accepted."""
    if not report.is_editable_state:
        raise PermissionDenied(
            _("The report is %(state)s, so it cannot be changed until it is returned.")
            % {"state": report.get_state_display()}
        )


def get_editable_report_for_user(request: HttpRequest, pk: int) -> ProgressReport:
    """A report the user may change now: 404 if they may not read it, 403 for anyone but its
    writers, and (saying why) in a closed year or when it has been submitted."""
    report = get_report_for_user(request, pk)
    refuse_if_closed(report.round.fiscal_year)
    if not can_write(request.user, report):
        raise PermissionDenied
    refuse_unless_editable(report)
    return report


# --- The KPI assessment ------------------------------------------------------------------------


def _own_agencies(user: User) -> set[int]:
    """The user's agency and every agency they hold a role for."""
    return {user.agency_id} | {a for _r, a in grants(user).agency_roles}


def visible_kpis(user: User) -> QuerySet:
    """The chosen KPIs whose assessment ``user`` may read (see the module's docstring)."""
    if not is_member(user):
        return Kpi.objects.none()
    kpis = Kpi.objects.filter(chosen=True, issue__fiscal_year__province_id=user.agency.province_id)
    if sees_every_report(user):
        return kpis
    agencies = _own_agencies(user)
    responsible = Kpi.responsible_agencies.through.objects.filter(
        kpi_id=OuterRef("pk"), agency_id__in=agencies
    )
    involved = Kpi.involved_agencies.through.objects.filter(kpi_id=OuterRef("pk"), agency_id__in=agencies)
    on_team = StrategicIssue.members.through.objects.filter(
        user_id=user.pk, strategicissue_id=OuterRef("issue_id")
    )
    return kpis.filter(Exists(responsible) | Exists(involved) | Exists(on_team))


def can_assess(user: User, kpi: Kpi) -> bool:
    """The provincial KM team, or a writer (KM team, project manager) of an agency responsible for
    the KPI; nobody in a closed year. Reads ``kpi.responsible_agencies.all()``, so a list can
    prefetch them. Whether the 12-month round has opened is ``rounds.assessment_is_open``'s to say."""
    if not is_member(user) or not is_open_year(kpi.issue.fiscal_year):
        return False
    if is_km_team(user):
        return True
    g = grants(user)
    return any(
        g.has(role, agency.pk)
        for agency in kpi.responsible_agencies.all()
        for role in plan_access.WRITER_ROLES
    )


def get_kpi_for_user(request: HttpRequest, pk: int) -> Kpi:
    """A chosen KPI whose assessment the user may read: 404 otherwise."""
    kpis = Kpi.objects.select_related("issue__fiscal_year__province").prefetch_related(
        "responsible_agencies", "involved_agencies"
    )
    return get_object_or_404(kpis, pk=pk, id__in=visible_kpis(request.user).values("id"))


def get_assessable_kpi_for_user(request: HttpRequest, pk: int) -> Kpi:
    """A KPI whose assessment the user may enter now: 404 if they may not read it, 403 in a closed
    year, for anyone but its assessors, and (saying when it opens) before the 12-month round."""
    kpi = get_kpi_for_user(request, pk)
    refuse_if_closed(kpi.issue.fiscal_year)
    if not can_assess(request.user, kpi):
        raise PermissionDenied
    refuse_unless_assessment_open(kpi.issue.fiscal_year)
    return kpi


def refuse_unless_assessment_open(fiscal_year) -> None:
    """403, saying when, before the year's 12-month round has opened."""
    if not rounds.assessment_is_open(fiscal_year):
        raise PermissionDenied(
            _("The KPI assessment of fiscal year %(year)s opens with the 12-month round on %(date)s.")
            % {"year": fiscal_year.year, "date": format_date(rounds.assessment_opens_on(fiscal_year))}
        )
