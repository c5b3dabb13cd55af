"""The year's KM Action Plans in one list, filtered by strategic issue, agency and state with the
count of each state, and the same list as an Excel workbook (the plans, then their activities in
Form 2's column order).

Each person sees the plans ``access.visible_plans`` lets them read, one row per plan: its latest
revision, or, when that one is hidden from them (the next revision of another agency's approved
plan, still a draft), the approved revision before it. The page and the workbook make a fixed
number of queries, whatever the number of plans.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actionplans.access import knowledge_open_to, visible_plans, writes_for
from actionplans.models import ActionPlan, Activity, PlanStep, State
from actionplans.views.excel import form2_cells, form2_columns
from actionplans.workflow import shown_header
from core import thai, years
from core.documents import excel as documents
from core.models import Agency, FiscalYear, User
from core.notify import absolute_url
from core.permissions import is_km_team, member_required
from core.templatetags.thai import thai_datetime
from worksheets.models import StrategicIssue

PROVINCE = "province"  # the agency filter's value for the province's plans (no agency)
NO_SUCH_CHOICE = gettext_lazy("There is no such choice; this filter was left out.")


class PlanFilter(forms.Form):
    """The list's filters, read from the query string. A value that is none of the choices is
    left out with a message: the list never fails on a hand-typed address."""

    issue = forms.TypedChoiceField(
        label=gettext_lazy("Strategic issue of the plan"), required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": NO_SUCH_CHOICE},
    )  # fmt: skip
    agency = forms.ChoiceField(
        label=gettext_lazy("Agency or province"),
        required=False,
        error_messages={"invalid_choice": NO_SUCH_CHOICE},
    )
    state = forms.ChoiceField(
        label=gettext_lazy("State of the plan"),
        required=False,
        error_messages={"invalid_choice": NO_SUCH_CHOICE},
    )

    def __init__(self, data, *, issues, agencies, province_name: str):
        super().__init__(data)
        self.fields["issue"].choices = [("", _("Every strategic issue"))] + [
            (str(issue.pk), f"{issue.number}. {issue.title}") for issue in issues
        ]
        self.fields["agency"].choices = [
            ("", _("Every agency and the province")),
            (
                PROVINCE,
                _("%(province)s Province (plans of the strategic issues)") % {"province": province_name},
            ),
        ] + [(str(agency.pk), agency.name) for agency in agencies]
        self.fields["state"].choices = [("", _("Every state"))] + list(State.choices)

    def value(self, name: str):
        """The field's checked value, or None when it is empty or none of the choices."""
        self.is_valid()
        return self.cleaned_data.get(name) or None


def shown_plans(user: User, fiscal_year: FiscalYear | None) -> QuerySet:
    """One revision per plan of the year that ``user`` reads: the newest they may see."""
    if fiscal_year is None:
        return ActionPlan.objects.none()
    visible = visible_plans(user).filter(fiscal_year=fiscal_year)
    # Every revision but the latest is approved (a revision starts only from the approved latest),
    # so the newest revision a reader sees is one whose next revision they do not see.
    return visible.exclude(Exists(visible.filter(previous_id=OuterRef("pk"))))


def with_summary(plans: QuerySet) -> QuerySet:
    """The plans with what a list shows of them, read in the same query: the header's sources,
    the number of activities and the last step of the workflow, in Form 2's order."""
    steps = PlanStep.objects.filter(plan=OuterRef("pk")).order_by("-at", "-pk")
    activities = (
        Activity.objects.filter(plan=OuterRef("pk"))
        .order_by()
        .values("plan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        plans.select_related(
            "fiscal_year__province", "agency", "knowledge__process__kpi__issue", "created_by"
        )
        .annotate(
            activity_count=Coalesce(Subquery(activities, output_field=IntegerField()), Value(0)),
            last_action=Subquery(steps.values("action")[:1]),
            last_signer=Subquery(steps.values("signer_name")[:1]),
            last_at=Subquery(steps.values("at")[:1]),
        )
        .order_by(
            "knowledge__process__kpi__issue__number",
            "knowledge__process__kpi__number",
            "knowledge__process__order",
            "knowledge__order",
            "knowledge_id",
            thai.ThaiCollate("agency__name").asc(nulls_first=True),
            "revision",
        )
    )


@dataclass
class LastStep:
    label: str
    name: str
    at: object


def last_step(plan: ActionPlan) -> LastStep:
    """The last step of a plan annotated by ``with_summary``; its opening when it has none yet."""
    if plan.last_action:
        return LastStep(PlanStep.Action(plan.last_action).label, plan.last_signer, plan.last_at)
    creator = plan.created_by
    return LastStep(_("Opened"), creator.get_full_name() or creator.username, plan.created_at)


@dataclass
class PlanList:
    """What the page and the workbook show: the filtered plans and the filters' state."""

    fiscal_year: FiscalYear | None
    form: PlanFilter
    plans: QuerySet
    counts: list = field(default_factory=list)  # (state value, label, count, url)
    total: int = 0
    query: str = ""  # the valid filters as a query string
    all_states: str = ""  # the valid filters but the state's


