"""แบบฟอร์มที่ 1 (the necessary knowledge of each strategic issue), the sufficiency-economy form
and the Knowledge Vision (KV) of a strategic issue."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib import messages
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core import years
from core.access import get_agency_for_reader
from core.models import Agency, FiscalYear
from core.permissions import member_required
from core.thai import thai_order
from worksheets.access import can_edit_worksheets, get_issue_for_user, get_worksheet_issue_for_editor
from worksheets.forms_documents import KnowledgeVisionForm, SufficiencyForm
from worksheets.models import KnowledgeItem, Kpi, StrategicIssue, SufficiencyAnalysis

# --- Form 1 ------------------------------------------------------------------------------------


@dataclass
class Form1Row:
    """One line of the table; ``kpi`` is set on the first line of a KPI (it spans ``kpi_rows``)."""

    kpi: Kpi | None = None
    kpi_rows: int = 1
    item: KnowledgeItem | None = None
    item_number: int = 0


@dataclass
class Form1Issue:
    """A strategic issue and its lines; the issue and goal cells span all of them."""

    issue: StrategicIssue
    rows: list[Form1Row] = field(default_factory=list)


def _names_agency(model, agency: Agency, *relations: str) -> Exists:
    """True when ``agency`` is in one of the many-to-many ``relations`` of the row."""
    condition = Q()
    for relation in relations:
        condition |= Q(**{relation: agency})
    return Exists(model.objects.filter(condition, pk=OuterRef("pk")))


def form1_table(fiscal_year: FiscalYear, agency: Agency | None = None) -> list[Form1Issue]:
    """Strategic issue → goal → KPI chosen in worksheet 2 → knowledge chosen in worksheet 4.

    With ``agency``: the KPIs that name it (responsible or involved) with all their knowledge, and
    the knowledge that names it (responsible, involved or holder) under other KPIs. Three queries
    whatever the size of the year.
    """
    kpis = Kpi.objects.filter(chosen=True).order_by("number")
    items = (
        KnowledgeItem.objects.filter(
            chosen=True, process__kpi__chosen=True, process__kpi__issue__fiscal_year=fiscal_year
        )
        .annotate(kpi_pk=F("process__kpi_id"))
        .order_by("process__order", "process_id", "order", "pk")
    )
    if agency is not None:
        kpis = kpis.annotate(
            for_agency=_names_agency(Kpi, agency, "responsible_agencies", "involved_agencies")
        )
        items = items.annotate(
            for_agency=_names_agency(
                KnowledgeItem, agency, "responsible_agencies", "involved_agencies", "holder_agencies"
            )
        )
    issues = (
        StrategicIssue.objects.filter(fiscal_year=fiscal_year)
        .order_by("number")
        .prefetch_related(Prefetch("kpis", queryset=kpis, to_attr="chosen_kpis"))
    )
    items_of = defaultdict(list)
    for item in items:
        items_of[item.kpi_pk].append(item)

    table = []
    for issue in issues:
        block = Form1Issue(issue)
        for kpi in issue.chosen_kpis:
            kpi_items = items_of[kpi.pk]
            if agency is not None and not kpi.for_agency:
                kpi_items = [item for item in kpi_items if item.for_agency]
                if not kpi_items:
                    continue
            rows = [Form1Row(item=item, item_number=n) for n, item in enumerate(kpi_items, 1)] or [Form1Row()]
            rows[0].kpi, rows[0].kpi_rows = kpi, len(rows)
            block.rows += rows
        if block.rows or agency is None:
            table.append(block)
    return table


def form1_agencies(fiscal_year: FiscalYear, selected: Agency | None):
    """The agencies Form 1 of the year names, for the agency select, in Thai order."""
    kpi_links = (Kpi.responsible_agencies.through, Kpi.involved_agencies.through)
    item_links = (
        KnowledgeItem.responsible_agencies.through,
        KnowledgeItem.involved_agencies.through,
        KnowledgeItem.holder_agencies.through,
    )
    named = Q(pk=selected.pk) if selected else Q()
    for link in kpi_links:
        rows = link.objects.filter(kpi__chosen=True, kpi__issue__fiscal_year=fiscal_year)
        named |= Q(pk__in=rows.values("agency_id"))
    for link in item_links:
        rows = link.objects.filter(
            knowledgeitem__chosen=True,
            knowledgeitem__process__kpi__chosen=True,
            knowledgeitem__process__kpi__issue__fiscal_year=fiscal_year,
        )
        named |= Q(pk__in=rows.values("agency_id"))
    return Agency.objects.filter(named, province_id=fiscal_year.province_id).order_by(thai_order("name"))


@member_required
def form1(request: HttpRequest) -> HttpResponse:
    year = years.selected_fiscal_year(request)
    raw = request.GET.get("agency", "")
    agency = get_agency_for_reader(request, raw) if raw else None
    return render(
        request,
        "worksheets/form1.html",
        {
            "fiscal_year": year,
            "agency": agency,
            "province": request.user.agency.province,
            "table": form1_table(year, agency) if year else [],
            "agencies": form1_agencies(year, agency) if year else [],
        },
    )


# --- The sufficiency-economy form ---------------------------------------------------------------


def _analysis_of(issue: StrategicIssue) -> SufficiencyAnalysis | None:
    return SufficiencyAnalysis.objects.filter(issue=issue).first()


@member_required
def sufficiency(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_issue_for_user(request, pk)
    return render(
        request,
        "worksheets/sufficiency.html",
        {
            "issue": issue,
            "analysis": _analysis_of(issue),
            "can_edit": can_edit_worksheets(request.user, issue),
            "sheet_number": "se",
        },
    )


@member_required
def sufficiency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_worksheet_issue_for_editor(request, pk)
    analysis = _analysis_of(issue) or SufficiencyAnalysis(issue=issue)
    form = SufficiencyForm(request.POST if request.method == "POST" else None, instance=analysis)
    if form.is_bound and form.is_valid():
        try:
            form.save()  # also the first save: someone else's first save is never replaced unseen
        except SufficiencyForm.Stale:
            pass  # the form shows the text saved meanwhile beside the person's own
        else:
            messages.success(
                request,
                _("The sufficiency-economy form of strategic issue %(number)s was saved.")
                % {"number": issue.number},
            )
            return redirect("sufficiency", pk=issue.pk)
    return render(
        request, "worksheets/sufficiency_form.html", {"issue": issue, "form": form, "sheet_number": "se"}
    )


# --- The Knowledge Vision --------------------------------------------------------------------


def kv_ties(issue: StrategicIssue) -> dict:
    """What the KV must tie together (seed 2.1): the chosen knowledge, the KPIs and goal of the
    issue, and the mission and vision of the province's plan for the issue's fiscal year."""
    return {
        "plan": issue.fiscal_year.plan(),
        "kpis": issue.kpis.filter(chosen=True).order_by("number"),
        "items": KnowledgeItem.objects.filter(
            chosen=True, process__kpi__issue=issue, process__kpi__chosen=True
        )
        .select_related("process__kpi")
        .order_by("process__kpi__number", "process__order", "process_id", "order", "pk"),
    }


@member_required
def knowledge_vision(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_issue_for_user(request, pk)
    return render(
        request,
        "worksheets/knowledge_vision.html",
        {
            "issue": issue,
            "can_edit": can_edit_worksheets(request.user, issue),
            "sheet_number": "kv",
            **kv_ties(issue),
        },
    )


@member_required
def knowledge_vision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_worksheet_issue_for_editor(request, pk)
    form = KnowledgeVisionForm(request.POST if request.method == "POST" else None, instance=issue)
    if form.is_bound and form.is_valid():
        try:
            form.save()  # only the KV: a KM officer may be editing the issue's title at the same time
        except KnowledgeVisionForm.Stale:
            pass  # the form shows the KV saved meanwhile beside the person's own
        else:
            messages.success(
                request,
                _("The Knowledge Vision of strategic issue %(number)s was saved.") % {"number": issue.number},
            )
            return redirect("knowledge-vision", pk=issue.pk)
    return render(
        request,
        "worksheets/knowledge_vision_form.html",
        {"issue": issue, "form": form, "sheet_number": "kv", **kv_ties(issue)},
    )
