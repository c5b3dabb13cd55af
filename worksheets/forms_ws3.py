"""Forms of worksheet 3: a work process, and a knowledge item with the people who hold it."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.forms import ModelForm
from core.models import Agency
from worksheets.forms import ResponsibleOrInvolvedMixin, province_agencies
from worksheets.models import KnowledgeHolder, KnowledgeItem, StrategicIssue, WorkProcess

TOO_LONG = _("At most %(limit_value)d characters, please (this has %(show_value)d).")
AGENCY_FIELDS = ("responsible_agencies", "involved_agencies", "holder_agencies")


class WorkProcessForm(ModelForm):
    class Meta:
        model = WorkProcess
        fields = ["name"]
        widgets = {"name": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "name": {"required": _("Write the name of the work process."), "max_length": TOO_LONG}
        }


class KnowledgeItemForm(ResponsibleOrInvolvedMixin, ModelForm):
    kind = forms.ChoiceField(
        label=_("kind of knowledge"),
        choices=KnowledgeItem.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of knowledge: explicit or tacit.")},
    )

    class Meta:
        model = KnowledgeItem
        fields = ["name", "kind", "source", *AGENCY_FIELDS]
        labels = {"name": _("Necessary knowledge")}
        widgets = {
            "name": forms.Textarea(attrs={"rows": 2}),
            **{name: forms.CheckboxSelectMultiple for name in AGENCY_FIELDS},
        }
        error_messages = {
            "name": {"required": _("Write the name of the knowledge."), "max_length": TOO_LONG},
            "source": {"max_length": TOO_LONG},
        }

    def __init__(self, *args, issue: StrategicIssue, **kwargs):
        super().__init__(*args, **kwargs)
        keep = None
        if self.instance.pk:
            item = self.instance
            named = Q(responsible_knowledge=item) | Q(involved_knowledge=item) | Q(held_knowledge=item)
            keep = Agency.objects.filter(named).values("pk")
        for name in AGENCY_FIELDS:
            self.fields[name].queryset = province_agencies(issue, keep)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "name",
            Row(Column("kind", css_class="col-md-6"), Column("source", css_class="col-md-6")),
            Row(*(Column(name, css_class="col-lg-4") for name in AGENCY_FIELDS)),
        )


class HolderForm(ModelForm):
    """One person who holds the knowledge: a row of the holders table."""

    class Meta:
        model = KnowledgeHolder
        fields = ["name", "position", "agency"]
        error_messages = {
            "name": {
                "required": _("Write the full name of the person who holds the knowledge."),
                "max_length": TOO_LONG,
            },
            "position": {"max_length": TOO_LONG},
        }

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].empty_label = _("— not stated —")


class BaseHolderFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, issue: StrategicIssue, **kwargs):
        item = kwargs["instance"]
        keep = item.holders.exclude(agency=None).values("agency") if item.pk else None
        super().__init__(*args, form_kwargs={"agencies": province_agencies(issue, keep)}, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.template = "worksheets/_holders_formset.html"

    def rows(self) -> list[dict]:
        """The item's people after the change, for ``services.save_knowledge_item``: rows
        marked for deletion and blank new rows left out."""
        rows = []
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            data = form.cleaned_data
            rows.append(
                {
                    "pk": form.instance.pk,
                    "name": data["name"],
                    "position": data.get("position", ""),
                    "agency": data.get("agency"),
                }
            )
        return rows


HOLDERS_PREFIX = "holders"


def holder_formset_class(extra: int):
    return inlineformset_factory(
        KnowledgeItem,
        KnowledgeHolder,
        form=HolderForm,
        formset=BaseHolderFormSet,
        fields=["name", "position", "agency"],
        extra=extra,
        can_delete=True,
    )
