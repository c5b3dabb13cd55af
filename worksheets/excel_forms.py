"""Worksheet 3, Form 1, the sufficiency-economy form and the Knowledge Vision as Excel workbooks.

Each is one sheet laid out as its page: the same headers in the reader's language, the title, the
strategic issue and the fiscal year above the table, worksheet 3 with who finalised it when (or
"ร่าง"). The views read the data as their pages do and hand it here; nothing here queries.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from core.documents import excel as documents
from core.models import Agency, FiscalYear, Province
from worksheets.documents import kv_tie_rows, sufficiency_blocks, sufficiency_subtitle, sufficiency_title
from worksheets.excel_matrix import issue_line, state_line, year_line
from worksheets.models import KnowledgeItem, StrategicIssue, SufficiencyAnalysis


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def _names(agencies) -> str:
    return "\n".join(agency.name for agency in agencies)


# --- Worksheet 3 ------------------------------------------------------------------------------------


def ws3_columns():
    """Worksheet 3's headings and Excel widths, in the order its PDF and workbook print them."""
    return [
        (_("KPI no."), 30),
        (_("Work process"), 28),
        (_("Necessary knowledge"), 32),
        (_("Kind of knowledge"), 16),
        (_("Where it is found"), 22),
        (_("Who holds the knowledge"), 30),
        (_("Responsible agencies"), 30),
        (_("Involved agencies"), 30),
    ]


def kpi_text(kpi) -> str:
    """A KPI's cell in worksheet 3 and Form 1: its number and name, its target below."""
    text = f"{kpi.code} {kpi.name}"
    if kpi.target:
        text += f"\n{_('Target')}: {kpi.target} {kpi.unit}".rstrip()
    return text


def holders_text(item: KnowledgeItem) -> str:
    """Who holds a knowledge item, a line each: people (name, position, agency), then agencies."""
    lines = [
        ", ".join(
            part
            for part in (holder.name, holder.position, holder.agency.name if holder.agency else "")
            if part
        )
        for holder in item.holders.all()
    ]
    held = list(item.holder_agencies.all())
    if held:
        lines.append(_("Agencies that hold it:"))
        lines += [agency.name for agency in held]
    return "\n".join(lines)


def knowledge_text(item: KnowledgeItem) -> str:
    """A knowledge item's cell: worksheet 4's number of it ("องค์ความรู้ที่ 2"), then its name."""
    number = getattr(item, "sheet4_number", None)
    return f"{_('Knowledge')} {number}\n{item.name}" if number else item.name


def kind_text(item: KnowledgeItem) -> str:
    return _("Tacit knowledge") if item.kind == KnowledgeItem.Kind.TACIT else _("Explicit knowledge")


def export_worksheet3(issue: StrategicIssue, kpis: list) -> bytes:
    """Worksheet 3 of the issue: a row per knowledge item of each chosen KPI's work processes
    (``kpis`` as ``worksheet3_kpis`` numbers them), a row for a process or KPI without any."""
    book = documents.workbook()
    heading = [
        f"{_('Worksheet 3')} {_('Definition of the necessary knowledge to be managed')}",
        issue_line(issue),
        f"{_('Goal')} {_one_line(issue.goal)}",
        year_line(issue.fiscal_year),
        state_line(issue),
    ]
    ws = documents.sheet(book, str(_("Worksheet 3")), ws3_columns(), heading=heading, landscape=True)
    for kpi in kpis:
        head = kpi_text(kpi)
        processes = list(kpi.processes.all())
        if not processes:
            documents.append(ws, [head])
        for number, process in enumerate(processes, start=1):
            items = list(process.knowledge_items.all()) or [None]
            for item in items:
                if item is None:
                    documents.append(ws, [head, f"{number}. {process.name}"])
                    continue
                documents.append(
                    ws,
                    [
                        head,
                        f"{number}. {process.name}",
                        knowledge_text(item),
                        kind_text(item),
                        item.source,
                        holders_text(item),
                        _names(item.responsible_agencies.all()),
                        _names(item.involved_agencies.all()),
                    ],
                )
    documents.fit_rows(ws, documents.header_row(heading))
    return documents.to_bytes(book)


# --- Form 1 ------------------------------------------------------------------------------------------


def form1_title(province: Province, agency: Agency | None) -> str:
    if agency is not None:
        return _(
            "Form 1: classification of the knowledge needed to drive the strategic issues of the agency %(name)s"
        ) % {"name": agency.name}
    return _(
        "Form 1: classification of the knowledge needed to drive the strategic issues of the province of %(name)s"
    ) % {"name": province.name}


