"""Finalising a strategic issue's worksheets 2–4, and reopening them with a recorded reason.

An issue is finalised once worksheets 2–4 are complete and its sufficiency-economy form and KV
are filled in (``problems_before_finalising`` says what is missing). A finalised issue is
read-only until reopened (``access.refuse_if_finalised``); KM Action Plans may be opened only for
knowledge chosen in a finalised worksheet 4 (``knowledge_for_action_plans``). Both moves are kept in the issue's
history with who, when and (for a reopening) why.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from core.notify import in_recipients_language, notify
from worksheets import matrix as scoring
from worksheets.access import named_agencies
from worksheets.models import KnowledgeItem, StrategicIssue, SufficiencyAnalysis


class NotReady(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def problems_before_finalising(issue: StrategicIssue) -> list[str]:
    """What still keeps worksheets 2–4 from being finalised, in words for the KM team."""
    problems = []
    kpis = scoring.load(issue, scoring.KPI)
    if not kpis.complete:
        problems.append(_("Worksheet 2 is not fully scored."))
    if not any(col.obj.chosen for col in kpis.columns):
        problems.append(_("No KPI is chosen in worksheet 2."))
    knowledge = scoring.load(issue, scoring.KNOWLEDGE)
    if not knowledge.columns:
        problems.append(_("Worksheet 3 defines no knowledge."))
    elif not knowledge.complete:
        problems.append(_("Worksheet 4 is not fully scored."))
    if knowledge.columns and not any(col.obj.chosen for col in knowledge.columns):
        problems.append(_("No knowledge is chosen in worksheet 4."))
    # They are finalised with the worksheets, so they must be there to be finalised.
    analysis = SufficiencyAnalysis.objects.filter(issue=issue).first()
    if analysis is None:
        problems.append(_("The sufficiency-economy form is not filled in."))
    elif missing := analysis.missing_parts():
        problems.append(_("The sufficiency-economy form lacks: %(parts)s.") % {"parts": ", ".join(missing)})
    if not issue.knowledge_vision.strip():
        problems.append(_("The Knowledge Vision (KV) is not written."))
    return problems


def users_to_tell(issue: StrategicIssue):
    """The people of the agencies that worksheets 1 and 3 of the issue name."""
    return User.objects.filter(agency__in=named_agencies(issue), is_active=True)


@transaction.atomic
def finalise(issue: StrategicIssue, user: User) -> int:
    """Freeze worksheets 2–4 and tell the agencies named in them; return how many were told."""
    issue = StrategicIssue.objects.select_for_update().get(pk=issue.pk)
    if issue.finalised_at:
        return 0
    problems = problems_before_finalising(issue)
    if problems:
        raise NotReady(problems)
    issue.finalised_at = timezone.now()
    issue.finalised_by = user
    with in_recipients_language():  # the history is the province's record: in its language
        issue._change_reason = _("Worksheets 2–4 finalised")
    issue.save(update_fields=["finalised_at", "finalised_by"])
    with in_recipients_language():
        text = _(
            "Worksheets 2–4 of strategic issue %(number)s %(title)s (fiscal year %(year)s) are finalised: "
            "your agency is named in them."
        ) % {"number": issue.number, "title": issue.title, "year": issue.fiscal_year.year}
    url = reverse("issue-detail", args=[issue.pk])
    people = list(users_to_tell(issue))
    transaction.on_commit(lambda: notify(people, text, url))
    return len(people)


@transaction.atomic
def reopen(issue: StrategicIssue, user: User, reason: str) -> None:
    """Open a finalised issue for changes again; the reason is kept in its history."""
    reason = reason.strip()
    if not reason:
        raise ValueError("a reason is required")
    issue = StrategicIssue.objects.select_for_update().get(pk=issue.pk)
    issue.finalised_at = None
    issue.finalised_by = None
    with in_recipients_language():
        issue._change_reason = _("Reopened by %(name)s: %(reason)s") % {"name": user, "reason": reason}
    issue.save(update_fields=["finalised_at", "finalised_by"])


def knowledge_for_action_plans(fiscal_year):
    """Knowledge that KM Action Plans may be made for: chosen in a finalised worksheet 4."""
    return KnowledgeItem.objects.filter(
        chosen=True,
        process__kpi__chosen=True,
        process__kpi__issue__fiscal_year=fiscal_year,
        process__kpi__issue__finalised_at__isnull=False,
    )
