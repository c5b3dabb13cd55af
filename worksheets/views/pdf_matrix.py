"""Worksheets 2 and 4 (the scoring matrices) as PDFs, and their blank paper forms.

Each prints the ``excel_matrix.Layout`` its workbook is written from, so the PDF and the Excel file
show the same lines, columns and rows. A4 landscape: the criteria column and up to nine score
columns side by side (the seed's widest paper form, worksheet 4, has nine). A wider matrix is cut
into tables of at most nine columns, each starting a page, each with the criteria column and its
totals, ranks and choices, and saying which columns it holds; nothing is shrunk to fit.
"""

from dataclasses import dataclass
from math import ceil

from django.http import HttpRequest, HttpResponse

from core import years
from core.documents.pdf import pdf_response, render_pdf
from core.permissions import member_required
from worksheets import excel_matrix
from worksheets import matrix as scoring
from worksheets.access import get_issue_for_user
from worksheets.views.matrix import _worksheet

TEMPLATE = "documents/matrix.html"
MAX_COLUMNS = 9  # score columns per table at a readable size on A4 landscape


@dataclass
class Part:
    """The score columns ``first``..``last`` (counted from 1) of a layout, as one table."""

    first: int
    last: int
    heads: list[tuple[str, str | None]]  # each column's label and name (none on the blank form)
    rows: list[tuple[str, list[int | None]]]  # each criterion and its scores in these columns
    totals: list[object]
    ranks: list[object]
    choices: list[excel_matrix.Choice] | None


def parts(layout: excel_matrix.Layout, size: int = MAX_COLUMNS) -> list[Part]:
    """The layout's columns in tables of at most ``size``, as even as they come (20 → 7, 7, 6);
    one table (with no column) for a matrix that has none yet."""
    count = len(layout.labels)
    tables = max(1, ceil(count / size))
    base, longer = divmod(count, tables)  # the first ``longer`` tables hold one column more
    bounds = [n * base + min(n, longer) for n in range(tables + 1)]
    names = layout.names or [None] * count
    return [
        Part(
            first=start + 1,
            last=end,
            heads=list(zip(layout.labels[start:end], names[start:end], strict=True)),
            rows=[
                (label, scores[start:end]) for label, scores in zip(layout.criteria, layout.grid, strict=True)
            ],
            totals=layout.totals[start:end],
            ranks=layout.ranks[start:end],
            choices=None if layout.choices is None else layout.choices[start:end],
        )
        for start, end in zip(bounds, bounds[1:], strict=False)
    ]


def _pdf(request: HttpRequest, layout: excel_matrix.Layout, *, issue, fiscal_year, province) -> bytes:
    context = {
        "layout": layout,
        "issue": issue,
        "title": scoring.TITLES[layout.worksheet],
        "subtitle": scoring.SUBTITLES[layout.worksheet],
        "parts": parts(layout),
        "columns": len(layout.labels),
        "other_criterion": excel_matrix.OTHER_CRITERION,
        "totals_label": excel_matrix.TOTALS[layout.worksheet],
        "ranks_label": excel_matrix.RANKS[layout.worksheet],
        "chosen_label": excel_matrix.CHOSEN[layout.worksheet],
        "legend_title": excel_matrix.LEGEND_TITLES[layout.worksheet],
        "legend": excel_matrix.LEGEND,
        "note": excel_matrix.NOTES[layout.worksheet],
        "fiscal_year": fiscal_year,
        "province": province,
        "draft": issue is not None and issue.finalised_at is None,
    }
    return render_pdf(request, TEMPLATE, context, landscape=True, province=province)


@member_required
def matrix_pdf(request: HttpRequest, pk: int, worksheet: int) -> HttpResponse:
    """Worksheet 2 or 4 of the issue as its page shows it; "ร่าง" on every page until the issue is
    finalised, then by whom and when."""
    worksheet = _worksheet(worksheet)
    issue = get_issue_for_user(request, pk)
    layout = excel_matrix.matrix_layout(scoring.load(issue, worksheet))
    year = issue.fiscal_year
    content = _pdf(request, layout, issue=issue, fiscal_year=year, province=year.province)
    return pdf_response(content, f"worksheet-{worksheet}-issue-{issue.number}-{year.year}.pdf")


@member_required
def matrix_blank_pdf(request: HttpRequest, worksheet: int) -> HttpResponse:
    """The seed's blank worksheet 2 (five KPI columns) or 4 (nine knowledge columns), for paper."""
    worksheet = _worksheet(worksheet)
    year = years.selected_fiscal_year(request)
    province = year.province if year else request.user.province
    layout = excel_matrix.blank_layout(worksheet, year)
    content = _pdf(request, layout, issue=None, fiscal_year=year, province=province)
    suffix = f"-{year.year}" if year else ""
    return pdf_response(content, f"worksheet-{worksheet}-blank{suffix}.pdf")
