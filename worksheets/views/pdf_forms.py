"""Worksheet 1, worksheet 3 and Form 1 as PDFs (``core.documents.pdf``): the rows their pages and
workbooks show, read through the same helpers and access checks (404 for another province's issue;
no fiscal year yet: back to the page, as the Excel export does).

A cell that spans rows should never span a page break: WeasyPrint draws such a cell's text on the
first page only and leaves its edge open at the break. So the rows under such a cell (Form 1's
issue and goal, worksheet 3's work process) print in parts that each fit a page (``parts``), each
kept whole on one page, the spanning cell repeated, marked "(ต่อ)", at the head of a part that
continues it. Worksheet 3 prints as its page does, a table per KPI with the KPI in the table's
header, which is repeated on every page.
"""

import math
from dataclasses import dataclass, field

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core import years
from core.access import get_agency_for_reader
from core.documents.pdf import pdf_response, render_pdf
from core.permissions import member_required
from worksheets import excel_forms
from worksheets.access import get_issue_for_user
from worksheets.excel_matrix import issue_line, state_line
from worksheets.views.documents import form1_table
from worksheets.views.worksheet1 import issues_with_kpis
from worksheets.views.worksheet3 import worksheet3_kpis

# Lines of Form 1's text that fit on an A4 landscape page below its header (a row's padding counted
# as ROW_LINES of a line), with a margin for the estimate's error (``_form1_lines``): a part longer
# than this is split at a KPI so that it never runs over a page.
FORM1_LINES_PER_PART = 24
# The same for worksheet 3's rows under a work process, below the KPI's two header rows.
WS3_LINES_PER_PART = 18
ROW_LINES = 0.5  # a row's padding and border, 2 mm, in lines of 10.5 pt text


@dataclass
class Part:
    """Rows that print together on one page: ``groups`` of rows, none split between parts."""

    groups: list[list] = field(default_factory=list)
    continued: bool = False  # the part goes on with the group of the part before it

    @property
    def size(self) -> int:
        return sum(len(group) for group in self.groups)

    @property
    def rows(self) -> list:
        return [row for group in self.groups for row in group]


def parts(groups: list[list], limit: float, weight=len, head: float = 0) -> list[Part]:
    """``groups`` (each a list of rows that stay together) in consecutive parts whose ``weight``
    adds up to at most ``limit``, or to ``head`` if that is more (what the part's spanning cells
    take); a group heavier than ``limit`` is a part of its own."""
    result, used = [Part()], 0
    for group in groups:
        if result[-1].groups and max(used + weight(group), head) > limit:
            result.append(Part(continued=True))
            used = 0
        result[-1].groups.append(group)
        used += weight(group)
    return result


# Thai vowel and tone marks written above or below a letter: they take no width of their own.
_MARKS = {"\u0e31", *map(chr, range(0x0E34, 0x0E3B)), *map(chr, range(0x0E47, 0x0E4F))}


def _lines(text: str, per_line: int) -> int:
    """About how many lines ``text`` takes in a cell ``per_line`` characters wide."""
    widths = (sum(1 for c in line if c not in _MARKS) for line in (text or "").split("\n"))
    return sum(max(1, math.ceil(width / per_line)) for width in widths)


def _no_fiscal_year(request: HttpRequest, page: str) -> HttpResponse:
    messages.warning(request, _("There is no fiscal year yet. Start one first."))
    return redirect(page)


# --- Worksheet 1 ------------------------------------------------------------------------------------


@member_required
def worksheet1_pdf(request: HttpRequest) -> HttpResponse:
    """Worksheet 1 of the selected fiscal year, A4 portrait: a table of KPIs per strategic issue."""
    year = years.selected_fiscal_year(request)
    if year is None:
        return _no_fiscal_year(request, "worksheet1")
    context = {"issues": list(issues_with_kpis(year)), "fiscal_year": year, "province": year.province}
    content = render_pdf(request, "documents/worksheet1.html", context, province=year.province)
    return pdf_response(content, f"{_('Worksheet 1')} {year.year}.pdf")


# --- Worksheet 3 ------------------------------------------------------------------------------------


@dataclass
class Ws3Row:
    process: object = None
    process_number: int = 0
    item: object = None


def _ws3_lines(group: list) -> int:
    """The lines a knowledge item's row takes: its tallest cell (the knowledge about 18 characters
    a line, where it is found 22, the holders 19, an agency's name 15)."""
    item = group[0].item
    if item is None:
        return 1 + ROW_LINES
    return ROW_LINES + max(
        _lines(item.pdf_knowledge, 18),
        _lines(item.source, 22),
        _lines(item.pdf_holders, 19),
        sum(_lines(agency.name, 15) for agency in item.responsible_agencies.all()),
        sum(_lines(agency.name, 15) for agency in item.involved_agencies.all()),
    )


