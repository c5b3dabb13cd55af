"""The tracking page of the progress reports: who has reported what in each round of the selected
fiscal year (``reports.tracking``), by agency or by strategic issue, and the same as a workbook."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core import years
from core.documents import excel as documents
from core.permissions import member_required
from reports.tracking import BY_AGENCY, BY_ISSUE
from reports.tracking import tracking as tracking_of


def _by(request: HttpRequest) -> str:
    return BY_ISSUE if request.GET.get("by") == BY_ISSUE else BY_AGENCY


@member_required
def tracking(request: HttpRequest) -> HttpResponse:
    year = years.selected_fiscal_year(request)
    found = tracking_of(request.user, year, _by(request)) if year else None
    return render(
        request, "reports/tracking.html", {"fiscal_year": year, "tracking": found, "by": _by(request)}
    )


@member_required
def tracking_excel(request: HttpRequest) -> HttpResponse:
    """The page's lines and grouping as a workbook: one row per plan, a column per round."""
    year = years.selected_fiscal_year(request)
    book = documents.workbook()
    title = _("Progress report tracking")
    if year is None:
        documents.sheet(book, title, heading=[title, _("There is no fiscal year yet.")])
        return documents.response(documents.to_bytes(book), "report-tracking.xlsx")
    found = tracking_of(request.user, year, _by(request))
    group_label = _("Strategic issue") if found.by == BY_ISSUE else _("Agency / province")
    columns = [(group_label, 34), (_("Agency / province"), 30), (_("Strategic issue"), 30),
               (_("Necessary knowledge (K)"), 34)]  # fmt: skip
    columns += [(str(r.get_months_display()), 22) for r in found.rounds]
    heading = [title, _("fiscal year %(year)s") % {"year": year.year}]
    if found.never_reported:
        heading.append(_("Never reported: %(names)s") % {"names": ", ".join(found.never_reported)})
    ws = documents.sheet(book, title, columns, heading=heading, landscape=True)
    for group in found.groups:
        for line in group.lines:
            documents.append(
                ws, [group.title, line.owner, line.issue, line.knowledge, *(c.label for c in line.cells)]
            )
    documents.fit_rows(ws)
    return documents.response(documents.to_bytes(book), f"report-tracking-{year.year}.xlsx")
