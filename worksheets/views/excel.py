from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import years
from core.permissions import allowed, can_edit_strategy, member_required
from worksheets import excel


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an Excel file ending in .xlsx."))
        if upload.size > excel.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
    return _xlsx(excel.export_kpis(year), f"worksheet1-kpis-{year.year}.xlsx")


@allowed(can_edit_strategy)
def kpi_template(request: HttpRequest) -> HttpResponse:
    year = _year_or_redirect(request)
    if year is None:
        return redirect("worksheet1")
    return _xlsx(excel.template(year), f"worksheet1-template-{year.year}.xlsx")


@allowed(can_edit_strategy)
def kpi_import(request: HttpRequest) -> HttpResponse:
    year = _year_or_redirect(request)
    if year is None:
        return redirect("worksheet1")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = excel.import_kpis(year, form.cleaned_data["file"].read())
        except excel.ImportFailed as failure:
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
