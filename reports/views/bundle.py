"""The whole round as one PDF, for those who see every report (the provincial KM team, the
province's CKO and governor): asked for on the rounds page, built by a background task, its
progress shown on a page that polls itself (htmx) until the file is ready to download."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.documents.pdf import CONTENT_TYPE
from core.documents.uploads import file_response
from core.models import FiscalYear
from core.permissions import member_required
from reports import access, tasks
from reports.models import RoundDocument
from reports.rounds import saved_rounds_of

STUCK_AFTER = datetime.timedelta(hours=1)  # far longer than a province's round takes (README: bench)


def _refuse_unless_reader(request: HttpRequest) -> None:
    if not access.sees_every_report(request.user):
        raise PermissionDenied


@require_POST
@member_required
def round_document_start(request: HttpRequest, pk: int, months: int) -> HttpResponse:
    """Start building the round's PDF; a build already waiting or running is shown instead."""
    year = get_object_or_404(FiscalYear, pk=pk, province_id=request.user.agency.province_id)
    _refuse_unless_reader(request)
    round = next((r for r in saved_rounds_of(year) if r.months == months), None)
    if round is None:
        raise Http404
    if not round.is_open(timezone.localdate()):
        messages.error(request, _("The round is not open yet: there is nothing to print."))
        return redirect("report-rounds")
    with transaction.atomic():
        pending = (
            RoundDocument.objects.select_for_update()
            .filter(round=round, status__in=(RoundDocument.Status.QUEUED, RoundDocument.Status.RUNNING))
            .first()
        )
        if pending and pending.requested_at < timezone.now() - STUCK_AFTER:
            # A worker killed mid-task leaves it running for ever: give up on it and build anew.
            RoundDocument.objects.filter(pk=pending.pk).update(
                status=RoundDocument.Status.FAILED, error="stuck", finished_at=timezone.now()
            )
            pending = None
        if pending is None:
            pending = RoundDocument.objects.create(round=round, requested_by=request.user)
            document_id = pending.pk
            transaction.on_commit(lambda: tasks.build_round_document.enqueue(document_id))
    return redirect("round-document", pk=pending.pk)


def _document_for_reader(request: HttpRequest, pk: int) -> RoundDocument:
    document = get_object_or_404(
        RoundDocument.objects.select_related("round__fiscal_year", "requested_by"),
        pk=pk, round__fiscal_year__province_id=request.user.agency.province_id,
    )  # fmt: skip
    _refuse_unless_reader(request)
    return document


@member_required
def round_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The build's progress; the download once it is ready. htmx asks for the progress part alone."""
    document = _document_for_reader(request, pk)
    template = "reports/_round_document.html" if request.htmx else "reports/round_document.html"
    return render(request, template, {"document": document, "fiscal_year": document.round.fiscal_year})


@member_required
def round_document_file(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_for_reader(request, pk)
    if document.status != RoundDocument.Status.DONE or not document.file.name:
        raise Http404
    name = _("Progress reports %(round)s %(year)s.pdf") % {
        "round": document.round.get_months_display(), "year": document.round.fiscal_year.year
    }  # fmt: skip
    return file_response(document.file, name=name, content_type=CONTENT_TYPE)
