"""Worksheets 2 and 4: the scoring matrices, scored cell by cell (htmx) or as a whole form."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.forms import parse_id
from core.permissions import member_required
from worksheets import matrix as scoring
from worksheets.access import can_edit_worksheets, get_issue_for_user, get_worksheet_issue_for_editor
from worksheets.models import KnowledgeItem, Kpi, ScoringCriterion

TITLES = {
    scoring.KPI: gettext_lazy("Worksheet 2"),
    scoring.KNOWLEDGE: gettext_lazy("Worksheet 4"),
}
SUBTITLES = {
    scoring.KPI: gettext_lazy(
        "Selection of performance-agreement KPIs to define the knowledge needed for KM"
    ),
    scoring.KNOWLEDGE: gettext_lazy("Screening and selection of the necessary knowledge"),
}
INVALID_SCORE = gettext_lazy("A score is 5 (high), 3 (medium) or 1 (low); nothing else.")


def _worksheet(worksheet: int) -> int:
    if worksheet not in scoring.SHEETS:
        raise Http404
    return worksheet


def _context(request: HttpRequest, matrix: scoring.Matrix, **extra) -> dict:
    return {
        "issue": matrix.issue,
        "matrix": matrix,
        "title": TITLES[matrix.worksheet],
        "subtitle": SUBTITLES[matrix.worksheet],
        "can_edit": can_edit_worksheets(request.user, matrix.issue),
        "scores": scoring.SCORES,
        # Reversed once here rather than four times in each of the matrix's cells.
        "cell_url": reverse("matrix-cell", args=[matrix.issue.pk, matrix.worksheet]),
        "choose_url": reverse("matrix-choose", args=[matrix.issue.pk, matrix.worksheet]),
        **extra,
    }


def _cells_from(post) -> dict[tuple[int, int], int | None]:
    """``cell-<criterion>-<column>`` fields of the whole-matrix form."""
    cells = {}
    for name, raw in post.items():
        if not name.startswith("cell-"):
            continue
        try:
            _prefix, criterion, column = name.split("-")
            cells[(int(criterion), int(column))] = scoring.parse_score(raw)
        except ValueError as error:
            raise scoring.InvalidScore(raw) from error
    return cells


def _choose(matrix: scoring.Matrix, chosen_ids: set[int]) -> None:
    for col in matrix.columns:
        wanted = col.obj.pk in chosen_ids
        if col.obj.chosen != wanted:
            col.obj.chosen = wanted
            col.obj.save(update_fields=["chosen"])


@member_required
def matrix_page(request: HttpRequest, pk: int, worksheet: int) -> HttpResponse:
    """GET shows the matrix; POST saves the whole form (cells and choices) in one transaction."""
    worksheet = _worksheet(worksheet)
    if request.method == "POST":
        issue = get_worksheet_issue_for_editor(request, pk)
        try:
            cells = _cells_from(request.POST)
            with transaction.atomic():
                matrix = scoring.save_matrix(
                    issue, worksheet, cells, request.POST.get("fingerprint", ""), user=request.user
                )
                _choose(matrix, {parse_id(v) for v in request.POST.getlist("chosen")} - {None})
        except scoring.StaleMatrix:
            matrix = scoring.load(issue, worksheet)
            message = _(
                "Someone else changed this worksheet after you opened it, so nothing was saved. "
                "The table now shows the current scores: check them and save again."
            )
            return render(
                request, "worksheets/matrix.html", _context(request, matrix, error=message), status=409
            )
        except scoring.InvalidScore:
            matrix = scoring.load(issue, worksheet)
            return render(
                request, "worksheets/matrix.html", _context(request, matrix, error=INVALID_SCORE), status=422
            )
        messages.success(request, _("%(title)s saved.") % {"title": TITLES[worksheet]})
        return redirect("matrix", pk=issue.pk, worksheet=worksheet)
    issue = get_issue_for_user(request, pk)
    return render(request, "worksheets/matrix.html", _context(request, scoring.load(issue, worksheet)))


@require_POST
@member_required
def matrix_cell(request: HttpRequest, pk: int, worksheet: int) -> HttpResponse:
    """htmx: score one cell; answer with the cell, and the totals, ranks and fingerprint out of band."""
    worksheet = _worksheet(worksheet)
    issue = get_worksheet_issue_for_editor(request, pk)
    criterion_id, column_id = parse_id(request.POST.get("criterion")), parse_id(request.POST.get("column"))
    if criterion_id is None or column_id is None:
        raise Http404
    error = None
    try:
        matrix = scoring.save_cell(
            issue, worksheet, criterion_id, column_id, request.POST.get("value"), request.POST.get("seen")
        )
    except scoring.InvalidScore:
        matrix, error = scoring.load(issue, worksheet), INVALID_SCORE
    except scoring.CellConflict as conflict:
        matrix = scoring.load(issue, worksheet)
        error = _("Someone else has just scored this cell %(value)s. Your score was not saved.") % {
            "value": conflict.current if conflict.current is not None else "–"
        }
    except LookupError as missing:
        raise Http404 from missing
    column = next(col for col in matrix.columns if col.obj.pk == column_id)
    criterion = next(c for c in matrix.criteria if c.pk == criterion_id)
    context = _context(
        request, matrix, col=column, criterion=criterion, value=column.scores.get(criterion_id), error=error
    )
    return render(request, "worksheets/_matrix_cell_response.html", context)


@require_POST
@member_required
def matrix_choose(request: HttpRequest, pk: int, worksheet: int) -> HttpResponse:
    """htmx: take one KPI (or knowledge item) on to the next worksheet, or take it back."""
    worksheet = _worksheet(worksheet)
    issue = get_worksheet_issue_for_editor(request, pk)
    model = Kpi if worksheet == scoring.KPI else KnowledgeItem
    lookup = {"issue": issue} if worksheet == scoring.KPI else {"process__kpi__issue": issue}
    column_id = parse_id(request.POST.get("column"))
    if column_id is None:
        raise Http404
    obj = get_object_or_404(model, pk=column_id, **lookup)
    obj.chosen = "chosen" in request.POST  # a ticked box sends its value, an unticked one nothing
    obj.save(update_fields=["chosen"])
    return HttpResponse(status=204)


class CriterionForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Criterion"), max_length=300)


@require_POST
@member_required
def criterion_add(request: HttpRequest, pk: int, worksheet: int) -> HttpResponse:
    """The team's own criterion (อื่น ๆ — set by the organisation's context), added last."""
    worksheet = _worksheet(worksheet)
    issue = get_worksheet_issue_for_editor(request, pk)
    form = CriterionForm(request.POST)
    if form.is_valid():
        with transaction.atomic():
            last = ScoringCriterion.objects.filter(issue=issue, worksheet=worksheet).aggregate(
                m=Max("order")
            )["m"]
            ScoringCriterion.objects.create(
                issue=issue, worksheet=worksheet, text=form.cleaned_data["text"], order=(last or 0) + 1
            )
        messages.success(request, _("Criterion added."))
    else:
        messages.error(request, _("Write the criterion (at most 300 characters)."))
    return redirect("matrix", pk=issue.pk, worksheet=worksheet)


def _criterion(request: HttpRequest, pk: int, worksheet: int, criterion_pk: int) -> ScoringCriterion:
    issue = get_worksheet_issue_for_editor(request, pk)
    return get_object_or_404(ScoringCriterion, pk=criterion_pk, issue=issue, worksheet=_worksheet(worksheet))


@require_POST
@member_required
def criterion_move(request: HttpRequest, pk: int, worksheet: int, criterion_pk: int) -> HttpResponse:
    """Swap a criterion with the one above (``direction=up``) or below it."""
    criterion = _criterion(request, pk, worksheet, criterion_pk)
    siblings = ScoringCriterion.objects.filter(issue=criterion.issue, worksheet=criterion.worksheet)
    if request.POST.get("direction") == "up":
        other = siblings.filter(order__lt=criterion.order).order_by("-order").first()
    else:
        other = siblings.filter(order__gt=criterion.order).order_by("order").first()
    if other:
        with transaction.atomic():
            # The order is unique per matrix: park one row out of the way while swapping.
            mine, theirs = criterion.order, other.order
            top = siblings.aggregate(m=Max("order"))["m"]
            criterion.order = top + 1
            criterion.save(update_fields=["order"])
            other.order = mine
            other.save(update_fields=["order"])
            criterion.order = theirs
            criterion.save(update_fields=["order"])
    return redirect("matrix", pk=criterion.issue_id, worksheet=criterion.worksheet)


@require_POST
@member_required
def criterion_delete(request: HttpRequest, pk: int, worksheet: int, criterion_pk: int) -> HttpResponse:
    """Remove one of the team's own criteria (and its scores); the seed's criteria stay."""
    criterion = _criterion(request, pk, worksheet, criterion_pk)
    if criterion.is_default:
        messages.error(request, _("The criteria of the founding document cannot be removed."))
    else:
        criterion.delete()
        messages.success(request, _("Criterion removed."))
    return redirect("matrix", pk=criterion.issue_id, worksheet=criterion.worksheet)
