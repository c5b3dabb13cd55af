"""A progress report as the document it prints as: the seed's แบบรายงานการดำเนินงานการจัดการความรู้
สนับสนุนการบรรลุเป้าหมายตามประเด็นยุทธศาสตร์ for one plan and one round, A4 landscape, laid out
as Form 2 (its header, its activities in their order) through ``core.documents.pdf``.

- ``report_context(report)``: what the document shows, for one report.
- ``documents/_report.html``: the document's body, an include that reads that context, so a
  document of several reports can repeat it (its styles are ``documents/_report_style.html``).
- ``render_report(report)``: the report alone as PDF bytes, for its download
  (``reports.views.documents``) and for the whole round (``reports.bundle``).
"""

from collections import defaultdict

from django.http import HttpRequest
from django.utils.translation import gettext as _

from actionplans import workflow as plan_workflow
from core.documents.pdf import render_pdf
from reports import workflow
from reports.models import ProgressReport, ReportState

TEMPLATE = "documents/report.html"
# States in which every signature the document carries stands: before them it prints as a draft,
# as Form 2 does until its last signature (the provincial team's acceptance is not on the form).
SIGNED_STATES = (ReportState.ENDORSED, ReportState.ACCEPTED)


def report_context(report: ProgressReport) -> dict:
    """The document's content: the plan's Form 2 header as it was frozen on submitting, the rows in
    the order of the plan's activities (each with ``number``, its line in the table, and
    ``files``, its evidence), all the evidence in the order it was attached (each with
    ``row_number``, blank for the report as a whole), the standing signatures (``submit``: ผู้รายงาน,
    ``endorse``: ผู้รับรอง) and whether it prints as a draft. Three queries, whatever the number of
    activities, on a report fetched with its round and plan (``get_report_for_user``)."""
    rows = list(report.rows.select_related("activity"))
    evidence = list(report.evidence.all())
    files = defaultdict(list)
    for item in evidence:
        files[item.row_id].append(item)
    numbers = {}
    for number, row in enumerate(rows, start=1):
        row.number = numbers[row.pk] = number
        row.files = files.get(row.pk, [])
    for item in evidence:
        item.row_number = numbers.get(item.row_id)
    return {
        "report": report,
        "round": report.round,
        "fiscal_year": report.round.fiscal_year,
        "header": plan_workflow.shown_header(report.plan),
        "rows": rows,
        "evidence": evidence,
        "signatures": workflow.signatures_of(report.steps.all()),
        "draft": report.state not in SIGNED_STATES,
    }


def _with_related(report: ProgressReport) -> ProgressReport:
    """The report with what its header reads in one query (the round's bundle passes bare rows)."""
    return ProgressReport.objects.select_related(
        "round__fiscal_year__province", "plan__agency", "plan__fiscal_year__province",
        "plan__knowledge__process__kpi__issue",
    ).get(pk=report.pk)  # fmt: skip


def render_report(report: ProgressReport, request: HttpRequest | None = None) -> bytes:
    """The report alone as a PDF, with its own page numbers."""
    report = _with_related(report)
    return render_pdf(
        request, TEMPLATE, report_context(report), landscape=True, province=report.round.fiscal_year.province
    )


def file_name(report: ProgressReport) -> str:
    """The download's name: the round, the knowledge, the owner and the year."""
    header = plan_workflow.shown_header(report.plan)
    return _("Progress report %(round)s %(knowledge)s %(owner)s %(year)s.pdf") % {
        "round": report.round.get_months_display(),
        "knowledge": header["knowledge"],
        "owner": header["owner"],
        "year": report.round.fiscal_year.year,
    }
