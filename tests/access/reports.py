"""Rows of tests/test_access.py for the progress reports: (name, method, args, expected).

The rounds page is read by everyone (the stranger reads its own province's, which has no year);
only a provincial KM team sets the due dates (the stranger is its own province's KM team).
"""

from tests.access.rows import members, only

ROWS: list = [
    ("report-rounds", "get", [], members()),
    # Posted without dates: the form asks for them (nothing written).
    ("report-rounds", "post", [], only("km_officer", "stranger")),
]
DATA: dict = {}