def form1_columns():
    """Form 1's headings and Excel widths."""
    return [
        (capfirst(_("strategic issue")), 30),
        (_("Goal"), 34),
        (_("KPI"), 38),
        (_("Necessary knowledge"), 40),
    ]


def form1_item_text(row) -> str:
    """A line's knowledge cell (``row``: a ``Form1Row``): "2. name", numbered within its KPI."""
    return f"{row.item_number}. {row.item.name}" if row.item else _("No knowledge chosen yet")


def _merge_down(ws: Worksheet, column: int, first: int, last: int) -> None:
    if last > first:
        ws.merge_cells(start_row=first, start_column=column, end_row=last, end_column=column)


def export_form1(fiscal_year: FiscalYear, province: Province, agency: Agency | None, table: list) -> bytes:
    """Form 1 as its page shows it (``table``: ``form1_table`` of the year and agency): the issue
    and goal cells span their KPIs, each KPI cell spans its knowledge, as on paper."""
    book = documents.workbook()
    heading = [form1_title(province, agency), year_line(fiscal_year)]
    ws = documents.sheet(book, str(_("Form 1")), form1_columns(), heading=heading, landscape=True)
    for block in table:
        issue = block.issue
        first = ws.max_row + 1
        issue_cells = [issue_line(issue), issue.goal]
        if not block.rows:
            documents.append(ws, [*issue_cells, _("No KPI chosen yet")])
            continue
        kpi_first = first
        for row in block.rows:
            kpi_cell = None
            if row.kpi:
                kpi_first = ws.max_row + 1
                kpi_cell = kpi_text(row.kpi)
            item = form1_item_text(row)
            documents.append(
                ws, [*(issue_cells if ws.max_row + 1 == first else [None, None]), kpi_cell, item]
            )
            if row.kpi:
                _merge_down(ws, 3, kpi_first, kpi_first + row.kpi_rows - 1)
        _merge_down(ws, 1, first, ws.max_row)
        _merge_down(ws, 2, first, ws.max_row)
    documents.fit_rows(ws, documents.header_row(heading))
    return documents.to_bytes(book)


# --- The sufficiency-economy form -------------------------------------------------------------------


def export_sufficiency(issue: StrategicIssue, analysis: SufficiencyAnalysis | None) -> bytes:
    """The form's three rings, two conditions and the scope of KM (``sufficiency_blocks``), laid
    out as the page's three tables in one sheet; blank where nothing is written yet, for a pen."""
    book = documents.workbook()
    heading = [sufficiency_title(), sufficiency_subtitle(issue), year_line(issue.fiscal_year)]
    ws = documents.sheet(book, str(_("Sufficiency economy")), heading=heading)
    documents.widths(ws, [40, 40, 40])
    first = documents.header_row(heading)
    row = first
    for block in sufficiency_blocks(analysis):
        spans = {1: [(1, 3)], 2: [(1, 1), (2, 3)], 3: [(1, 1), (2, 2), (3, 3)]}[len(block)]
        for part, (start, end) in zip(block, spans, strict=True):
            documents.put(ws, row, start, part.label)
            documents.put(ws, row + 1, start, part.text)
            if end > start:
                for line in (row, row + 1):
                    ws.merge_cells(start_row=line, start_column=start, end_row=line, end_column=end)
        for target in ws[row]:
            target.font = Font(bold=True)
        row += 2
    documents.fit_rows(ws, first)
    for text_row in range(first + 1, row, 2):  # room to write by hand where the form is blank
        ws.row_dimensions[text_row].height = max(90, ws.row_dimensions[text_row].height or 0)
    return documents.to_bytes(book)


# --- The Knowledge Vision ------------------------------------------------------------------------------


def export_knowledge_vision(issue: StrategicIssue, plan, kpis, items) -> bytes:
    """The KV of the issue and what it ties together (``kv_ties``): the province's vision and
    mission, the issue, its goal, the KPIs chosen in worksheet 2 and the knowledge chosen in 4."""
    book = documents.workbook()
    heading = [str(_("Knowledge Vision (KV)")), issue_line(issue), year_line(issue.fiscal_year)]
    ws = documents.sheet(book, str(_("KV")), heading=heading)
    documents.widths(ws, [34, 90])
    rows = [(_("The KM goal of the strategic issue"), issue.knowledge_vision)]
    rows += kv_tie_rows(issue, plan, kpis, items)
    for label, text in rows:
        documents.append(ws, [str(label), text])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    documents.fit_rows(ws, documents.header_row(heading))
    return documents.to_bytes(book)
