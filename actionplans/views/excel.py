"""One KM Action Plan (แบบฟอร์ม 2) as an Excel workbook, laid out as the seed's form: the header
(agency or province, strategic issue, necessary knowledge, KPI and its target), the activities in
Form 2's columns, and the reviewer's and approver's block with the names and dates of the review
and approval that stand. The plan list's workbook (``lists.export_plans``) shares its columns.

Whoever reads the plan's page gets its workbook (``get_plan_for_user``); anyone else 404.
"""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from actionplans import access, workflow
from actionplans.models import ActionPlan, Activity, PlanStep
from core import thai
from core.documents import excel as documents
from core.permissions import member_required
from core.templatetags.thai import thai_date_long


def form2_columns() -> list[tuple[str, float]]:
    """Form 2's columns, in its order."""
    return [
        (_("No."), 7),
        (_("KM activity"), 45),
        (_("Period"), 22),
        (_("Indicator"), 30),
        (pgettext("Form 2", "Target"), 20),
        (_("Target group"), 25),
        (_("Responsible"), 25),
        (_("Status"), 16),
        (_("Remark"), 25),
    ]


def form2_cells(activity: Activity, number: int) -> list:
    """An activity in ``form2_columns``' order; ``number`` is its ลำดับ."""
    return [
        number,
        activity.name,
        thai.format_period(activity.start_month, activity.end_month),
        activity.indicator,
        activity.target,
        activity.target_group,
        activity.responsible,
        activity.get_status_display() if activity.status else _("Not reported yet"),
        activity.remark,
    ]


def _signature(label: str, office: str, step: PlanStep | None) -> list[str]:
    """A line of the footer as the page writes it, and the date under it once signed."""
    name = step.signer_name if step else _("name - surname")
    lines = [f"{label} : ………………………… ({name}) {office}"]
    if step:
        lines.append(_("Date %(day)s") % {"day": thai_date_long(step.at)})
    return lines


def export_plan(plan: ActionPlan, activities, plan_steps) -> bytes:
    header = workflow.shown_header(plan)
    book = documents.workbook()
    subtitle = " · ".join(
        [
            _("Fiscal year %(year)s") % {"year": plan.fiscal_year.year},
            _("revision %(number)s") % {"number": plan.revision},
            plan.get_state_display(),
        ]
    )
    heading = [
        _("Form 2 KM Action Plan"),
        subtitle,
        f"{_('Agency / province name')} : {header['owner']}",
        f"{_('Strategic issue of the plan')} : {header['issue']}",
        f"{_('Necessary knowledge (K)')} : {header['knowledge']}",
        f"{_('KPI under the agreement')} : {header['kpi']}",
        f"{_('KPI target under the agreement')} : {header['target'] or '—'}",
    ]
    ws = documents.sheet(book, _("Form 2"), form2_columns(), heading=heading, landscape=True)
    for number, activity in enumerate(activities, start=1):
        documents.append(ws, form2_cells(activity, number))
    documents.fit_rows(ws, documents.header_row(heading))
    signatures = workflow.signatures_of(plan_steps)
    row = ws.max_row + 2
    for label, office, step in (
        (_("Reviewer"), _("Chief Knowledge Officer (CKO)"), signatures["review"]),
        (_("Approver"), _("Chief Executive Officer of the agency (CEO)"), signatures["approval"]),
    ):
        for line in _signature(label, office, step):
            documents.put(ws, row, 1, line, wrap=False)
            row += 1
        row += 1
    return documents.to_bytes(book)


@member_required
def plan_excel(request: HttpRequest, pk: int) -> HttpResponse:
    """Form 2 of one plan (any revision the user may read) as an Excel workbook."""
    plan = access.get_plan_for_user(request, pk)
    data = export_plan(plan, plan.activities.all(), list(plan.steps.all()))
    return documents.response(
        data, f"form-2-plan-{plan.pk}-revision-{plan.revision}-{plan.fiscal_year.year}.xlsx"
    )
