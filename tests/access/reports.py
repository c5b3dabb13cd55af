"""Rows of tests/test_access.py for the progress reports: (name, method, args, expected).

The rounds page is read by everyone (the stranger reads its own province's, which has no year);
only a provincial KM team sets the due dates (the stranger is its own province's KM team), and
closes the fiscal year after its 12-month round (the walk's year 2569 ended on 30 Sep 2026) and
reopens it: the walk closes it and reopens it at once, so the rows after these see it open.
"""

from tests.access.rows import members, only

ROWS: list = [
    ("report-rounds", "get", [], members()),
    # Posted without dates: the form asks for them (nothing written).
    ("report-rounds", "post", [], only("km_officer", "stranger")),
    ("year-close", "post", ["fiscal_year"], only("km_officer", status=302, stranger=404)),
    ("year-reopen", "post", ["fiscal_year"], only("km_officer", status=302, stranger=404)),
]
DATA: dict = {"year-close": lambda w: {"confirm": "1"}}
