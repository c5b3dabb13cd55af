from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.permissions import allowed, can_edit_strategy
from worksheets.access import get_editable_issue_for_user, get_editable_kpi_for_user
from worksheets.forms import KpiForm
from worksheets.views.deleting import delete_or_explain


def _back_to(issue) -> str:
    return f"{reverse('worksheet1')}#issue-{issue.pk}"


@allowed(can_edit_strategy)
def kpi_create(request: HttpRequest, issue_pk: int) -> HttpResponse:
    issue = get_editable_issue_for_user(request, issue_pk)
    form = KpiForm(request.POST or None, issue=issue)
    if request.method == "POST" and form.is_valid():
        kpi = form.save()
        messages.success(request, _("KPI %(code)s added.") % {"code": kpi.code})
        return redirect(_back_to(issue))
    return render(request, "worksheets/kpi_form.html", {"form": form, "issue": issue})


@allowed(can_edit_strategy)
def kpi_edit(request: HttpRequest, pk: int) -> HttpResponse:
    kpi = get_editable_kpi_for_user(request, pk)
    form = KpiForm(request.POST or None, instance=kpi, issue=kpi.issue)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("KPI %(code)s saved.") % {"code": kpi.code})
        return redirect(_back_to(kpi.issue))
    return render(request, "worksheets/kpi_form.html", {"form": form, "issue": kpi.issue, "kpi": kpi})


@allowed(can_edit_strategy)
def kpi_delete(request: HttpRequest, pk: int) -> HttpResponse:
    kpi = get_editable_kpi_for_user(request, pk)
    if request.method == "POST":
        if delete_or_explain(request, kpi, kpi.delete):
            messages.success(request, _("KPI %(code)s deleted.") % {"code": kpi.code})
        return redirect(_back_to(kpi.issue))
    return render(
        request, "worksheets/confirm_delete.html", {"object": kpi, "cancel_url": _back_to(kpi.issue)}
    )
