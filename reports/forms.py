"""The forms of the progress reports: the due dates of a fiscal year's three rounds, as the provincial KM
team sets them; a report's answers (one form per activity and one for the report, saved whole) and
its evidence files."""

import datetime

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from actionplans.models import Activity
from core.documents import uploads
from core.forms import GuardedModelForm, ThaiDateField
from core.thai import format_date
from reports.models import KpiVerdict, Round
from reports.services import ROW_FIELDS


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


# The most a writer types in one box of a report: a few pages, well past what a row of the printed
# form holds, and short of what would make the PDF run on for pages.
MAX_TEXT = 4000
MAX_CANCEL_REASON = 500


def _text(label, help_text="", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=MAX_TEXT, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "class": "form-control form-control-sm"}),
    )  # fmt: skip


class ReportRowForm(forms.Form):
    """One activity's answers in a report; its prefix names the row (``row-<pk>``)."""

    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    cancel_reason = forms.CharField(
        label=gettext_lazy("Reason for cancelling"), required=False, max_length=MAX_CANCEL_REASON,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )  # fmt: skip
    done = _text(gettext_lazy("What was done"))
    result = _text(gettext_lazy("Result against the indicator and target"))
    problems = _text(gettext_lazy("Problems met"), rows=2)
    solutions = _text(gettext_lazy("How they were solved"), rows=2)

    def __init__(self, *args, row, **kwargs):
        kwargs.setdefault("prefix", f"row-{row.pk}")
        super().__init__(*args, **kwargs)
        self.row = row
        self.fields["cancel_reason"].help_text = gettext(
            "Required when the activity is cancelled (up to %(count)d characters)."
        ) % {"count": MAX_CANCEL_REASON}
        self.fields["status"].choices = [("", gettext("— not reported yet —")), *Activity.Status.choices]
        self.fields["status"].widget.attrs["class"] = "form-select form-select-sm"

    def clean(self):
        data = super().clean()
        if data.get("status") == Activity.Status.CANCELLED and not (data.get("cancel_reason") or "").strip():
            self.add_error("cancel_reason", gettext("The activity is cancelled: say why."))
        return data

    def typed(self) -> dict:
        return {f: self.cleaned_data.get(f) or "" for f in ROW_FIELDS}


class ReportFieldsForm(forms.Form):
    """The report's own answers: the plan's KPI against its target."""

    kpi_result = _text(gettext_lazy("KPI result against its target"))
    kpi_verdict = forms.ChoiceField(
        label=gettext_lazy("Target met"),
        required=False,
        help_text=gettext_lazy("Leave empty while it cannot be told yet."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "report")
        super().__init__(*args, **kwargs)
        self.fields["kpi_result"].help_text = gettext(
            "What the plan's KPI reached by the end of the round, against the target (up to %(count)d "
            "characters)."
        ) % {"count": MAX_TEXT}
        self.fields["kpi_verdict"].choices = [("", gettext("Not assessed yet")), *KpiVerdict.choices]
        self.fields["kpi_verdict"].widget.attrs["class"] = "form-select"


class EvidenceForm(forms.Form):
    """A file backing the report, for one of its activities or the report as a whole."""

    file = uploads.UploadField(
        kinds=uploads.EVIDENCE_KINDS,
        label=gettext_lazy("Evidence file"),
        error_messages={"empty": gettext_lazy("The file is empty: choose the document itself.")},
    )
    row = forms.TypedChoiceField(
        label=gettext_lazy("For the activity"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, rows, **kwargs):
        kwargs.setdefault("prefix", "evidence")
        super().__init__(*args, **kwargs)
        self.rows = {row.pk: row for row in rows}
        self.fields["file"].help_text = uploads.help_text(uploads.EVIDENCE_KINDS)
        self.fields["row"].choices = [("", gettext("The report as a whole"))] + [
            (row.pk, f"{number}. {Truncator(row.activity.name).chars(80)}")
            for number, row in enumerate(rows, start=1)
        ]
        self.fields["row"].widget.attrs["class"] = "form-select"

    def clean_row(self):
        value = self.cleaned_data.get("row")
        return self.rows.get(value) if value else None
