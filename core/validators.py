"""Validators shared by every app that stores personal contact data."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A mobile number is 0 followed by 6, 8 or 9 and eight more digits (08x-xxx-xxxx); a landline is
# 0, an area digit 2–7 and seven more digits (0x-xxx-xxxx). Dashes and spaces may separate groups,
# and an extension may follow as "ต่อ 123".
_SEPARATORS = re.compile(r"[\s-]+")
_NUMBER = re.compile(r"0(?:[689]\d{8}|[2-7]\d{7})")
_EXTENSION = re.compile(r"\s*ต่อ\s*(\d{1,6})\s*$")


def validate_thai_phone(value: str) -> None:
    """Accept a Thai mobile or landline number, with or without dashes or spaces, and an optional
    extension ("043-811-234 ต่อ 12"); raise ``ValidationError`` otherwise. Empty is left to
    ``blank``."""
    if not value:
        return
    number = _EXTENSION.sub("", value.strip())
    digits = _SEPARATORS.sub("", number)
    if not _NUMBER.fullmatch(digits) or not re.fullmatch(r"[\d\s-]+", number):
        raise ValidationError(
            _("Enter a Thai phone number such as 081-234-5678 or 043-811-234, optionally with “ต่อ 123”."),
            code="invalid_phone",
        )
