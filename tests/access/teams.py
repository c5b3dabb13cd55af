"""Rows of tests/test_access.py for the KM teams' pages: (name, method, args, expected).

Everyone of the province reads every roster (contact data masked where they may not see it);
another province's team is 404. (tests/test_access.py imports this module before it defines its
helpers, so they are repeated.)
"""

LOGIN = "login"
MEMBERS = [
    "km_officer", "issue_lead", "cko", "ceo", "agency_user", "coordinator",
    "agency_cko", "agency_ceo", "other_agency_user", "stranger",
]  # fmt: skip

ROWS: list = [
    # The stranger sees its own province's (empty) list.
    ("team-list", "get", [], {"anonymous": LOGIN, **{a: 200 for a in MEMBERS}}),
    ("team-detail", "get", ["team"], {"anonymous": LOGIN, **{a: 200 for a in MEMBERS}, "stranger": 404}),
]
DATA: dict = {}
