"""The province's plan (vision, mission), its fiscal years and strategic issues."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import years
from core.access import get_editable_plan_for_user
from core.models import FiscalYear, ProvincialPlan
from core.permissions import allowed, can_edit_strategy, member_required, refuse_if_closed
from worksheets import services
from worksheets.access import get_editable_issue_for_user
from worksheets.forms import FiscalYearForm, IssueForm, PlanForm
from worksheets.views.deleting import delete_or_explain


@allowed(can_edit_strategy)
def year_list(request: HttpRequest) -> HttpResponse:
    fiscal_years = years.years_of(request).annotate(
        issue_count=Count("strategic_issues", distinct=True),
        kpi_count=Count("strategic_issues__kpis", distinct=True),
    )
    return render(request, "worksheets/year_list.html", {"years": fiscal_years})


@allowed(can_edit_strategy)
def year_create(request: HttpRequest) -> HttpResponse:
    province = request.user.agency.province
    form = FiscalYearForm(request.POST or None, province=province)
    if request.method == "POST" and form.is_valid():
        new_year = services.start_fiscal_year(
            province, form.cleaned_data["year"], form.cleaned_data["copy_from"]
        )
        years.select(request, new_year)
        messages.success(request, _("Fiscal year %(year)s started.") % {"year": new_year.year})
        return redirect("worksheet1")
    return render(request, "worksheets/year_form.html", {"form": form})


def _plan_of(request: HttpRequest) -> ProvincialPlan | None:
    year = years.selected_fiscal_year(request)
    return year.plan() if year else None


@member_required
def plan_detail(request: HttpRequest) -> HttpResponse:
    plans = ProvincialPlan.objects.filter(province_id=request.user.agency.province_id)
    return render(
        request,
        "worksheets/plan_detail.html",
        {"plan": _plan_of(request), "plans": plans, "can_edit": can_edit_strategy(request.user)},
    )


@allowed(can_edit_strategy)
def plan_create(request: HttpRequest) -> HttpResponse:
    plan = ProvincialPlan(province=request.user.agency.province)
    year = years.selected_fiscal_year(request)
    initial = {"first_year": year.year, "last_year": year.year + 4} if year else {}
    form = PlanForm(request.POST or None, instance=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Plan %(plan)s saved.") % {"plan": plan})
        return redirect("plan-detail")
    return render(request, "worksheets/plan_form.html", {"form": form})


@allowed(can_edit_strategy)
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_editable_plan_for_user(request, pk)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Plan %(plan)s saved.") % {"plan": plan})
        return redirect("plan-detail")
    return render(request, "worksheets/plan_form.html", {"form": form, "plan": plan})


def _working_year(request: HttpRequest) -> FiscalYear | None:
    year = years.selected_fiscal_year(request)
    if year is None:
        messages.warning(request, _("There is no fiscal year yet. Start one first."))
    return year


@allowed(can_edit_strategy)
def issue_create(request: HttpRequest) -> HttpResponse:
    year = _working_year(request)
    if year is None:
        return redirect("year-create")
    refuse_if_closed(year)
    form = IssueForm(request.POST or None, fiscal_year=year)
    if request.method == "POST" and form.is_valid():
        issue = services.create_issue(year, **{k: form.cleaned_data[k] for k in ("number", "title", "goal")})
        messages.success(request, _("Strategic issue %(issue)s added.") % {"issue": issue})
        return redirect(f"{_worksheet1_url()}#issue-{issue.pk}")
    return render(request, "worksheets/issue_form.html", {"form": form, "fiscal_year": year})


@allowed(can_edit_strategy)
def issue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_editable_issue_for_user(request, pk)
    form = IssueForm(request.POST or None, instance=issue, fiscal_year=issue.fiscal_year)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Strategic issue %(issue)s saved.") % {"issue": issue})
        return redirect(f"{_worksheet1_url()}#issue-{issue.pk}")
    return render(
        request,
        "worksheets/issue_form.html",
        {"form": form, "issue": issue, "fiscal_year": issue.fiscal_year},
    )


@allowed(can_edit_strategy)
def issue_delete(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_editable_issue_for_user(request, pk)
    if request.method == "POST":
        if not delete_or_explain(request, issue, issue.delete):
            return redirect(f"{_worksheet1_url()}#issue-{issue.pk}")
        messages.success(request, _("Strategic issue %(issue)s deleted.") % {"issue": issue})
        return redirect("worksheet1")
    count = issue.kpis.count()
    consequence = (
        ngettext(
            "Its %(counter)s KPI is deleted with it.", "Its %(counter)s KPIs are deleted with it.", count
        )
        % {"counter": count}
        if count
        else ""
    )
    context = {
        "object": issue,
        "consequence": consequence,
        "cancel_url": f"{_worksheet1_url()}#issue-{issue.pk}",
    }
    return render(request, "worksheets/confirm_delete.html", context)


def _worksheet1_url() -> str:
    return reverse("worksheet1")
