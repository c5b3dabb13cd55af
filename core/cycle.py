"""The yearly KM cycle as the seed lays it out (section 1.2): six steps, each with its forms and
objectives, grouped in the three stages of section 1.1. Pages use it as help text."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Stage:
    PREPARATION = "preparation"
    OPERATION = "operation"
    EVALUATION = "evaluation"


STAGE_LABELS = {
    Stage.PREPARATION: _("Preparation"),
    Stage.OPERATION: _("Operation"),
    Stage.EVALUATION: _("Evaluation"),
}


# What each stage holds (seed section 1.1).
STAGE_ITEMS = {
    Stage.PREPARATION: (
        _("Summary of the KPIs of the performance agreement (worksheet 1)"),
        _("Selection of the KPIs of the performance agreement (worksheet 2)"),
        _("KM teams (worksheets 5 and 6)"),
        _("Definition of the important and necessary knowledge (worksheet 3)"),
        _("Screening and selection of the necessary knowledge (worksheet 4)"),
        _("Form 1"),
        _("Form 2"),
    ),
    Stage.OPERATION: (
        _("Appoint the KM teams: of the province, of each strategic issue and of each agency involved"),
        _(
            "Build basic KM knowledge for the agencies' executives, the provincial and strategic-issue KM teams and the agencies' project managers"
        ),
        _(
            "Train knowledge-sharing skills: KM team, facilitators (คุณอำนวย), practitioners (คุณกิจ), note takers (คุณลิขิต), IT staff (คุณวิศาสตร์)"
        ),
    ),
    Stage.EVALUATION: (
        _("Three rounds: 6, 9 and 12 months"),
        _("Report form following the KM Action Plan"),
        _("KPI assessment under the OPDC framework"),
    ),
}


@dataclass(frozen=True)
class Step:
    number: int
    stage: str
    activity: Promise
    forms: tuple[Promise, ...]
    objectives: tuple[Promise, ...]

    def forms_of(self, province) -> list[str]:
        """The forms' names as the province reads them (worksheet 1 names the province)."""
        return [str(form) % {"province": province.name} for form in self.forms]


STEPS = (
    Step(
        1,
        Stage.PREPARATION,
        _(
            "Review the strategic issues, the province's performance indicators and the KPIs of the performance agreement"
        ),
        (
            _(
                "Worksheet 1: summary of the performance-agreement KPIs grouped by the strategic issues of %(province)s province"
            ),
        ),
        (
            _("To verify the performance-agreement KPIs of each strategic issue"),
            _("To name the agencies responsible for and involved in each KPI"),
        ),
    ),
    Step(
        2,
        Stage.PREPARATION,
        _("Choose the strategic issue and the performance-agreement KPIs"),
        (_("Worksheet 2: selection of performance-agreement KPIs to define the knowledge needed for KM"),),
        (
            _(
                "To rank the KPIs by how important and necessary they are to reaching the goals of the strategic issue"
            ),
            _("To obtain the important KPIs from which to define the processes and the knowledge to manage"),
        ),
    ),
    Step(
        3,
        Stage.PREPARATION,
        _("Appoint the KM teams: of each strategic issue and of each agency"),
        (
            _("Worksheet 5: KM team of the strategic issue"),
            _("Worksheet 6: KM team of the agency or organisation"),
        ),
        (_("To have committees responsible for KM of each strategic issue and of each agency"),),
    ),
    Step(
        4,
        Stage.PREPARATION,
        _("Define the important and necessary knowledge; screen and select it"),
        (
            _("Worksheet 3: defining the knowledge needed for KM"),
            _("Worksheet 4: screening and selecting the necessary knowledge"),
            _(
                "Form 1: classification of the knowledge needed to drive the strategic issues of the agency or province"
            ),
        ),
        (
            _("To define the work processes and the knowledge to manage"),
            _("To name the agencies responsible for and involved in the important knowledge"),
            _("To rank the knowledge by how much it helps the KPIs reach their targets"),
            _("To obtain the important knowledge for the KM Action Plan"),
        ),
    ),
    Step(
        5,
        Stage.PREPARATION,
        _("Make the KM Action Plan"),
        (_("Form 2: KM Action Plan"),),
        (_("To set the KM activities of the KM Action Plan"),),
    ),
    Step(
        6,
        Stage.EVALUATION,
        _("Evaluate the work against the KM Action Plan"),
        (_("Report on KM work supporting the goals of the strategic issues"),),
        (_("To have a system for reporting progress and for following and evaluating KM"),),
    ),
)
