"""Worksheets 2 and 4: the scoring matrices, scored cell by cell (htmx) or as a whole form."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from core.forms import parse_id
from core.permissions import member_required
from worksheets import matrix as scoring
from worksheets.access import (
    can_edit_worksheets,
    get_criterion_for_editor,
    get_issue_for_user,
    get_worksheet_issue_for_editor,
)

INVALID_SCORE = gettext_lazy("A score is 5 (high), 3 (medium) or 1 (low); nothing else.")


def _worksheet(worksheet: int) -> int:
    if worksheet not in scoring.SHEETS:
        raise Http404
    return worksheet


def matrix_context(request: HttpRequest, matrix: scoring.Matrix, **extra) -> dict:
    return {
        "issue": matrix.issue,
        "matrix": matrix,
        "title": scoring.TITLES[matrix.worksheet],
        "subtitle": scoring.SUBTITLES[matrix.worksheet],
        "can_edit": can_edit_worksheets(request.user, matrix.issue),
        "scores": scoring.SCORES,
        # Reversed once here rather than four times in each of the matrix's cells.
        "cell_url": reverse("matrix-cell", args=[matrix.issue.pk, matrix.worksheet]),
        "choose_url": reverse("matrix-choose", args=[matrix.issue.pk, matrix.worksheet]),
        **extra,
    }


def _whole_form(post) -> tuple[dict[tuple[int, int], int | None], set[int], scoring.Seen]:
    """The whole-matrix form: ``cell-<criterion>-<column>`` and ``chosen`` fields, and what the
    page showed: ``seen-<criterion>-<column>``, ``seen-chosen-<column>`` and ``fingerprint``."""
    cells, seen_cells, seen_chosen = {}, {}, {}
    try:
        for name, raw in post.items():
            parts = name.split("-")
            if parts[:2] == ["seen", "chosen"] and len(parts) == 3:
                seen_chosen[int(parts[2])] = raw == "1"
            elif parts[0] in ("cell", "seen") and len(parts) == 3:
                target = cells if parts[0] == "cell" else seen_cells
                target[(int(parts[1]), int(parts[2]))] = scoring.parse_score(raw)
        chosen = {int(v) for v in post.getlist("chosen")}
    except ValueError as error:
        raise scoring.InvalidScore(str(error)) from error
    return cells, chosen, scoring.Seen(post.get("fingerprint", ""), seen_cells, seen_chosen)


def _describe(matrix: scoring.Matrix, change: scoring.Change) -> str:
    """One change someone else made, in the words of the sheet: "criterion 2 × KPI 1.3 is now 5"."""
    column = matrix.column_label(change.column)
    if change.criterion is None:
        if change.value:
            return _("%(column)s is now chosen") % {"column": column}
        return _("%(column)s is no longer chosen") % {"column": column}
    names = {"criterion": matrix.criteria.index(change.criterion) + 1, "column": column}
    if change.value is None:
        return _("criterion %(criterion)s × %(column)s is now blank") % names
    return _("criterion %(criterion)s × %(column)s is now %(value)s") % {**names, "value": change.value}


LISTED_CHANGES = 10  # a message names at most this many changes, then counts the rest


def listed_changes(stale: scoring.StaleMatrix) -> str:
    """The changes someone else made, at most ``LISTED_CHANGES`` of them named, the rest counted."""
    listed = [_describe(stale.matrix, change) for change in stale.changes[:LISTED_CHANGES]]
    rest = len(stale.changes) - len(listed)
    if rest:
        listed.append(
            ngettext("and %(count)s more change", "and %(count)s more changes", rest) % {"count": rest}
        )
    return "; ".join(listed)


def _stale_message(stale: scoring.StaleMatrix) -> str:
    if not stale.changes:
        return _(
            "Someone else changed this worksheet after you opened it, so nothing was saved. "
            "The table now shows the current scores: check them and save again."
        )
    return _(
        "Someone else changed this worksheet after you opened it, so nothing was saved: %(changes)s. "
        "The table now shows the current scores and choices with those changes marked: "
        "check them and save again."
    ) % {"changes": listed_changes(stale)}


@member_required
def matrix_page(request: HttpRequest, pk: int, worksheet: int) -> HttpResponse:
    """GET shows the matrix; POST saves the whole form (cells and choices) in one transaction."""
    worksheet = _worksheet(worksheet)
    if request.method == "POST":
        issue = get_worksheet_issue_for_editor(request, pk)
        try:
            cells, chosen, seen = _whole_form(request.POST)
            scoring.save_matrix(issue, worksheet, cells, chosen, seen, user=request.user)
        except scoring.StaleMatrix as stale:
            context = matrix_context(request, stale.matrix, error=_stale_message(stale))
            return render(request, "worksheets/matrix.html", context, status=409)
        except scoring.InvalidScore:
            matrix = scoring.load(issue, worksheet)
            return render(
                request,
                "worksheets/matrix.html",
                matrix_context(request, matrix, error=INVALID_SCORE),
                status=422,
            )
        messages.success(request, _("%(title)s saved.") % {"title": scoring.TITLES[worksheet]})
        return redirect("matrix", pk=issue.pk, worksheet=worksheet)
    issue = get_issue_for_user(request, pk)
    return render(request, "worksheets/matrix.html", matrix_context(request, scoring.load(issue, worksheet)))


@require_POST
@member_required
def matrix_cell(request: HttpRequest, pk: int, worksheet: int) -> HttpResponse:
    """htmx: score one cell; answer with the cell, and the totals, ranks and ticks out of band."""
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
    context = matrix_context(
        request, matrix, col=column, criterion=criterion, value=column.scores.get(criterion_id), error=error
    )
    return render(request, "worksheets/_matrix_cell_response.html", context)


@require_POST
@member_required
def matrix_choose(request: HttpRequest, pk: int, worksheet: int) -> HttpResponse:
    """htmx: take one KPI (or knowledge item) on to the next worksheet, or take it back.

    The request says what the page showed (``seen``: "1" ticked); a tick someone else changed
    since is refused (409). Either way the answer is the fresh foot of the table, out of band.
    """
    worksheet = _worksheet(worksheet)
    issue = get_worksheet_issue_for_editor(request, pk)
    column = parse_id(request.POST.get("column"))
    if column is None:
        raise Http404
    # The box sits in the whole-table form, whose every ticked box htmx sends along as "chosen".
    wanted = str(column) in request.POST.getlist("chosen")
    status, error = 200, None
    try:
        matrix = scoring.choose(issue, worksheet, column, wanted, request.POST.get("seen") == "1")
    except scoring.StaleMatrix as stale:
        matrix, status = stale.matrix, 409
        error = _("Someone else has just changed this choice: %(change)s. Check it and choose again.") % {
            "change": _describe(stale.matrix, stale.changes[0])
        }
    except LookupError as missing:
        raise Http404 from missing
    context = matrix_context(request, matrix, error=error)
    return render(request, "worksheets/_matrix_cell_response.html", context, status=status)


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
        scoring.add_criterion(issue, worksheet, form.cleaned_data["text"])
        messages.success(request, _("Criterion added."))
    else:
        messages.error(request, _("Write the criterion (at most 300 characters)."))
    return redirect("matrix", pk=issue.pk, worksheet=worksheet)


@require_POST
@member_required
def criterion_move(request: HttpRequest, pk: int, worksheet: int, criterion_pk: int) -> HttpResponse:
    """Swap a criterion with the one above (``direction=up``) or below it."""
    criterion = get_criterion_for_editor(request, pk, _worksheet(worksheet), criterion_pk)
    scoring.move_criterion(criterion, up=request.POST.get("direction") == "up")
    return redirect("matrix", pk=criterion.issue_id, worksheet=criterion.worksheet)


@require_POST
@member_required
def criterion_delete(request: HttpRequest, pk: int, worksheet: int, criterion_pk: int) -> HttpResponse:
    """Remove one of the team's own criteria (and its scores); the seed's criteria stay."""
    criterion = get_criterion_for_editor(request, pk, _worksheet(worksheet), criterion_pk)
    try:
        scoring.delete_criterion(criterion)
    except scoring.DefaultCriterion:
        messages.error(request, _("The criteria of the founding document cannot be removed."))
    else:
        messages.success(request, _("Criterion removed."))
    return redirect("matrix", pk=criterion.issue_id, worksheet=criterion.worksheet)
