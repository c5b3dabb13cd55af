"""Worksheets 2, 3 and 4, Form 1, the sufficiency-economy form and the Knowledge Vision as Excel
workbooks; the blank paper forms of worksheets 2 and 4; and worksheets 2 and 4 filled offline,
imported back.

Each export reads what its page reads, through the same access helper: everyone of the province,
404 for another province's issue. An import is for the issue's editors while it is open
(``get_worksheet_issue_for_editor``), and goes through ``matrix.save_matrix`` like the page's
whole-table save.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import years
from core.access import get_agency_for_reader
from core.documents import excel as documents
from core.permissions import member_required
from worksheets import excel_forms, excel_matrix
from worksheets import matrix as scoring
from worksheets.access import get_issue_for_user, get_worksheet_issue_for_editor
from worksheets.models import StrategicIssue, SufficiencyAnalysis
from worksheets.views.documents import form1_table, kv_ties
from worksheets.views.matrix import _worksheet, listed_changes, matrix_context
from worksheets.views.worksheet3 import worksheet3_kpis


def _name(issue: StrategicIssue, sheet: str) -> str:
    return f"{sheet}-issue-{issue.number}-{issue.fiscal_year.year}.xlsx"


@member_required
def matrix_export(request: HttpRequest, pk: int, worksheet: int) -> HttpResponse:
    """Worksheet 2 or 4 of the issue as the page shows it, ready to fill offline and import."""
    worksheet = _worksheet(worksheet)
    issue = get_issue_for_user(request, pk)
    data = excel_matrix.export_matrix(scoring.load(issue, worksheet))
    return documents.response(data, _name(issue, f"worksheet-{worksheet}"))


@member_required
def matrix_blank(request: HttpRequest, worksheet: int) -> HttpResponse:
    """The seed's blank worksheet 2 (five KPI columns) or 4 (nine knowledge columns), for paper."""
    worksheet = _worksheet(worksheet)
    year = years.selected_fiscal_year(request)
    suffix = f"-{year.year}" if year else ""
    return documents.response(
        excel_matrix.blank_matrix(worksheet, year), f"worksheet-{worksheet}-blank{suffix}.xlsx"
    )


def _stale_file_message(stale: scoring.StaleMatrix) -> str:
    if not stale.changes:
        return _(
            "The criteria or columns of this worksheet changed after your file was exported, so nothing "
            "was imported. The table shows the worksheet as it is now: export it again, copy your scores "
            "into the new file and import that, or score here."
        )
    return _(
        "Someone else changed this worksheet after your file was exported, so nothing was imported: "
        "%(changes)s. The table now shows the current scores with those changes marked: check them, "
        "then score here, or export the worksheet again and import your scores."
    ) % {"changes": listed_changes(stale)}


@member_required
def matrix_import(request: HttpRequest, pk: int, worksheet: int) -> HttpResponse:
    """An exported worksheet 2 or 4, filled offline, saved whole or not at all.

    A file with wrong cells comes back with every one named by row and column (422); a file made
    before someone else's change shows the matrix page with the fresh scores, as its own stale
    save does (409).
    """
    worksheet = _worksheet(worksheet)
    issue = get_worksheet_issue_for_editor(request, pk)
    form = documents.UploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            changed = excel_matrix.import_matrix(
                issue, worksheet, form.cleaned_data["file"].read(), user=request.user
            )
        except documents.ImportFailed as failure:
            errors = failure.errors
        except scoring.StaleMatrix as stale:
            context = matrix_context(request, stale.matrix, error=_stale_file_message(stale))
            return render(request, "worksheets/matrix.html", context, status=409)
        else:
            messages.success(
                request,
                ngettext(
                    "%(title)s imported: %(count)s score changed.",
                    "%(title)s imported: %(count)s scores changed.",
                    changed,
                )
                % {"title": scoring.TITLES[worksheet], "count": changed},
            )
            return redirect("matrix", pk=issue.pk, worksheet=worksheet)
    context = {
        "issue": issue,
        "form": form,
        "errors": errors,
        "worksheet": worksheet,
        "title": scoring.TITLES[worksheet],
        "subtitle": scoring.SUBTITLES[worksheet],
        "matrix": {"worksheet": worksheet},  # for the worksheet tabs
    }
    return render(request, "worksheets/matrix_import.html", context, status=422 if errors else 200)


@member_required
def worksheet3_export(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_issue_for_user(request, pk)
    return documents.response(
        excel_forms.export_worksheet3(issue, worksheet3_kpis(issue)), _name(issue, "worksheet-3")
    )


@member_required
def form1_export(request: HttpRequest) -> HttpResponse:
    """Form 1 of the selected year, the whole province's or (``?agency=``) one agency's."""
    year = years.selected_fiscal_year(request)
    if year is None:
        messages.warning(request, _("There is no fiscal year yet. Start one first."))
        return redirect("form1")
    raw = request.GET.get("agency", "")
    agency = get_agency_for_reader(request, raw) if raw else None
    data = excel_forms.export_form1(year, request.user.agency.province, agency, form1_table(year, agency))
    suffix = f"-agency-{agency.pk}" if agency else ""
    return documents.response(data, f"form-1{suffix}-{year.year}.xlsx")


@member_required
def sufficiency_export(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_issue_for_user(request, pk)
    analysis = SufficiencyAnalysis.objects.filter(issue=issue).first()
    return documents.response(excel_forms.export_sufficiency(issue, analysis), _name(issue, "sufficiency"))


@member_required
def knowledge_vision_export(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_issue_for_user(request, pk)
    ties = kv_ties(issue)
    data = excel_forms.export_knowledge_vision(issue, ties["plan"], ties["kpis"], ties["items"])
    return documents.response(data, _name(issue, "knowledge-vision"))
