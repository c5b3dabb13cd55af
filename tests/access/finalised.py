"""Rows of tests/test_access.py for a finalised issue and for worksheet 4: (name, method, args,
expected).

A finalised issue stays readable by everyone of the province, but every write that touches it
(worksheet 1's issue and KPIs, worksheets 2–4, the sufficiency-economy form and the KV) is 403
for everyone, the provincial KM team included, until it is reopened. Only finalising and
reopening stay the KM team's, and its team's roster (worksheet 5) its editors' (tests/access/
teams.py). The ``final_*`` objects of the walk's world belong to it.
"""

from tests.access.rows import LOGIN, MEMBERS, editors, readers


def km_team(status=200):
    return {"anonymous": LOGIN, **{a: 403 for a in MEMBERS}, "km_officer": status, "stranger": 404}


def refused():
    """Nobody changes a finalised issue; another province does not even see it."""
    return {"anonymous": LOGIN, **{a: 403 for a in MEMBERS}, "stranger": 404}


ISSUE = ["final_issue"]
WS2, WS4 = ["final_issue", "ws2"], ["final_issue", "ws4"]
ROWS: list = [
    # Read as before.
    ("issue-detail", "get", ISSUE, readers()),
    ("matrix", "get", WS2, readers()),
    ("matrix", "get", WS4, readers()),
    ("worksheet3", "get", ISSUE, readers()),
    ("sufficiency", "get", ISSUE, readers()),
    ("knowledge-vision", "get", ISSUE, readers()),
    ("issue-history", "get", ISSUE, readers()),
    # Reopening (and finalising again, which does nothing) stay the KM team's.
    ("issue-reopen", "get", ISSUE, km_team(200)),
    ("issue-finalise", "post", ISSUE, km_team(302)),
    # Worksheet 1: the issue and its KPIs.
    ("issue-edit", "get", ISSUE, refused()),
    ("issue-edit", "post", ISSUE, refused()),
    ("issue-delete", "get", ISSUE, refused()),
    ("issue-delete", "post", ISSUE, refused()),
    ("kpi-create", "get", ISSUE, refused()),
    ("kpi-create", "post", ISSUE, refused()),
    ("kpi-edit", "get", ["final_kpi"], refused()),
    ("kpi-edit", "post", ["final_kpi"], refused()),
    ("kpi-delete", "get", ["final_kpi"], refused()),
    ("kpi-delete", "post", ["final_kpi"], refused()),
    # Worksheets 2 and 4: cells, whole tables, choices and criteria.
    ("matrix", "post", WS2, refused()),
    ("matrix", "post", WS4, refused()),
    ("matrix-cell", "post", WS2, refused()),
    ("matrix-cell", "post", WS4, refused()),
    ("matrix-choose", "post", WS2, refused()),
    ("matrix-choose", "post", WS4, refused()),
    ("criterion-add", "post", WS2, refused()),
    ("criterion-add", "post", WS4, refused()),
    ("criterion-move", "post", [*WS2, "final_criterion"], refused()),
    ("criterion-delete", "post", [*WS2, "final_criterion"], refused()),
    # Worksheet 3.
    ("process-create", "get", ["final_kpi"], refused()),
    ("process-create", "post", ["final_kpi"], refused()),
    ("process-edit", "get", ["final_process"], refused()),
    ("process-edit", "post", ["final_process"], refused()),
    ("process-delete", "post", ["final_process"], refused()),
    ("knowledge-create", "get", ["final_process"], refused()),
    ("knowledge-create", "post", ["final_process"], refused()),
    ("knowledge-edit", "get", ["final_item"], refused()),
    ("knowledge-edit", "post", ["final_item"], refused()),
    ("knowledge-delete", "post", ["final_item"], refused()),
    # The sufficiency-economy form and the KV.
    ("sufficiency-edit", "get", ISSUE, refused()),
    ("sufficiency-edit", "post", ISSUE, refused()),
    ("knowledge-vision-edit", "get", ISSUE, refused()),
    ("knowledge-vision-edit", "post", ISSUE, refused()),
    # Worksheet 4 of the open issue: everyone reads; the KM team and the issue's team score it.
    ("matrix", "get", ["issue", "ws4"], readers()),
    ("matrix-cell", "post", ["issue", "ws4"], editors(200)),
    ("matrix-choose", "post", ["issue", "ws4"], editors(200)),
    ("criterion-add", "post", ["issue", "ws4"], editors(302)),
    ("criterion-move", "post", ["issue", "ws4", "criterion4"], editors(302)),
    ("criterion-delete", "post", ["issue", "ws4", "criterion4"], editors(302)),
]
# Keyed by (name, *args) where the data differ from the name's usual data: a finalised issue's
# rows send what would change it, so only the finalised state can refuse them.
DATA: dict = {
    ("matrix-cell", "issue", "ws4"): lambda w: {
        "criterion": w["criterion4"],
        "column": w["item"],
        "value": "5",
        "seen": "",
    },  # fmt: skip
    ("matrix-choose", "issue", "ws4"): lambda w: {"column": w["item"], "chosen": w["item"], "seen": ""},
    ("matrix-cell", *WS2): lambda w: {
        "criterion": w["final_criterion"],
        "column": w["final_kpi"],
        "value": "1",
        "seen": "",
    },  # fmt: skip
    ("matrix-cell", *WS4): lambda w: {
        "criterion": w["final_criterion4"],
        "column": w["final_item"],
        "value": "1",
        "seen": "",
    },  # fmt: skip
    ("matrix-choose", *WS2): lambda w: {"column": w["final_kpi"]},  # takes the KPI back
    ("matrix-choose", *WS4): lambda w: {"column": w["final_item"]},
    ("issue-edit", *ISSUE): lambda w: {"number": 9, "title": "ประเด็นที่แก้หลังยืนยันผล", "goal": "ก"},
    ("kpi-create", *ISSUE): lambda w: {"number": 9, "name": "ตัวชี้วัดที่เพิ่มหลังยืนยันผล"},
    ("kpi-edit", "final_kpi"): lambda w: {"number": 1, "name": "ตัวชี้วัดที่แก้หลังยืนยันผล"},
    ("process-edit", "final_process"): lambda w: {"name": "กระบวนการที่แก้หลังยืนยันผล"},
}
