"""The 13 steps a KM activity may serve: the OPDC's 7-step KM process and the 6-step change
process (DOMAIN.md). Form 2 asks for activities that follow both; a plan shows which steps its
activities cover and which they miss (``coverage``).

The codes are what the database keeps (``Activity.steps``): never renumber them.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

KM_PROCESS = _("the 7-step KM process")
CHANGE_PROCESS = _("the 6-step change process")

# (code, Thai name as DOMAIN.md gives it); translated for the English UI.
KM_STEPS = (
    ("km1", _("Knowledge identification")),
    ("km2", _("Knowledge creation and acquisition")),
    ("km3", _("Knowledge organisation")),
    ("km4", _("Knowledge codification and refinement")),
    ("km5", _("Knowledge access")),
    ("km6", _("Knowledge sharing")),
    ("km7", _("Learning")),
)
CHANGE_STEPS = (
    ("ch1", _("Transition and behaviour management")),
    ("ch2", _("Communication")),
    ("ch3", _("Process and tools")),
    ("ch4", _("Learning (change process)")),
    ("ch5", _("Measurement")),
    ("ch6", _("Recognition and reward")),
)
ALL_STEPS = KM_STEPS + CHANGE_STEPS
CODES = tuple(code for code, _name in ALL_STEPS)
NAMES = dict(ALL_STEPS)


def number(code: str) -> str:
    """``7.3`` for step 3 of the KM process, ``6.2`` for step 2 of the change process."""
    return f"{7 if code.startswith('km') else 6}.{code[2:]}"


def labels(codes) -> list[tuple[str, str]]:
    """``[("7.1", name), ...]`` for the codes an activity keeps, in step order."""
    return [(number(code), name) for code, name in ALL_STEPS if code in codes]


def choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a form: each process with its steps, numbered."""
    return [
        (KM_PROCESS, [(code, f"{number(code)} {name}") for code, name in KM_STEPS]),
        (CHANGE_PROCESS, [(code, f"{number(code)} {name}") for code, name in CHANGE_STEPS]),
    ]


@dataclass(frozen=True)
class Coverage:
    covered: list[tuple[str, str]]
    missing: list[tuple[str, str]]

    @property
    def complete(self) -> bool:
        return not self.missing


def coverage(activities) -> Coverage:
    """Which of the 13 steps the activities serve, and which none of them does, in step order."""
    served = {code for activity in activities for code in activity.steps}
    covered = [(number(code), name) for code, name in ALL_STEPS if code in served]
    missing = [(number(code), name) for code, name in ALL_STEPS if code not in served]
    return Coverage(covered, missing)
