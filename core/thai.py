"""Thai text helpers: Buddhist-Era dates, Thai numerals and Thai alphabetical order."""

import datetime
import re

from django.db.backends.signals import connection_created
from django.db.models import Func

from core.fiscal import to_be, to_ce

MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
MONTHS_LONG = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip


_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def thai_digits(text: str) -> str:
    """``2569`` -> ``๒๕๖๙``: every Arabic digit of ``text`` as a Thai numeral, nothing else changed."""
    return text.translate(_THAI_DIGITS)


def format_date(day: datetime.date | None, long: bool = False) -> str:
    """``31 มี.ค. 2569`` (or ``31 มีนาคม 2569``): Thai month, Buddhist-Era year."""
    if day is None:
        return ""
    if isinstance(day, datetime.datetime):
        day = day.date()
    months = MONTHS_LONG if long else MONTHS_SHORT
    return f"{day.day} {months[day.month - 1]} {to_be(day.year)}"


def format_month(day: datetime.date | None) -> str:
    """``ต.ค. 2568``: a month of a plan's period, Buddhist-Era year."""
    if day is None:
        return ""
    return f"{MONTHS_SHORT[day.month - 1]} {to_be(day.year)}"


def format_period(first: datetime.date | None, last: datetime.date | None) -> str:
    """``ต.ค. 2568 – ธ.ค. 2568``, or one month when they are the same."""
    if first is None or last is None or (first.year, first.month) == (last.year, last.month):
        return format_month(first or last)
    return f"{format_month(first)} – {format_month(last)}"


def format_numeric_date(day: datetime.date | None) -> str:
    """``31/03/2569``: the form a person types into a date field."""
    if day is None:
        return ""
    return f"{day.day:02d}/{day.month:02d}/{to_be(day.year)}"


_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")


def parse_numeric_date(text: str) -> datetime.date:
    """Read ``31/03/2569`` (Buddhist Era) into a date; raise ValueError when it is no date.

    A Gregorian year (e.g. 2026) is refused rather than guessed, since 2026 B.E. is a real
    (if distant) year and a silent 543-year shift would corrupt a plan.
    """
    match = _NUMERIC_DATE.match(text or "")
    if not match:
        raise ValueError("format")
    day, month, be_year = (int(part) for part in match.groups())
    if be_year < 2400:
        raise ValueError("gregorian")
    return datetime.date(to_ce(be_year), month, day)


# --- Thai alphabetical order -------------------------------------------------------------
# Thai writes the vowels เ แ โ ใ ไ before the consonant they follow in speech, and the
# dictionary orders words by that consonant first. Tone marks matter only after everything
# else is equal. PostgreSQL's ICU collation "th-TH-x-icu" knows this; SQLite gets the same
# order from ``thai_sort_key`` registered as the collation "thai".
_LEADING_VOWELS = "เแโใไ"
_TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c"  # ่ ้ ๊ ๋ ์


def thai_sort_key(text: str) -> tuple[str, str]:
    chars = list(text or "")
    swapped = []
    i = 0
    while i < len(chars):
        if chars[i] in _LEADING_VOWELS and i + 1 < len(chars):
            swapped.extend([chars[i + 1], chars[i]])
            i += 2
        else:
            swapped.append(chars[i])
            i += 1
    base = "".join(c for c in swapped if c not in _TONE_MARKS)
    return base.casefold(), "".join(swapped)


def _sqlite_collate(a: str, b: str) -> int:
    ka, kb = thai_sort_key(a), thai_sort_key(b)
    return (ka > kb) - (ka < kb)


def _on_connection(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation("thai", _sqlite_collate)


def register_sqlite_collation() -> None:
    connection_created.connect(_on_connection, dispatch_uid="core.thai.collation")


class ThaiCollate(Func):
    """``ORDER BY name`` in Thai dictionary order on PostgreSQL and SQLite alike."""

    template = '%(expressions)s COLLATE "th-TH-x-icu"'

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="%(expressions)s COLLATE thai")


def thai_order(field: str):
    return ThaiCollate(field).asc()
