"""Totals and ranks of a scoring matrix (worksheets 2 and 4): the one rule, in one place."""

from collections.abc import Iterable, Sequence

SCORES = (5, 3, 1)  # มาก, ปานกลาง, น้อย


def column_total(scores: Iterable[int | None]) -> int | None:
    """The sum of a column, or None while any of its cells is still blank."""
    total = 0
    for score in scores:
        if score is None:
            return None
        total += score
    return total


def rank(totals: Sequence[int | None]) -> list[int | None]:
    """Competition ranks, highest total first: totals 15, 12, 12, 9 rank 1, 2, 2, 4.

    A column not yet fully scored (total None) has no rank, and does not push others down.
    """
    complete = [t for t in totals if t is not None]
    return [None if t is None else 1 + sum(1 for other in complete if other > t) for t in totals]
