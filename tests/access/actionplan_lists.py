"""Rows of tests/test_access.py for the list of KM Action Plans and its Excel export.

Everyone of the province opens both and finds the plans they may read; the stranger finds its own
province's list (empty, with no fiscal year); anonymous goes to log in.
"""

from tests.access.rows import members

ROWS: list = [
    ("actionplan-list", "get", [], members()),
    ("actionplan-export", "get", [], members()),
]
DATA: dict = {}
