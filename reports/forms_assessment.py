"""Forms of the KPI assessment: the result, value and verdict, guarded against a save made by
someone else meanwhile, and an evidence file."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.documents import uploads
from core.forms import GuardedModelForm
from core.models import User
from reports import assessments
from reports.models import KpiAssessment


class KpiAssessmentForm(GuardedModelForm):
    """What the KPI reached against its target, the figure when it has one, and met or not."""

    class Meta:
        model = KpiAssessment
        fields = ["result", "value", "verdict"]
        widgets = {
            "result": forms.Textarea(attrs={"rows": 4}),
            "verdict": forms.RadioSelect,
        }
        error_messages = {
            "result": {"required": _("Write what the KPI reached against its target.")},
            "verdict": {"required": _("Choose whether the KPI met its target.")},
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["verdict"].choices = [c for c in self.fields["verdict"].choices if c[0]]
        unit = self.instance.kpi.unit
        if unit:
            self.fields["value"].label = _("Value reached (%(unit)s)") % {"unit": unit}

    def lock(self) -> None:
        """The assessment may not exist yet: lock its KPI, which may still be assessed once locked."""
        assessments.lock_kpi(self.instance.kpi_id, self.user)

    def saved_row(self) -> KpiAssessment | None:
        return KpiAssessment.objects.filter(kpi_id=self.instance.kpi_id).first()

    def write(self) -> None:
        """The result, with who entered it and when (the history keeps every earlier one)."""
        self.instance.entered_by = self.user
        self.instance.entered_at = timezone.now()
        self.instance._history_user = self.user
        if self.instance._state.adding:
            self.instance.save()
        else:
            self.instance.save(update_fields=[*self._guarded, "entered_by", "entered_at"])


class KpiEvidenceForm(forms.Form):
    file = uploads.UploadField(kinds=uploads.EVIDENCE_KINDS, label=_("Evidence file"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "evidence")
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = uploads.help_text(uploads.EVIDENCE_KINDS)
