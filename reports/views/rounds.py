"""The report rounds of the selected fiscal year: what each covers, when it opens, when its reports
are due and how many plans report in it. Everyone of the province reads it; the provincial KM team
sets the due dates."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import closing, years
from core.permissions import is_km_team, is_open_year, member_required, refuse_if_closed
from reports import rounds as service
from reports.access import sees_every_report
from reports.forms import DueDatesForm
from reports.models import Round, RoundDocument

NOT_OPEN, OPEN, PAST_DUE = "not-open", "open", "past-due"
STATES = {
    NOT_OPEN: gettext_lazy("Not open yet"),
    OPEN: gettext_lazy("Open for reports"),
    PAST_DUE: gettext_lazy("Past its due date"),
}


@dataclass
class Row:
    round: Round
    state: str
    plans: int
    document: RoundDocument | None = None  # the newest PDF of the whole round

    @property
    def state_label(self) -> str:
        return STATES[self.state]


def _rows(rounds: list[Round], with_documents: bool) -> list[Row]:
    today = timezone.localdate()
    counts = service.plan_counts(rounds)
    documents = {}
    if with_documents:
        for document in RoundDocument.objects.filter(round__in=[r for r in rounds if r.pk]).order_by(
            "requested_at", "pk"
        ):
            documents[document.round_id] = document  # the newest wins
    rows = []
    for current in rounds:
        state = PAST_DUE if current.is_past_due(today) else OPEN if current.is_open(today) else NOT_OPEN
        rows.append(Row(current, state, counts[current.months], documents.get(current.pk)))
    return rows


@member_required
def round_list(request: HttpRequest) -> HttpResponse:
    year = years.selected_fiscal_year(request)
    can_edit = is_km_team(request.user)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    if year is None:
        return render(request, "reports/round_list.html", {"fiscal_year": None})
    if request.method == "POST":
        refuse_if_closed(year)
    rounds = service.rounds_of(year)
    sets_dates = can_edit and is_open_year(year)
    form = DueDatesForm(request.POST or None, rounds=rounds) if sets_dates else None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            count = service.set_due_dates(year, form.wanted(), form.seen(), request.user)
        except service.StaleDueDates as stale:
            form.stale(stale.rounds, stale.changed)
            rounds, status = stale.rounds, 409
        else:
            messages.success(
                request,
                ngettext("%(count)s due date saved.", "%(count)s due dates saved.", count) % {"count": count}
                if count
                else _("Nothing changed."),
            )
            return redirect("report-rounds")
    prints_rounds = sees_every_report(request.user)
    can_close = can_edit and is_open_year(year) and closing.may_close(year)
    context = {
        "fiscal_year": year,
        "rows": _rows(rounds, prints_rounds),
        "prints_rounds": prints_rounds,
        "form": form,
        # Closing after the 12-month round, reopening to correct a mistake: the KM team.
        "can_close": can_close,
        # Told, not blocked: an agency that never reports must not keep the province's year open.
        "not_accepted": service.not_accepted(rounds[-1]) if can_close else [],
        "can_reopen": can_edit and not is_open_year(year),
    }
    return render(request, "reports/round_list.html", context, status=status)
