from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import BuddhistYearField, IdChoiceField, ModelForm
from core.models import Agency, FiscalYear, Province, ProvincialPlan
from core.thai import thai_order
from worksheets.models import Kpi, StrategicIssue, kpi_code


class FiscalYearForm(forms.Form):
    year = BuddhistYearField(
        label=_("Fiscal year (B.E.)"),
        help_text=_("A fiscal year runs from 1 October to 30 September; 2570 starts on 1 Oct 2569."),
    )
    copy_from = IdChoiceField(
        label=_("Copy strategic issues, goals, KPIs and scoring criteria from"),
        queryset=FiscalYear.objects.none(),
        required=False,
        empty_label=_("— start empty —"),
    )

    def __init__(self, *args, province: Province, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province
        years = FiscalYear.objects.filter(province=province)
        self.fields["copy_from"].queryset = years
        latest = years.first()
        if latest and not self.is_bound:
            self.initial.setdefault("year", latest.year + 1)
            self.initial.setdefault("copy_from", latest.pk)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if FiscalYear.objects.filter(province=self.province, year=year).exists():
            raise forms.ValidationError(_("Fiscal year %(year)s already exists.") % {"year": year})
        return year


class PlanForm(ModelForm):
    class Meta:
        model = ProvincialPlan
        fields = ["first_year", "last_year", "vision", "mission"]
        field_classes = {"first_year": BuddhistYearField, "last_year": BuddhistYearField}
        widgets = {"vision": forms.Textarea(attrs={"rows": 3}), "mission": forms.Textarea(attrs={"rows": 5})}

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first is None or last is None:
            return cleaned
        plans = ProvincialPlan.objects.filter(province=self.instance.province).exclude(pk=self.instance.pk)
        overlapping = plans.filter(first_year__lte=last, last_year__gte=first).first()
        if last < first:
            self.add_error("last_year", _("The last year must not come before the first year."))
        elif plans.filter(first_year=first).exists():
            # The database's plan_unique_start, said in the form (the form has no province field,
            # so Django does not check that constraint itself).
            self.add_error("first_year", _("A plan starting in %(year)s already exists.") % {"year": first})
        elif overlapping:
            self.add_error("first_year", _("This period overlaps the plan %(plan)s.") % {"plan": overlapping})
        return cleaned


NUMBER_MAX = 32767  # issue and KPI numbers are small integers in PostgreSQL


def limit_range(field: forms.Field, low, high) -> None:
    """Give a number field the range a database constraint sets (``issue_number_positive``,
    ``kpi_number_positive``, ``kpi_weight_percent``), so the form says it in its own words where
    the database would answer only "constraint violated"."""
    field.min_value, field.max_value = low, high
    field.validators = [
        v for v in field.validators if not isinstance(v, MinValueValidator | MaxValueValidator)
    ] + [MinValueValidator(low), MaxValueValidator(high)]
    field.widget.attrs.update(min=low, max=high)


class IssueForm(ModelForm):
    class Meta:
        model = StrategicIssue
        fields = ["number", "title", "goal"]
        widgets = {"goal": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, fiscal_year: FiscalYear, **kwargs):
        super().__init__(*args, **kwargs)
        self.fiscal_year = fiscal_year
        limit_range(self.fields["number"], 1, NUMBER_MAX)
        self.fields["number"].error_messages.update(
            dict.fromkeys(
                ("min_value", "max_value"), _("Enter the strategic issue number, a whole number from 1.")
            )
        )
        if not self.instance.pk and not self.is_bound:
            last = fiscal_year.strategic_issues.order_by("-number").first()
            self.initial["number"] = (last.number + 1) if last else 1

    def clean_number(self):
        number = self.cleaned_data["number"]
        clash = StrategicIssue.objects.filter(fiscal_year=self.fiscal_year, number=number)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("Strategic issue %(number)s already exists in fiscal year %(year)s.")
                % {"number": number, "year": self.fiscal_year.year}
            )
        return number


def province_agencies(issue: StrategicIssue, keep=None):
    """The active agencies of the issue's province in Thai order, and the agencies ``keep`` (a
    queryset of agency pks) names: an agency made inactive later stays on the rows that name it."""
    wanted = Q(is_active=True) if keep is None else Q(is_active=True) | Q(pk__in=keep)
    return Agency.objects.filter(wanted, province_id=issue.fiscal_year.province_id).order_by(
        thai_order("name")
    )


class ResponsibleOrInvolvedMixin:
    """An agency is responsible for a KPI or knowledge, or involved in it; not both."""

    def clean(self):
        cleaned = super().clean()
        both = set(cleaned.get("responsible_agencies") or []) & set(cleaned.get("involved_agencies") or [])
        if both:
            self.add_error(
                "involved_agencies",
                _("An agency is either responsible or involved, not both: %(names)s.")
                % {"names": ", ".join(a.name for a in both)},
            )
        return cleaned


_KPI_NUMBER = _("Enter the KPI number, a whole number from 1.")
_WEIGHT = _("Enter the weight as a number from 0 to 100, with at most two decimals.")
_LENGTH = _("At most %(limit_value)d characters; this has %(show_value)d.")


class KpiForm(ResponsibleOrInvolvedMixin, ModelForm):
    """A KPI of worksheet 1, on the screen and for each row of an Excel import (``excel.py``)."""

    class Meta:
        model = Kpi
        fields = [
            "number", "name", "unit", "target", "weight",
            "responsible_agencies", "involved_agencies", "remark",
        ]  # fmt: skip
        widgets = {
            "name": forms.Textarea(attrs={"rows": 2}),
            "remark": forms.Textarea(attrs={"rows": 2}),
            "responsible_agencies": forms.CheckboxSelectMultiple,
            "involved_agencies": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "number": dict.fromkeys(("required", "invalid", "min_value", "max_value"), _KPI_NUMBER),
            "weight": dict.fromkeys(
                ("invalid", "min_value", "max_value", "max_digits", "max_decimal_places", "max_whole_digits"),
                _WEIGHT,
            ),
            **{name: {"max_length": _LENGTH} for name in ("name", "unit", "target")},
        }

    def __init__(self, *args, issue: StrategicIssue, **kwargs):
        super().__init__(*args, **kwargs)
        self.issue = issue
        # The database's own limits, said in the form's words (the constraints kpi_number_positive
        # and kpi_weight_percent would answer only "constraint violated").
        for name, low, high in (("number", 1, NUMBER_MAX), ("weight", 0, 100)):
            limit_range(self.fields[name], low, high)
        self.offer_agencies()
        if not self.instance.pk and not self.is_bound:
            last = issue.kpis.order_by("-number").first()
            self.initial["number"] = (last.number + 1) if last else 1

    def offer_agencies(self) -> None:
        """Offer the province's active agencies, and those the KPI names now (active or not)."""
        keep = None
        if self.instance.pk:
            named = Q(responsible_kpis=self.instance) | Q(involved_kpis=self.instance)
            keep = Agency.objects.filter(named).values("pk")
        for name in ("responsible_agencies", "involved_agencies"):
            self.fields[name].queryset = province_agencies(self.issue, keep)

    def clean_number(self):
        number = self.cleaned_data["number"]
        clash = Kpi.objects.filter(issue=self.issue, number=number)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("KPI %(code)s already exists.") % {"code": kpi_code(self.issue.number, number)}
            )
        return number

    def save(self, commit=True):
        self.instance.issue = self.issue
        return super().save(commit)
