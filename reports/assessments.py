"""The KPI assessment (แบบประเมินตัวชี้วัดตามกรอบ ก.พ.ร.): a chosen KPI's result at the end of its
fiscal year against its target, met or not, with evidence; summarised per strategic issue and for
the province. Who may read and enter it is ``reports.access``'s to say; the result itself is saved
by ``reports.forms_assessment.KpiAssessmentForm`` (guarded against saves made meanwhile), which
locks the KPI with ``lock_kpi`` as the evidence does here.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.documents.uploads import EVIDENCE_KINDS, CheckedUpload, check_upload, store_new
from core.models import User
from core.permissions import refuse_if_closed
from reports import access
from reports.models import KpiAssessment, KpiEvidence, KpiVerdict
from worksheets.models import Kpi, StrategicIssue

MAX_KPI_EVIDENCE = 20  # files on one KPI's assessment


def lock_kpi(kpi_id: int, user: User) -> Kpi:
    """Lock the KPI (saves of its assessment and evidence wait for each other) and check, as it is
    now, that ``user`` may enter its assessment: 403 saying why otherwise."""
    locked = (
        Kpi.objects.select_for_update(of=("self",))
        .select_related("issue__fiscal_year")
        .prefetch_related("responsible_agencies")
        .get(pk=kpi_id)
    )
    refuse_if_closed(locked.issue.fiscal_year)
    if not access.can_assess(user, locked):
        raise PermissionDenied
    access.refuse_unless_assessment_open(locked.issue.fiscal_year)
    return locked


def add_evidence(assessment: KpiAssessment, upload, user: User) -> KpiEvidence:
    """Attach a file to a KPI's assessment (checked by content like every upload);
    ``ValidationError`` for a bad file or too many files."""
    checked = upload if isinstance(upload, CheckedUpload) else check_upload(upload, EVIDENCE_KINDS)

    def may_take_it() -> None:
        lock_kpi(assessment.kpi_id, user)
        if assessment.evidence.count() >= MAX_KPI_EVIDENCE:
            raise ValidationError(
                _("A KPI's assessment holds at most %(count)d evidence files.") % {"count": MAX_KPI_EVIDENCE}
            )

    return store_new(KpiEvidence(assessment=assessment), checked, user, may_take_it)


@transaction.atomic
def remove_evidence(evidence: KpiEvidence, user: User) -> None:
    """Take a file off a KPI's assessment (its file leaves the storage once that is committed)."""
    lock_kpi(evidence.assessment.kpi_id, user)
    evidence._history_user = user
    evidence.delete()


# --- The summary ----------------------------------------------------------------------------------


@dataclass
class Tally:
    """How many KPIs met their target, did not, and are not assessed yet."""

    met: int = 0
    not_met: int = 0
    not_assessed: int = 0

    @property
    def total(self) -> int:
        return self.met + self.not_met + self.not_assessed

    def count(self, assessment: KpiAssessment | None) -> None:
        if assessment is None:
            self.not_assessed += 1
        elif assessment.verdict == KpiVerdict.MET:
            self.met += 1
        else:
            self.not_met += 1


@dataclass
class IssueGroup:
    issue: StrategicIssue
    kpis: list[Kpi] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)


def assessment_of(kpi: Kpi) -> KpiAssessment | None:
    """The KPI's assessment, or None (``kpi.assessment`` raises when there is none)."""
    try:
        return kpi.assessment
    except KpiAssessment.DoesNotExist:
        return None


def grouped(kpis) -> tuple[list[IssueGroup], Tally]:
    """The KPIs (each with ``kpi.assessed``, its assessment or None) by strategic issue in the
    issues' order, each issue with its tally, and the tally of them all."""
    groups: dict[int, IssueGroup] = {}
    whole = Tally()
    for kpi in kpis:
        kpi.assessed = assessment_of(kpi)
        group = groups.setdefault(kpi.issue_id, IssueGroup(kpi.issue))
        group.kpis.append(kpi)
        group.tally.count(kpi.assessed)
        whole.count(kpi.assessed)
    return sorted(groups.values(), key=lambda g: g.issue.number), whole
