"""Forms of the KM Action Plan pages: opening a plan, its activity table (one formset saved whole),
a workflow move, a comment and the signed scan."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from actionplans import steps
from actionplans.models import PlanComment
from actionplans.services import MAX_ACTIVITIES, month_choices
from core.documents import uploads
from core.forms import ModelForm, parse_id
from core.thai import format_month


class OpenPlanForm(forms.Form):
    """Which plan to open: a knowledge item for one of the user's agencies, or for the province."""

    plan = forms.ChoiceField(label=_("Necessary knowledge (K)"))

    def __init__(self, *args, pairs, agency_names: dict, province_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.pairs = {f"{item.pk}-{agency or 0}": (item, agency) for item, agency in pairs}
        choices = []
        for key, (item, agency) in self.pairs.items():
            kpi = item.process.kpi
            owner = (
                agency_names[agency]
                if agency
                else _("%(province)s Province (plan of the strategic issue)") % {"province": province_name}
            )
            choices.append((key, f"{kpi.code} {item.name} — {owner}"))
        self.fields["plan"].choices = choices

    def clean_plan(self):
        return self.pairs[self.cleaned_data["plan"]]


class MonthField(forms.TypedChoiceField):
    """A month of the plan's fiscal year, October to September, shown as ``ต.ค. 2568``."""

    def __init__(self, *, fiscal_year, **kwargs):
        months = month_choices(fiscal_year)
        super().__init__(
            choices=[("", "—")] + [(m.strftime("%Y-%m"), format_month(m)) for m in months],
            coerce=lambda raw: datetime.date.fromisoformat(f"{raw}-01"),
            empty_value=None,
            error_messages={"invalid_choice": _("Choose a month of the plan's fiscal year.")},
            **kwargs,
        )

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m")
        return value


SHORT_TEXT = forms.Textarea(attrs={"rows": 2})


class ActivityForm(forms.Form):
    """One row of Form 2. ``id`` names the activity it changes; an unknown id makes a new row."""

    id = forms.CharField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("KM activity"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    indicator = forms.CharField(label=_("Indicator"), max_length=300, required=False, widget=SHORT_TEXT)
    target = forms.CharField(
        label=pgettext_lazy("Form 2", "Target"), max_length=300, required=False, widget=SHORT_TEXT
    )
    target_group = forms.CharField(label=_("Target group"), max_length=300, required=False, widget=SHORT_TEXT)
    responsible = forms.CharField(label=_("Responsible"), max_length=300, required=False, widget=SHORT_TEXT)
    remark = forms.CharField(label=_("Remark"), max_length=500, required=False, widget=SHORT_TEXT)
    steps = forms.MultipleChoiceField(
        label=_("Steps it serves"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, fiscal_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_month"] = MonthField(fiscal_year=fiscal_year, label=_("From"))
        self.fields["end_month"] = MonthField(fiscal_year=fiscal_year, label=_("To"))
        self.fields["steps"].choices = steps.choices()
        self.order_fields(["id", "name", "start_month", "end_month"])
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-sm"
            elif isinstance(field.widget, (forms.TextInput, forms.Textarea)):
                field.widget.attrs["class"] = "form-control form-control-sm"
            elif name == "steps":
                field.widget.attrs["class"] = "form-check-input"

    def clean_id(self):
        return parse_id(self.cleaned_data.get("id"))

    def clean(self):
        data = super().clean()
        first, last = data.get("start_month"), data.get("end_month")
        if first and last and last < first:
            self.add_error("end_month", _("The period ends before it starts."))
        return data


class BaseActivityFormSet(forms.BaseFormSet):
    def __init__(self, *args, fiscal_year, **kwargs):
        self.fiscal_year = fiscal_year
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].widget.attrs["class"] = "form-control form-control-sm"

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "fiscal_year": self.fiscal_year}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            fiscal_year=self.fiscal_year,
        )
        self.add_fields(form, None)
        return form

    def rows(self) -> list[dict]:
        """The rows to keep, in the order the person gave them."""
        return [
            {k: v for k, v in form.cleaned_data.items() if k not in ("ORDER", "DELETE")}
            for form in self.ordered_forms
        ]


ActivityFormSet = forms.formset_factory(
    ActivityForm,
    formset=BaseActivityFormSet,
    extra=1,
    can_order=True,
    can_delete=True,
    max_num=MAX_ACTIVITIES,
    validate_max=True,
    absolute_max=MAX_ACTIVITIES + 20,
)


class ActForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CommentForm(ModelForm):
    class Meta:
        model = PlanComment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ScanForm(forms.Form):
    file = uploads.UploadField(label=_("Signed scan of the approved plan"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "scan")
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = uploads.help_text()