def _worksheet3_groups(kpis: list) -> list[tuple]:
    """(KPI, the parts of each of its work processes): a row per knowledge item, or one row."""
    result = []
    for kpi in kpis:
        processes = []
        for number, process in enumerate(kpi.processes.all(), start=1):
            items = list(process.knowledge_items.all()) or [None]
            rows = [[Ws3Row(process, number, item)] for item in items]
            head = _lines(f"{number}. {process.name}", 20)
            processes.append(parts(rows, WS3_LINES_PER_PART, _ws3_lines, head))
        result.append((kpi, processes))
    return result


@member_required
def worksheet3_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Worksheet 3 of the issue, A4 landscape, in worksheet 3's columns; "ร่าง" on every page until
    worksheets 2–4 are finalised, then who finalised them when."""
    issue = get_issue_for_user(request, pk)
    kpis = worksheet3_kpis(issue)
    for kpi in kpis:
        for process in kpi.processes.all():
            for item in process.knowledge_items.all():
                item.pdf_knowledge = excel_forms.knowledge_text(item)
                item.pdf_kind = excel_forms.kind_text(item)
                item.pdf_holders = excel_forms.holders_text(item)
        kpi.pdf_text = excel_forms.kpi_text(kpi)
    context = {
        "issue": issue,
        "issue_line": issue_line(issue),
        "state_line": state_line(issue),
        "headings": [label for label, _width in excel_forms.ws3_columns()],
        "kpis": _worksheet3_groups(kpis),
        "fiscal_year": issue.fiscal_year,
    }
    province = issue.fiscal_year.province
    content = render_pdf(request, "documents/worksheet3.html", context, landscape=True, province=province)
    name = f"{_('Worksheet 3')} {issue_line(issue)[:80]} {issue.fiscal_year.year}.pdf"
    return pdf_response(content, name)


# --- Form 1 ------------------------------------------------------------------------------------------


@dataclass
class Form1Line:
    """A line of Form 1's PDF: its knowledge cell, and on the first line of a KPI's cell the KPI."""

    item: str
    kpi: object = None
    kpi_rows: int = 1
    kpi_continued: bool = False


def _form1_lines(group: list) -> int:
    """The lines a KPI's rows take: its cell (the KPI column holds about 30 characters a line) or
    its knowledge (about 34), whichever is longer, where Thai breaks only between words."""
    kpi_lines = _lines(group[0].kpi.pdf_text, 30)
    return max(kpi_lines, sum(_lines(line.item, 34) for line in group)) + ROW_LINES * len(group)


def _form1_kpi_groups(rows: list) -> list[list[Form1Line]]:
    """A KPI's lines (``rows``: its ``Form1Row``s), in pieces that each fit a page: a KPI with more
    knowledge than a page holds is named again, "(ต่อ)", where it goes on."""
    kpi = rows[0].kpi
    kpi.pdf_text = excel_forms.kpi_text(kpi)
    lines = [[Form1Line(excel_forms.form1_item_text(row))] for row in rows]
    weight = lambda group: _lines(group[0].item, 34) + ROW_LINES  # noqa: E731
    groups = []
    for piece in parts(lines, FORM1_LINES_PER_PART, weight, _lines(kpi.pdf_text, 30)):
        group = piece.rows
        group[0].kpi, group[0].kpi_rows, group[0].kpi_continued = kpi, len(group), piece.continued
        groups.append(group)
    return groups


def _form1_parts(table: list) -> list[tuple]:
    """(the issue's block, its parts): a group per KPI (its knowledge lines)."""
    result = []
    for block in table:
        of_kpi = []
        for row in block.rows:  # a KPI's first row names it; the rows below it are its knowledge
            if row.kpi:
                of_kpi.append([])
            of_kpi[-1].append(row)
        groups = [group for rows in of_kpi for group in _form1_kpi_groups(rows)]
        head = max(_lines(issue_line(block.issue), 26), _lines(block.issue.goal, 28))
        result.append((block, parts(groups, FORM1_LINES_PER_PART, _form1_lines, head) if groups else []))
    return result


@member_required
def form1_pdf(request: HttpRequest) -> HttpResponse:
    """Form 1 of the selected fiscal year, the whole province's or (``?agency=``) one agency's, as
    its page and workbook show it; A4 landscape."""
    year = years.selected_fiscal_year(request)
    if year is None:
        return _no_fiscal_year(request, "form1")
    raw = request.GET.get("agency", "")
    agency = get_agency_for_reader(request, raw) if raw else None
    table = form1_table(year, agency)
    context = {
        "title": excel_forms.form1_title(year.province, agency),
        "headings": [label for label, _width in excel_forms.form1_columns()],
        "agency": agency,
        "blocks": [
            (block, issue_line(block.issue), block_parts) for block, block_parts in _form1_parts(table)
        ],
        "fiscal_year": year,
    }
    content = render_pdf(request, "documents/form1.html", context, landscape=True, province=year.province)
    owner = (agency.short_name or agency.name) if agency else year.province.name
    return pdf_response(content, f"{_('Form 1')} {owner} {year.year}.pdf")
