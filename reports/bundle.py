"""The whole round as one PDF: a cover with the summary table (per agency: plans, reports in,
accepted, activities done, KPIs met, late), then every report of the round, each rendered alone
(``reports.documents.render_report``) and joined with pypdf, so a province of 200 pages is built
a report at a time in a background task (``reports.tasks``), never in a web request.

The task records its progress on its ``RoundDocument`` with ``update()``, outside any transaction,
so the page that polls it sees each step at once (../shared/notes/background-tasks.md).
"""

import io
import tempfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files import File
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from actionplans.models import Activity
from core.documents.pdf import render_pdf
from core.thai import thai_sort_key
from reports.models import ProgressReport, ReportState, Round, RoundDocument
from reports.rounds import plans_reporting

IN = (ReportState.SUBMITTED, ReportState.ENDORSED, ReportState.ACCEPTED)
PROGRESS_EVERY = 5  # reports between two progress updates


@dataclass
class Line:
    """One agency's line of the summary (or the province's, or the total)."""

    owner: str
    plans: int = 0
    reports_in: int = 0
    accepted: int = 0
    activities: int = 0
    activities_done: int = 0
    kpis_met: int = 0
    late: int = 0
    reports: list = field(default_factory=list)

    def add(self, other: "Line") -> None:
        for name in ("plans", "reports_in", "accepted", "activities", "activities_done", "kpis_met", "late"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def summary(round: Round, today=None) -> tuple[list[Line], Line]:
    """The summary's lines, the province's plans first then the agencies in Thai order, and the
    total. Four queries, whatever the number of plans."""
    today = today or timezone.localdate()
    plans = plans_reporting(round)
    reports = {
        r.plan_id: r
        for r in ProgressReport.objects.filter(round=round, plan__in=plans).annotate(
            activities=Count("rows"),
            activities_done=Count("rows", filter=Q(rows__status=Activity.Status.DONE)),
        )
    }
    planned = dict(
        Activity.objects.filter(plan__in=plans)
        .values_list("plan")
        .annotate(n=Count("pk"))
        .values_list("plan", "n")
    )
    province = _("%(province)s Province") % {"province": round.fiscal_year.province.name}
    lines: dict[str, Line] = {}
    late = round.is_past_due(today)
    for plan in plans:
        owner = plan.agency.name if plan.agency_id else province
        line = lines.setdefault(owner, Line(owner))
        report = reports.get(plan.pk)
        line.plans += 1
        if report is None:
            line.activities += planned.get(plan.pk, 0)
            line.late += late
            continue
        line.reports.append(report)
        line.activities += report.activities
        line.activities_done += report.activities_done
        line.reports_in += report.state in IN
        line.accepted += report.state == ReportState.ACCEPTED
        line.kpis_met += report.kpi_verdict == "met"
        line.late += late and report.state not in IN
    ordered = sorted(lines.values(), key=lambda line: (line.owner != province, thai_sort_key(line.owner)))
    total = Line(_("Total"))
    for line in ordered:
        total.add(line)
    return ordered, total


def _progress(document: RoundDocument, **values) -> None:
    RoundDocument.objects.filter(pk=document.pk).update(**values)


def build(document_id: int) -> RoundDocument:
    """Build the round's PDF for ``document_id``, recording progress; the document as it ends."""
    from reports.documents import render_report  # the report's own PDF, rendered alone

    document = RoundDocument.objects.select_related("round__fiscal_year__province").get(pk=document_id)
    round = document.round
    province = round.fiscal_year.province
    _progress(document, status=RoundDocument.Status.RUNNING)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            lines, total = summary(round)
            reports = [report for line in lines for report in line.reports]
            _progress(document, total=len(reports))
            cover = render_pdf(
                None, "documents/round_cover.html",
                {"round": round, "fiscal_year": round.fiscal_year, "lines": lines, "total": total,
                 "made_at": timezone.localtime()},
                landscape=True, province=province,
            )  # fmt: skip
            writer = PdfWriter()
            writer.append(PdfReader(_bytes_file(cover)))
            for done, report in enumerate(reports, start=1):
                writer.append(PdfReader(_bytes_file(render_report(report))))
                if done % PROGRESS_EVERY == 0 or done == len(reports):
                    _progress(document, done=done)
            name = _("Progress reports %(round)s %(year)s.pdf") % {
                "round": round.get_months_display(), "year": round.fiscal_year.year
            }  # fmt: skip
        with tempfile.TemporaryFile() as out:
            writer.write(out)
            out.seek(0)
            document.file.save(name, File(out), save=False)
        _progress(
            document, status=RoundDocument.Status.DONE, file=document.file.name, pages=len(writer.pages),
            finished_at=timezone.now(),
        )  # fmt: skip
    except Exception as failure:
        _progress(
            document,
            status=RoundDocument.Status.FAILED,
            error=repr(failure)[:2000],
            finished_at=timezone.now(),
        )
        raise
    # Only the newest finished document of a round is kept (the older ones' files go with them).
    for older in RoundDocument.objects.filter(round=round, status=RoundDocument.Status.DONE).exclude(
        pk=document.pk
    ):
        older.delete()
    document.refresh_from_db()
    return document


def _bytes_file(content: bytes) -> io.BytesIO:
    return io.BytesIO(content)
