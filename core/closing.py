"""Closing a fiscal year after its 12-month round, and reopening it to correct a mistake.

A closed year's data stays readable, printable and exportable; every "can edit" helper asks
``core.permissions.is_open_year`` and refuses. ``FiscalYear.history`` keeps each close and reopen
(who and when).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from core import fiscal
from core.models import FiscalYear, User


def may_close(year: FiscalYear, today: datetime.date | None = None) -> bool:
    """Once the 12-month round has ended."""
    return (today or timezone.localdate()) > fiscal.round_end(year.year, 12)


class TooEarly(Exception):
    pass


def close(year: FiscalYear, by: User) -> bool:
    """Close the year; False if it was closed already (two officers at once make one close)."""
    with transaction.atomic():
        locked = FiscalYear.objects.select_for_update().get(pk=year.pk)
        if locked.closed_at is not None:
            return False
        if not may_close(locked):
            raise TooEarly
        locked.closed_at, locked.closed_by = timezone.now(), by
        locked._history_user = by
        locked.save(update_fields=["closed_at", "closed_by"])
    return True


def reopen(year: FiscalYear, by: User) -> bool:
    """Open a closed year for changes again; False if it was open."""
    with transaction.atomic():
        locked = FiscalYear.objects.select_for_update().get(pk=year.pk)
        if locked.closed_at is None:
            return False
        locked.closed_at, locked.closed_by = None, None
        locked._history_user = by
        locked.save(update_fields=["closed_at", "closed_by"])
    return True
