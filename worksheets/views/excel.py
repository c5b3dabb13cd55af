from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core import years
from core.documents import excel as documents
from core.permissions import allowed, can_edit_strategy, member_required, refuse_if_closed
from worksheets import excel


def _year_or_redirect(request: HttpRequest):
    year = years.selected_fiscal_year(request)
    if year is None:
        messages.warning(request, _("There is no fiscal year yet. Start one first."))
    return year


@member_required
def kpi_export(request: HttpRequest) -> HttpResponse:
    year = _year_or_redirect(request)
    if year is None:
        return redirect("worksheet1")
    return documents.response(excel.export_kpis(year), f"worksheet1-kpis-{year.year}.xlsx")


@allowed(can_edit_strategy)
def kpi_template(request: HttpRequest) -> HttpResponse:
    year = _year_or_redirect(request)
    if year is None:
        return redirect("worksheet1")
    return documents.response(excel.template(year), f"worksheet1-template-{year.year}.xlsx")


@allowed(can_edit_strategy)
def kpi_import(request: HttpRequest) -> HttpResponse:
    year = _year_or_redirect(request)
    if year is None:
        return redirect("worksheet1")
    refuse_if_closed(year)
    form = documents.UploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = excel.import_kpis(year, form.cleaned_data["file"].read())
        except documents.ImportFailed as failure:
            errors = failure.errors
        else:
            messages.success(
                request,
                _("Import finished: %(created)s KPIs added, %(updated)s updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("worksheet1")
    status = 422 if errors else 200
    return render(
        request,
        "worksheets/kpi_import.html",
        {"form": form, "errors": errors, "fiscal_year": year, "max_rows": excel.MAX_KPI_ROWS},
        status=status,
    )
