"""Buddhist-Era dates for templates: ``{{ day|thai_date }}`` gives ``31 มี.ค. 2569``.

Loaded as a builtin, so every template has it; Django's own ``date`` filter would print the
Gregorian year and is not used for dates a person reads.
"""

import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html_join

from core import thai

register = template.Library()


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def thai_date(value) -> str:
    return thai.format_date(_local(value))


@register.filter
def thai_date_long(value) -> str:
    return thai.format_date(_local(value), long=True)


@register.filter
def thai_month(value) -> str:
    return thai.format_month(value)


@register.filter
def thai_datetime(value) -> str:
    if not value:
        return ""
    value = _local(value)
    return f"{thai.format_date(value)} {value:%H:%M} น."


@register.filter
def unbroken_words(value) -> str:
    """Text whose lines may break only between its space-separated words, never inside one.

    Thai writes no spaces between the syllables of a word, so a narrow cell breaks a name such as
    "มูลสาร" wherever the browser likes; names and labels go through this filter instead.
    """
    words = str(value or "").split()
    return format_html_join(" ", '<span class="text-nowrap">{}</span>', ((word,) for word in words))