def _query(**filters) -> str:
    """The filters that are set, as a query string."""
    return urlencode({name: value for name, value in filters.items() if value})


def plan_list_of(request: HttpRequest) -> PlanList:
    """The plans of the selected fiscal year that the user reads, filtered by the query string."""
    user = request.user
    year = years.selected_fiscal_year(request)
    shown = shown_plans(user, year)
    issues = StrategicIssue.objects.filter(fiscal_year=year).order_by("number") if year else []
    agencies = (
        Agency.objects.filter(pk__in=shown.exclude(agency=None).values("agency_id")).order_by(
            thai.thai_order("name")
        )
        if year
        else []
    )
    form = PlanFilter(request.GET, issues=issues, agencies=agencies, province_name=user.agency.province.name)
    issue, agency, state = form.value("issue"), form.value("agency"), form.value("state")
    plans = shown
    if issue:
        plans = plans.filter(knowledge__process__kpi__issue_id=issue)
    if agency == PROVINCE:
        plans = plans.filter(agency=None)
    elif agency:
        plans = plans.filter(agency_id=int(agency))
    kept = {"issue": issue, "agency": agency}
    by_state = dict(plans.order_by().values_list("state").annotate(n=Count("pk"))) if year else {}
    counts = [
        (value, label, by_state.get(value, 0), "?" + _query(**kept, state=value))
        for value, label in State.choices
    ]
    if state:
        plans = plans.filter(state=state)
    query = _query(**kept, state=state)
    all_states = "?" + _query(**kept)
    return PlanList(year, form, plans, counts, sum(by_state.values()), query, all_states)


def _may_open_a_plan(user: User, year: FiscalYear | None) -> bool:
    """Whether the user may open a plan now (the "new plan" button). Only writers and the issues'
    editors are asked, since finding the open knowledge costs a few queries."""
    if year is None:
        return False
    if not (writes_for(user) or is_km_team(user) or user.strategic_issues.filter(fiscal_year=year).exists()):
        return False
    return bool(knowledge_open_to(user, year))


@member_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """The selected year's plans that the user reads, filtered by issue, agency and state."""
    found = plan_list_of(request)
    rows = [
        {"plan": plan, "header": shown_header(plan), "last": last_step(plan)}
        for plan in with_summary(found.plans)
    ]
    return render(
        request,
        "actionplans/plan_list.html",
        {
            "fiscal_year": found.fiscal_year,
            "province": request.user.agency.province,
            "form": found.form,
            "rows": rows,
            "counts": found.counts,
            "total": found.total,
            "query": found.query,
            "all_states": found.all_states,
            "can_open": _may_open_a_plan(request.user, found.fiscal_year),
        },
    )


# --- Excel ----------------------------------------------------------------------------------------


def _plan_columns():
    return [
        (capfirst(_("strategic issue")), 36),
        (_("Necessary knowledge (K)"), 40),
        (_("KPI under the agreement"), 40),
        (_("KPI target under the agreement"), 18),
        (_("Agency / province name"), 36),
        (_("Revision"), 9),
        (_("State of the plan"), 22),
        (_("Number of activities"), 12),
        (_("Last step"), 22),
        (_("By"), 26),
        (_("When"), 20),
        (_("Address of the plan"), 40),
    ]


def _activity_columns():
    return [
        (capfirst(_("strategic issue")), 30),
        (_("Agency / province name"), 30),
        (_("Necessary knowledge (K)"), 30),
        (_("Revision"), 9),
        *form2_columns(),
    ]


def export_plans(plans: QuerySet, fiscal_year: FiscalYear | None) -> bytes:
    """The plans, one row each, and every activity of them: two sheets, Thai headers from the
    request's language, text that looks like a formula kept as text (``core.documents.excel``)."""
    book = documents.workbook()
    year = {"year": fiscal_year.year if fiscal_year else ""}
    plan_sheet = documents.sheet(book, (_("Plans %(year)s") % year).strip(), _plan_columns())
    activity_sheet = documents.sheet(book, (_("Activities %(year)s") % year).strip(), _activity_columns())
    for plan in with_summary(plans).prefetch_related("activities"):
        header = shown_header(plan)
        last = last_step(plan)
        documents.append(
            plan_sheet,
            [
                header["issue"],
                header["knowledge"],
                header["kpi"],
                header["target"],
                header["owner"],
                plan.revision,
                plan.get_state_display(),
                plan.activity_count,
                last.label,
                last.name,
                thai_datetime(last.at),
                absolute_url(reverse("actionplan-detail", args=[plan.pk])),
            ],
        )
        for activity in plan.activities.all():
            documents.append(
                activity_sheet,
                [
                    header["issue"],
                    header["owner"],
                    header["knowledge"],
                    plan.revision,
                    *form2_cells(activity, activity.order),
                ],
            )
    return documents.to_bytes(book)


@member_required
def plan_export(request: HttpRequest) -> HttpResponse:
    """The list as the page shows it, with the same filters, as an Excel workbook."""
    found = plan_list_of(request)
    suffix = f"-{found.fiscal_year.year}" if found.fiscal_year else ""
    return documents.response(export_plans(found.plans, found.fiscal_year), f"km-action-plans{suffix}.xlsx")
