"""Forms of the sufficiency-economy form and the Knowledge Vision of a strategic issue."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import GuardedModelForm
from worksheets.access import refuse_if_finalised
from worksheets.models import StrategicIssue, SufficiencyAnalysis

SUFFICIENCY_FIELDS = [
    "moderation", "reasonableness", "immunity", "knowledge_condition", "morality_condition", "km_scope",
]  # fmt: skip


class SufficiencyForm(GuardedModelForm):
    """The six texts of the form, in the seed's order: three rings, two conditions, the KM scope."""

    class Meta:
        model = SufficiencyAnalysis
        fields = SUFFICIENCY_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in SUFFICIENCY_FIELDS}
        help_texts = {
            "moderation": _("What is just enough for the issue: neither too little nor too much."),
            "reasonableness": _(
                "The causes and factors behind the choices, and the results expected of them."
            ),
            "immunity": _("How the work is prepared for the risks and changes that may come."),
            "knowledge_condition": _("The knowledge the work needs, and the care with which it is applied."),
            "morality_condition": _("Honesty, diligence, patience and sharing in the work."),
            "km_scope": _(
                "What follows from the above: the knowledge and the scope that KM of the issue covers."
            ),
        }

    def lock(self) -> None:
        """The row may not exist yet: lock its issue, which is still open once locked."""
        refuse_if_finalised(StrategicIssue.objects.select_for_update().get(pk=self.instance.issue_id))

    def saved_row(self) -> SufficiencyAnalysis | None:
        return SufficiencyAnalysis.objects.filter(issue_id=self.instance.issue_id).first()


class KnowledgeVisionForm(GuardedModelForm):
    """The issue's KM goal statement: required, and not blank once spaces are stripped."""

    class Meta:
        model = StrategicIssue
        fields = ["knowledge_vision"]
        widgets = {"knowledge_vision": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "knowledge_vision": {"required": _("Write the Knowledge Vision (KV) of the strategic issue.")}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["knowledge_vision"].required = True

    def lock(self) -> None:
        """The issue's row, which is still open once locked."""
        refuse_if_finalised(StrategicIssue.objects.select_for_update().get(pk=self.instance.pk))
