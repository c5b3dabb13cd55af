"""Rows of tests/test_access.py for the KM teams' pages: (name, method, args, expected).

Everyone of the province reads every roster (contact data masked where they may not see it);
another province's team is 404.
"""

from tests.access.rows import members, readers

ROWS: list = [
    # The stranger sees its own province's (empty) list.
    ("team-list", "get", [], members()),
    ("team-detail", "get", ["team"], readers()),
]
DATA: dict = {}
