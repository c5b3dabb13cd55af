"""The KPI assessment (แบบประเมินตัวชี้วัดตามกรอบ ก.พ.ร.): the selected year's chosen KPIs by
strategic issue with their results and the tallies, and one KPI's page where an agency responsible
for it (or the provincial KM team) enters its result, verdict and evidence once the 12-month round
has opened. Who sees and enters what: ``reports.access``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from actionplans.models import ActionPlan, State
from core import years
from core.documents.uploads import file_response
from core.models import Agency
from core.permissions import member_required
from reports import access, assessments, rounds
from reports.forms_assessment import KpiAssessmentForm, KpiEvidenceForm
from reports.models import KpiAssessment, KpiEvidence


@require_safe
@member_required
def assessment_list(request: HttpRequest) -> HttpResponse:
    year = years.selected_fiscal_year(request)
    if year is None:
        return render(request, "reports/assessment_list.html", {"fiscal_year": None})
    agencies = Agency.objects.only("pk", "name", "short_name")
    kpis = (
        access.visible_kpis(request.user)
        .filter(issue__fiscal_year=year)
        .select_related("issue", "assessment__entered_by__agency")
        .prefetch_related(
            Prefetch("responsible_agencies", queryset=agencies),
            Prefetch("involved_agencies", queryset=agencies),
        )
        .annotate(evidence_count=Count("assessment__evidence"))
        .order_by("issue__number", "number")
    )
    groups, whole = assessments.grouped(kpis)
    context = {
        "fiscal_year": year,
        "groups": groups,
        "whole": whole,
        "sees_every_kpi": access.sees_every_report(request.user),
        "is_open": rounds.assessment_is_open(year),
        "opens_on": rounds.assessment_opens_on(year),
    }
    return render(request, "reports/assessment_list.html", context)


def _plans_serving(kpi) -> list[ActionPlan]:
    """The approved plans of the KPI's year made for its knowledge (several plans serve one KPI)."""
    return list(
        ActionPlan.objects.filter(knowledge__process__kpi=kpi, state=State.APPROVED)
        .exclude(
            pk__in=ActionPlan.objects.filter(previous__isnull=False, state=State.APPROVED).values("previous")
        )
        .select_related("agency", "knowledge")
        .order_by("knowledge__process__order", "knowledge__order", "agency__name", "pk")
    )


def _page(request: HttpRequest, kpi, form=None, status: int = 200) -> HttpResponse:
    year = kpi.issue.fiscal_year
    assessment = KpiAssessment.objects.filter(kpi=kpi).select_related("entered_by__agency").first()
    may_assess = access.can_assess(request.user, kpi)
    is_open = rounds.assessment_is_open(year)
    enters = may_assess and is_open
    if enters and form is None:
        form = KpiAssessmentForm(instance=assessment or KpiAssessment(kpi=kpi), user=request.user)
    context = {
        "kpi": kpi,
        "fiscal_year": year,
        "assessment": assessment,
        "evidence": list(assessment.evidence.select_related("uploaded_by")) if assessment else [],
        "form": form if enters else None,
        "evidence_form": KpiEvidenceForm() if enters and assessment else None,
        "may_assess": may_assess,
        "is_open": is_open,
        "opens_on": rounds.assessment_opens_on(year),
        "plans": _plans_serving(kpi),
    }
    return render(request, "reports/assessment_edit.html", context, status=status)


@member_required
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the KPI's assessment (a form for its assessors once it is open); POST: save it."""
    if request.method != "POST":
        return _page(request, access.get_kpi_for_user(request, pk))
    kpi = access.get_assessable_kpi_for_user(request, pk)
    assessment = KpiAssessment.objects.filter(kpi=kpi).first() or KpiAssessment(kpi=kpi)
    form = KpiAssessmentForm(request.POST, instance=assessment, user=request.user)
    if form.is_valid():
        try:
            form.save()
        except KpiAssessmentForm.Stale:
            return _page(request, kpi, form, status=409)  # shows what was saved meanwhile
        messages.success(request, _("The assessment of KPI %(code)s was saved.") % {"code": kpi.code})
        return redirect("kpi-assessment", pk=kpi.pk)
    return _page(request, kpi, form)


def _back(kpi_id: int) -> str:
    return reverse("kpi-assessment", args=[kpi_id]) + "#evidence"


@require_POST
@member_required
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach an evidence file to the KPI's saved assessment."""
    kpi = access.get_assessable_kpi_for_user(request, pk)
    assessment = KpiAssessment.objects.filter(kpi=kpi).first()
    if assessment is None:
        messages.error(request, _("Save the KPI's result first, then attach its evidence."))
        return redirect("kpi-assessment", pk=kpi.pk)
    form = KpiEvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            evidence = assessments.add_evidence(assessment, form.cleaned_data["file"], request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s is attached.") % {"name": evidence.original_name})
    else:
        messages.error(request, " ".join(form.errors.get("file", [])))
    return redirect(_back(kpi.pk))


def _visible_evidence(request: HttpRequest, pk: int) -> KpiEvidence:
    """Evidence of a KPI the user may read: 404 otherwise."""
    return get_object_or_404(
        KpiEvidence.objects.select_related("assessment"),
        pk=pk,
        assessment__kpi__in=access.visible_kpis(request.user).values("id"),
    )


@require_safe
@member_required
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The evidence file as a download, for everyone who may read the KPI's assessment."""
    evidence = _visible_evidence(request, pk)
    return file_response(evidence.file, name=evidence.original_name, content_type=evidence.content_type)


@require_POST
@member_required
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _visible_evidence(request, pk)
    kpi = access.get_assessable_kpi_for_user(request, evidence.assessment.kpi_id)
    assessments.remove_evidence(evidence, request.user)
    messages.success(request, _("%(name)s is removed.") % {"name": evidence.original_name})
    return redirect(_back(kpi.pk))
