"""The sufficiency-economy form and the Knowledge Vision (KV) of a strategic issue as PDFs
(``core.documents.pdf``), with the texts and rows of their pages and workbooks
(``worksheets.documents``).

Everyone of the province reads them (404 for another province's issue, like their pages). Both are
written by the issue's editors until worksheets 2–4 are finalised, and locked with them: until then
every page says "ร่าง"; once finalised, the PDF says when and by whom.
"""

from django.http import HttpRequest, HttpResponse

from core.documents.pdf import pdf_response, render_pdf
from core.permissions import member_required
from worksheets import documents
from worksheets.access import get_issue_for_user
from worksheets.excel_matrix import issue_line, state_line, year_line
from worksheets.models import StrategicIssue, SufficiencyAnalysis
from worksheets.views.documents import kv_ties


def _context(issue: StrategicIssue) -> dict:
    return {
        "issue": issue,
        "issue_line": issue_line(issue),
        "year_line": year_line(issue.fiscal_year),
        "state_line": state_line(issue) if issue.finalised_at else "",
        "fiscal_year": issue.fiscal_year,
    }


def _name(issue: StrategicIssue, form: str) -> str:
    return f"{form}-issue-{issue.number}-{issue.fiscal_year.year}.pdf"


@member_required
def sufficiency_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The form as the seed draws it, A4 portrait: the three rings, the two conditions and the
    scope of KM, each with room to write by hand where nothing is written yet."""
    issue = get_issue_for_user(request, pk)
    analysis = SufficiencyAnalysis.objects.filter(issue=issue).first()
    context = {
        **_context(issue),
        "title": documents.sufficiency_title(),
        "subtitle": documents.sufficiency_subtitle(issue),
        "blocks": documents.sufficiency_blocks(analysis),
    }
    content = render_pdf(request, "documents/sufficiency.html", context, province=issue.fiscal_year.province)
    return pdf_response(content, _name(issue, "sufficiency"))


@member_required
def knowledge_vision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The KV of the issue and what it ties together (``kv_ties``), A4 portrait."""
    issue = get_issue_for_user(request, pk)
    ties = kv_ties(issue)
    context = {
        **_context(issue),
        "ties": documents.kv_tie_rows(issue, ties["plan"], ties["kpis"], ties["items"]),
    }
    content = render_pdf(
        request, "documents/knowledge_vision.html", context, province=issue.fiscal_year.province
    )
    return pdf_response(content, _name(issue, "knowledge-vision"))
