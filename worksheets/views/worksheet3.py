"""ใบงานที่ 3: for each KPI chosen in worksheet 2, its work processes and the knowledge they need."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.forms import bounded_int
from core.models import Agency
from core.permissions import member_required
from core.thai import thai_order
from worksheets import matrix as scoring
from worksheets import services
from worksheets.access import (
    can_edit_worksheets,
    get_issue_for_user,
    get_item_for_editor,
    get_process_for_editor,
    get_worksheet3_kpi_for_editor,
)
from worksheets.forms_ws3 import (
    HOLDERS_PREFIX,
    KnowledgeItemForm,
    WorkProcessForm,
    holder_formset_class,
)
from worksheets.models import KnowledgeHolder, KnowledgeItem, StrategicIssue, WorkProcess
from worksheets.views.deleting import delete_or_explain

NEW_HOLDER_ROWS = 3  # blank rows for people on a new knowledge item
MORE_HOLDER_ROWS = 2  # blank rows added by "more rows", and below the people of an item


def _sheet_url(issue_pk: int, anchor: str = "") -> str:
    url = reverse("worksheet3", args=[issue_pk])
    return f"{url}#{anchor}" if anchor else url


def chosen_kpis_with_knowledge(issue: StrategicIssue):
    """The issue's chosen KPIs with processes, knowledge, holders and agencies, in a fixed number
    of queries."""
    agencies = Agency.objects.order_by(thai_order("name"))
    items = KnowledgeItem.objects.order_by("order", "pk").prefetch_related(
        Prefetch("responsible_agencies", queryset=agencies),
        Prefetch("involved_agencies", queryset=agencies),
        Prefetch("holder_agencies", queryset=agencies),
        Prefetch("holders", queryset=KnowledgeHolder.objects.select_related("agency").order_by("pk")),
    )
    processes = WorkProcess.objects.order_by("order", "pk").prefetch_related(
        Prefetch("knowledge_items", queryset=items)
    )
    return (
        issue.kpis.filter(chosen=True)
        .order_by("number")
        .prefetch_related(Prefetch("processes", queryset=processes))
    )


def worksheet3_kpis(issue: StrategicIssue) -> list:
    """The chosen KPIs as worksheet 3 shows them, each knowledge item numbered (``sheet4_number``)
    as worksheet 4 numbers its columns, so the two sheets can be read together."""
    kpis = list(chosen_kpis_with_knowledge(issue))
    columns = scoring.SHEETS[scoring.KNOWLEDGE].columns(issue).values_list("pk", flat=True)
    numbers = {item_pk: number for number, item_pk in enumerate(columns, start=1)}
    for kpi in kpis:
        for process in kpi.processes.all():
            for item in process.knowledge_items.all():
                item.sheet4_number = numbers.get(item.pk)
    return kpis


@member_required
def worksheet3(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_issue_for_user(request, pk)
    context = {
        "issue": issue,
        "kpis": worksheet3_kpis(issue),
        "can_edit": can_edit_worksheets(request.user, issue),
        "sheet_number": 3,
        # Knowledge of KPIs no longer chosen is kept, but out of worksheets 3 and 4 until chosen again.
        "elsewhere": KnowledgeItem.objects.filter(
            process__kpi__issue=issue, process__kpi__chosen=False
        ).count(),
    }
    return render(request, "worksheets/worksheet3.html", context)


# --- Work processes ---------------------------------------------------------------------------


@member_required
def process_create(request: HttpRequest, pk: int) -> HttpResponse:
    kpi = get_worksheet3_kpi_for_editor(request, pk)
    form = WorkProcessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        process = services.add_work_process(kpi, form.cleaned_data["name"])
        messages.success(request, _("Work process added."))
        return redirect(_sheet_url(kpi.issue_id, f"process-{process.pk}"))
    context = {"form": form, "issue": kpi.issue, "kpi": kpi}
    return render(request, "worksheets/ws3_process_form.html", context)


@member_required
def process_edit(request: HttpRequest, pk: int) -> HttpResponse:
    process = get_process_for_editor(request, pk)
    form = WorkProcessForm(request.POST or None, instance=process)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            form.save()  # one row
        messages.success(request, _("Work process saved."))
        return redirect(_sheet_url(process.kpi.issue_id, f"process-{process.pk}"))
    context = {"form": form, "issue": process.kpi.issue, "kpi": process.kpi, "process": process}
    return render(request, "worksheets/ws3_process_form.html", context)


@member_required
def process_delete(request: HttpRequest, pk: int) -> HttpResponse:
    process = get_process_for_editor(request, pk)
    issue = process.kpi.issue
    if request.method == "POST":
        if not delete_or_explain(request, process, lambda: services.delete_work_process(process)):
            return redirect(_sheet_url(issue.pk, f"process-{process.pk}"))
        messages.success(request, _("Work process deleted."))
        return redirect(_sheet_url(issue.pk, f"kpi-{process.kpi_id}"))
    context = {
        "object": process,
        "issue": issue,
        "consequence": _count_with_it(process.knowledge_items.count()),
        "cancel_url": _sheet_url(issue.pk, f"process-{process.pk}"),
    }
    return render(request, "worksheets/confirm_delete.html", context)


# --- Knowledge items and the people who hold them -------------------------------------------


def _knowledge_page(request: HttpRequest, process: WorkProcess, item: KnowledgeItem | None) -> HttpResponse:
    """The knowledge form with its holders table: shows it, adds blank rows, or saves both."""
    issue = process.kpi.issue
    instance = item or KnowledgeItem(process=process)
    extra = MORE_HOLDER_ROWS if item else NEW_HOLDER_ROWS
    data = request.POST if request.method == "POST" else None
    more_rows = data is not None and "more_holders" in data
    if more_rows:
        # Blank rows for more people, without saving: the form comes back as the person left it
        # (with any errors it has, which the person will meet on saving anyway).
        data = data.copy()
        total = f"{HOLDERS_PREFIX}-TOTAL_FORMS"
        # Django's formsets hold at most 1,000 rows; anything else in the count is a tampered form.
        rows = bounded_int(data.get(total), 0, 1000) or 0
        data[total] = str(rows + MORE_HOLDER_ROWS)
    form = KnowledgeItemForm(data, instance=instance, issue=issue)
    formset = holder_formset_class(extra)(data, instance=instance, issue=issue, prefix=HOLDERS_PREFIX)
    if data is not None and not more_rows and form.is_valid() and formset.is_valid():
        fields = form.cleaned_data
        saved = services.save_knowledge_item(
            process,
            item=item,
            name=fields["name"],
            kind=fields["kind"],
            source=fields["source"],
            responsible_agencies=fields["responsible_agencies"],
            involved_agencies=fields["involved_agencies"],
            holder_agencies=fields["holder_agencies"],
            holders=formset.rows(),
        )
        messages.success(request, _("Knowledge saved.") if item else _("Knowledge added."))
        return redirect(_sheet_url(issue.pk, f"item-{saved.pk}"))
    context = {
        "form": form,
        "formset": formset,
        "issue": issue,
        "kpi": process.kpi,
        "process": process,
        "item": item,
    }
    return render(request, "worksheets/ws3_knowledge_form.html", context)


@member_required
def knowledge_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _knowledge_page(request, get_process_for_editor(request, pk), None)


@member_required
def knowledge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_editor(request, pk)
    return _knowledge_page(request, item.process, item)


@member_required
def knowledge_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_editor(request, pk)
    issue = item.process.kpi.issue
    if request.method == "POST":
        if not delete_or_explain(request, item, lambda: services.delete_knowledge_item(item)):
            return redirect(_sheet_url(issue.pk, f"item-{item.pk}"))
        messages.success(request, _("Knowledge deleted."))
        return redirect(_sheet_url(issue.pk, f"process-{item.process_id}"))
    context = {
        "object": item,
        "issue": issue,
        "consequence": _(
            "The people who hold this knowledge and its scores in worksheet 4 are deleted with it."
        ),
        "cancel_url": _sheet_url(issue.pk, f"item-{item.pk}"),
    }
    return render(request, "worksheets/confirm_delete.html", context)


def _count_with_it(count: int) -> str:
    if not count:
        return ""
    return ngettext(
        "Its %(counter)s knowledge item is deleted with it, with the people who hold it and its scores in worksheet 4.",
        "Its %(counter)s knowledge items are deleted with it, with the people who hold them and their scores in worksheet 4.",
        count,
    ) % {"counter": count}
