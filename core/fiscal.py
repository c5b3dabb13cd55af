"""Thai fiscal years (ปีงบประมาณ): October to September, numbered in the Buddhist Era.

Fiscal year 2569 runs from 1 Oct 2025 to 30 Sep 2026; its progress is evaluated after
6 months (31 Mar), 9 months (30 Jun) and 12 months (30 Sep).
"""

import datetime

BE_OFFSET = 543
ROUNDS = (6, 9, 12)
# The Buddhist-Era years a person may enter for a fiscal year or a plan period.
FIRST_YEAR, LAST_YEAR = 2500, 2700


def to_be(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def to_ce(be_year: int) -> int:
    return be_year - BE_OFFSET


def fiscal_year_of(day: datetime.date) -> int:
    """The Buddhist-Era fiscal year that contains ``day``."""
    ce = day.year + 1 if day.month >= 10 else day.year
    return to_be(ce)


def start(be_year: int) -> datetime.date:
    return datetime.date(to_ce(be_year) - 1, 10, 1)


def end(be_year: int) -> datetime.date:
    return datetime.date(to_ce(be_year), 9, 30)


def round_end(be_year: int, months: int) -> datetime.date:
    """The last day covered by the 6-, 9- or 12-month evaluation round."""
    ends = {6: (3, 31), 9: (6, 30), 12: (9, 30)}
    if months not in ends:
        raise ValueError(f"No evaluation round of {months} months; rounds are {ROUNDS}.")
    month, day = ends[months]
    return datetime.date(to_ce(be_year), month, day)


def round_ends(be_year: int) -> dict[int, datetime.date]:
    return {months: round_end(be_year, months) for months in ROUNDS}
