"""The due dates of a fiscal year's three report rounds, as the provincial KM team sets them."""

import datetime

from django import forms
from django.utils.translation import gettext as _

from core.forms import GuardedModelForm, ThaiDateField
from core.thai import format_date
from reports.models import Round


def _iso(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


class DueDatesForm(forms.Form):
    """One Thai date per round, after the round's end and no later than the next fiscal year's end.

    Each date carries the one the page showed (``seen_<months>``), so a save made after someone
    else's is refused and shows theirs beside the person's own (``stale``), as every guarded form does.
    """

    def __init__(self, *args, rounds: list[Round], **kwargs):
        super().__init__(*args, **kwargs)
        self.rounds = rounds
        self.stale_values: list[tuple[str, str]] = []
        for current in rounds:
            self.fields[f"due_{current.months}"] = ThaiDateField(
                label=_("Reports of the %(round)s due on") % {"round": current.get_months_display()},
                initial=current.due_on,
                help_text=_(
                    "The round covers %(start)s – %(end)s; its reports can be written from %(opens)s."
                )
                % {
                    "start": format_date(current.starts_on),
                    "end": format_date(current.ends_on),
                    "opens": format_date(current.opens_on),
                },
            )
            self.fields[f"seen_{current.months}"] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=current.due_on.isoformat()
            )

    def clean(self):
        cleaned = super().clean()
        for current in self.rounds:
            name = f"due_{current.months}"
            due = cleaned.get(name)
            if due is None:
                continue
            if due <= current.ends_on:
                self.add_error(
                    name,
                    _("The reports can be due only after the round ends on %(end)s.")
                    % {"end": format_date(current.ends_on)},
                )
            elif due > current.latest_due_on():
                self.add_error(
                    name,
                    _("The date is too far ahead: choose a date up to %(last)s.")
                    % {"last": format_date(current.latest_due_on())},
                )
        return cleaned

    def wanted(self) -> dict[int, datetime.date]:
        return {r.months: self.cleaned_data[f"due_{r.months}"] for r in self.rounds}

    def seen(self) -> dict[int, datetime.date | None]:
        return {r.months: _iso(self.data.get(self.add_prefix(f"seen_{r.months}"))) for r in self.rounds}

    def stale(self, rounds: list[Round], changed: list[Round]) -> None:
        """Someone else saved first: keep the person's dates, show the saved ones beside them, and
        let a second save replace them knowingly."""
        self.rounds = rounds
        self.data = self.data.copy()
        for current in rounds:
            self.data[self.add_prefix(f"seen_{current.months}")] = current.due_on.isoformat()
        self.stale_values = [
            (str(self.fields[f"due_{r.months}"].label), format_date(r.due_on)) for r in changed
        ]
        self.add_error(None, forms.ValidationError(GuardedModelForm.stale_message, code="stale"))
