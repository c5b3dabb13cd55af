"""What the sufficiency-economy form and the Knowledge Vision print as, whatever the format
(``worksheets/excel_forms.py``, ``templates/documents/sufficiency.html`` and
``knowledge_vision.html``): their labels and texts in the page's order, so a PDF and a workbook of
the same form show the same rows. Nothing here queries: the views read the data as their pages do.
"""

from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from worksheets.excel_matrix import issue_line
from worksheets.models import StrategicIssue, SufficiencyAnalysis


def sufficiency_title() -> str:
    return _("Form for applying the philosophy of sufficiency economy to defining the necessary knowledge")


def sufficiency_subtitle(issue: StrategicIssue) -> str:
    return _("in strategic issue %(number)s %(title)s") % {"number": issue.number, "title": issue.title}


@dataclass
class Part:
    """One box of the form: its label, what is written in it, and the field it comes from."""

    label: str
    text: str
    field: str


def sufficiency_blocks(analysis: SufficiencyAnalysis | None) -> list[list[Part]]:
    """The form as the seed draws it: the three rings in a row, the two conditions below them,
    then the scope of KM across the page; empty texts where nothing is written yet."""
    analysis = analysis or SufficiencyAnalysis()

    def part(label: str, field: str) -> Part:
        return Part(label, getattr(analysis, field), field)

    return [
        [
            part(_("Moderation"), "moderation"),
            part(_("Reasonableness"), "reasonableness"),
            part(_("Self-immunity"), "immunity"),
        ],
        [
            part(_("Knowledge condition"), "knowledge_condition"),
            part(_("Morality condition"), "morality_condition"),
        ],
        [part(_("The necessary components, or the scope of KM, are:"), "km_scope")],
    ]


def kv_tie_rows(issue: StrategicIssue, plan, kpis, items) -> list[tuple[str, str]]:
    """What the KV ties together (``kv_ties``), as (label, text) rows in the page's order: the
    province's vision and mission, the issue, its goal, the KPIs chosen in worksheet 2 and the
    knowledge chosen in worksheet 4, one per line."""
    year = issue.fiscal_year.year
    rows = [
        (
            _("Vision of the province"),
            plan.vision if plan else _("No provincial plan covers fiscal year %(year)s.") % {"year": year},
        )
    ]
    if plan and plan.mission:
        rows.append((_("Mission"), plan.mission))
    rows += [
        (capfirst(_("strategic issue")), issue_line(issue)),
        (_("Goal"), issue.goal),
        (
            f"{_('KPI')} ({_('Chosen in worksheet 2')})",
            "\n".join(f"{kpi.code} {kpi.name}" for kpi in kpis) or _("No KPI chosen yet"),
        ),
        (
            f"{_('Necessary knowledge')} ({_('Chosen in worksheet 4')})",
            "\n".join(f"{item.name} ({_('KPI')} {item.process.kpi.code})" for item in items)
            or _("No knowledge chosen yet"),
        ),
    ]
    return rows
