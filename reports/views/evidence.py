"""A report's evidence files: attached and taken off by its writers while it is editable (on its
form's page), downloaded as an attachment by everyone who may read the report (404 for anyone
else), never served from a public URL."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.documents.uploads import file_response
from core.permissions import member_required
from reports import access, services
from reports.forms import EvidenceForm
from reports.models import Evidence
from reports.views import report as report_views


def _get_evidence_for_user(request: HttpRequest, pk: int) -> Evidence:
    """An evidence file of a report the user may read: 404 otherwise."""
    return get_object_or_404(
        Evidence.objects.select_related("report"), pk=pk, report__in=access.visible_reports(request.user)
    )


def _to_form(report_pk: int) -> HttpResponse:
    return redirect(reverse("report-edit", args=[report_pk]) + "#evidence")


@require_POST
@member_required
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a file (checked by content) to the report or one of its activities; a refused file
    shows the report's form again with the reason beside the file box."""
    report = access.get_editable_report_for_user(request, pk)
    rows = list(report.rows.select_related("activity"))
    form = EvidenceForm(request.POST, request.FILES, rows=rows)
    if form.is_valid():
        try:
            evidence = services.add_evidence(
                report, form.cleaned_data["file"], request.user, form.cleaned_data["row"]
            )
        except ValidationError as refused:
            form.add_error("file", refused)
        else:
            messages.success(request, _("%(name)s is attached.") % {"name": evidence.original_name})
            return _to_form(report.pk)
    return report_views.edit_page_with_evidence_form(request, report, form)


@member_required
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The file as a download, for everyone who may read its report."""
    evidence = _get_evidence_for_user(request, pk)
    return file_response(evidence.file, name=evidence.original_name, content_type=evidence.content_type)


@require_POST
@member_required
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a file off the report while its writers may still change it."""
    evidence = _get_evidence_for_user(request, pk)
    access.get_editable_report_for_user(request, evidence.report_id)
    name = evidence.original_name
    services.remove_evidence(evidence, request.user)
    messages.success(request, _("%(name)s is taken off the report.") % {"name": name})
    return _to_form(evidence.report_id)
