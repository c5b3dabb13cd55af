"""One progress report (แบบรายงานการดำเนินงานการจัดการความรู้ฯ): opening it for a round, its page laid
out as Form 2 with the answers, evidence, steps and signatures, the one form that writes it
(saved whole, two writers at once losing nothing), and the workflow's moves."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from actionplans import access as plan_access
from actionplans.forms import ActForm
from core.forms import parse_id
from core.models import FiscalYear
from core.permissions import member_required, refuse_if_closed
from reports import access, documents, services, workflow
from reports.forms import MAX_TEXT, EvidenceForm, ReportFieldsForm, ReportRowForm
from reports.models import ProgressReport, ReportRow, ReportStep
from reports.rounds import saved_rounds_of

Action = ReportStep.Action
# What each move's button says.
BUTTONS = {
    Action.SUBMIT: gettext_lazy("Submit to the CKO"),
    Action.ENDORSE: gettext_lazy("Endorse the report"),
    Action.ACCEPT: gettext_lazy("Accept the report"),
    Action.RETURN: gettext_lazy("Return with a comment"),
}


def _back(request: HttpRequest) -> str:
    """Where the person came from (the tracking page by default), when it is on this site."""
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return wanted
    return reverse("report-tracking")


@require_POST
@member_required
def report_open(request: HttpRequest) -> HttpResponse:
    """The plan's report in a round of the year: opened now by one of its writers if it has none
    (the earlier round's answers carried over), then its form; or its page for anyone else."""
    year_id, plan_id = parse_id(request.POST.get("fiscal_year")), parse_id(request.POST.get("plan"))
    if year_id is None or plan_id is None:
        raise Http404
    year = get_object_or_404(FiscalYear, pk=year_id, province_id=request.user.agency.province_id)
    plan = plan_access.get_plan_for_user(request, plan_id)
    if plan.fiscal_year_id != year.pk:
        raise Http404
    current = next((r for r in saved_rounds_of(year) if str(r.months) == request.POST.get("months")), None)
    if current is None:
        raise Http404
    try:
        report = services.open_report(current, plan, request.user)
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
        return redirect(_back(request))
    if access.can_edit(request.user, report):
        return redirect("report-edit", pk=report.pk)
    if not access.visible_reports(request.user).filter(pk=report.pk).exists():
        raise PermissionDenied
    return redirect("report-detail", pk=report.pk)


def _context(request: HttpRequest, report: ProgressReport) -> dict:
    """What the report's pages share: the round, Form 2's header, the rows in Form 2's order with
    their evidence (``reports.documents.report_context``)."""
    context = documents.report_context(report)
    late = report.is_editable_state and report.round.is_past_due(timezone.localdate())
    context.update(plan=report.plan, late=late)
    return context


@member_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as the seed's form, laid out as Form 2: header, the activities with their
    answers and evidence, the plan's KPI against its target; then the moves the user may make, the
    steps taken and the signatures of ผู้รายงาน and ผู้รับรอง."""
    report = access.get_report_for_user(request, pk)
    context = _context(request, report)
    steps = list(report.steps.all())
    user = request.user
    context.update(
        steps=steps,
        signatures=workflow.signatures_of(steps),
        moves=[(a, BUTTONS[a]) for a in workflow.actions_for(user, report) if a in BUTTONS],
        can_edit=access.can_edit(user, report),
        act_form=ActForm(),
    )
    return render(request, "reports/report_detail.html", context)


def _row_forms(rows: list[ReportRow], data=None) -> list[ReportRowForm]:
    forms = []
    for row in rows:
        initial = {f: getattr(row, f) for f in services.ROW_FIELDS}
        forms.append(ReportRowForm(data, row=row, initial=initial))
    return forms


def _fresh_values(forms: list[ReportRowForm], fields: ReportFieldsForm, stale: services.StaleReport) -> None:
    """After someone else saved: beside each box whose saved text now differs from what the person
    typed, the saved text (``form.fresh``: field name → what is shown)."""
    fresh_rows = {row.pk: row for row in stale.rows}
    for form in forms:
        form.fresh = {}
        row = fresh_rows.get(form.row.pk)
        if row is None:
            continue
        typed = form.typed()
        for f in services.ROW_FIELDS:
            saved = getattr(row, f)
            if saved != typed.get(f, ""):
                form.fresh[f] = row.get_status_display() if f == "status" and saved else saved or "—"
    fields.fresh = {}
    for f in services.REPORT_FIELDS:
        saved = getattr(stale.report, f)
        if saved != fields.cleaned_data.get(f, ""):
            fields.fresh[f] = (
                stale.report.get_kpi_verdict_display() if f == "kpi_verdict" and saved else saved or "—"
            )


def _edit_page(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    context.setdefault("evidence_form", EvidenceForm(rows=context["rows"]))
    context["max_text"] = MAX_TEXT
    return render(request, "reports/report_edit.html", context, status=status)


def _as_saved(request: HttpRequest, report: ProgressReport) -> dict:
    """The form's page with the report as saved."""
    context = _context(request, report)
    rows = context["rows"]
    for row, form in zip(rows, _row_forms(rows), strict=True):
        row.form = form
    fields = ReportFieldsForm(initial={f: getattr(report, f) for f in services.REPORT_FIELDS})
    context.update(fields=fields, seen=services.fingerprint(report, rows), stale=None, errors=[])
    return context


def edit_page_with_evidence_form(
    request: HttpRequest, report: ProgressReport, form: EvidenceForm
) -> HttpResponse:
    """The form's page again after a refused evidence file, the reason beside the file box."""
    context = _as_saved(request, report)
    context["evidence_form"] = form
    return _edit_page(request, context, status=400)


@member_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole report as one form: each activity's status (and why it was cancelled), what was
    done, the result, the problems and their solutions, then the plan's KPI; saved whole with the
    fingerprint of what the page showed. Evidence is attached on the same page."""
    if request.method != "POST":
        return _edit_page(request, _as_saved(request, access.get_editable_report_for_user(request, pk)))
    report = access.get_report_for_user(request, pk)
    refuse_if_closed(report.round.fiscal_year)
    if not access.can_write(request.user, report):
        raise PermissionDenied
    context = _context(request, report)
    rows = context["rows"]
    forms = _row_forms(rows, request.POST)
    fields = ReportFieldsForm(request.POST)
    stale, errors, moved = None, [], False
    seen = request.POST.get("seen", "")
    if not report.is_editable_state:
        moved = True  # submitted by a colleague since the page was drawn: keep what was typed
    elif all([form.is_valid() for form in forms] + [fields.is_valid()]):
        typed = {form.row.pk: form.typed() for form in forms}
        report_fields = {f: fields.cleaned_data.get(f) or "" for f in services.REPORT_FIELDS}
        try:
            services.save_report(report, report_fields, typed, seen, request.user)
        except services.StaleReport as changed:
            stale = changed
            seen = services.fingerprint(changed.report, changed.rows)
            _fresh_values(forms, fields, changed)
        except ValidationError as refused:
            errors = refused.messages
        except PermissionDenied:
            moved = True  # submitted at the very moment of this save
        else:
            messages.success(request, _("The report is saved as a draft."))
            return redirect(reverse("report-detail", args=[report.pk]) + "#activities")
    else:
        errors = [_("Some answers need correcting: see the messages next to them.")]
    if moved:
        report.refresh_from_db(fields=["state"])
        errors = [
            _(
                "The report was %(state)s meanwhile, so this was not saved. What you typed is still "
                "below: copy what you need; once the report is returned it can be written again."
            )
            % {"state": report.get_state_display()}
        ]
    for row, form in zip(rows, forms, strict=True):
        row.form = form
    context.update(fields=fields, seen=seen, stale=stale, errors=errors, moved=moved)
    return _edit_page(request, context, status=409 if stale or moved else 200)


@require_POST
@member_required
def report_act(request: HttpRequest, pk: int) -> HttpResponse:
    """A workflow move (``action``): submit, endorse, accept, or return with a comment."""
    report = access.get_report_for_user(request, pk)
    action = request.POST.get("action", "")
    if action not in BUTTONS:
        raise PermissionDenied
    form = ActForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("comment", [])))
        return redirect("report-detail", pk=report.pk)
    try:
        workflow.act(report, request.user, action, form.cleaned_data["comment"])
    except workflow.WrongState as moved:
        messages.error(request, moved.message)
    except workflow.NotReady as missing:
        messages.error(request, " ".join(missing.problems))
    except ValueError:
        messages.error(request, _("Write a comment saying what must change: it goes back with the report."))
    else:
        done = {
            Action.SUBMIT: _("The report is submitted to the CKO."),
            Action.ENDORSE: _("The report is endorsed and sent to the provincial KM team."),
            Action.ACCEPT: _("The report is accepted; its statuses now show on the plan."),
            Action.RETURN: _("The report is returned with your comment."),
        }
        messages.success(request, done[action])
    return redirect("report-detail", pk=report.pk)
