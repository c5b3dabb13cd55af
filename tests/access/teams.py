"""Rows of tests/test_access.py for the KM teams' pages: (name, method, args, expected).

Everyone of the province reads every roster (contact data masked where they may not see it);
another province's team is 404.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.access.rows import editors, members, only, readers

# The world's roster is the agency's (worksheet 6): its KM team and coordinator edit it, and the
# provincial KM team; everyone else of the province reads it.
TEAM_EDITORS = ("km_officer", "agency_user", "coordinator")


def team_editors(status=200) -> dict:
    return only(*TEAM_EDITORS, status=status, stranger=404)


# A small but real PDF: the signed scan of the world's appointment order, and the one the walk posts.
ORDER_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

ROW = {"first_name": "สมหญิง", "last_name": "ทีมงาน", "role": "member", "phone": "081-234-5678"}

ROWS: list = [
    # The stranger sees its own province's (empty) list.
    ("team-list", "get", [], members()),
    ("team-detail", "get", ["team"], readers()),
    # A strategic issue's team (worksheet 5) as reached from the issue: the finalised issue's
    # roster exists, so everyone of the province is sent to it, and its editors (finalised or
    # not) are sent there by a start too; the open issue has none yet: everyone reads that, and its
    # editors start it (last of its rows: the roster exists after it).
    ("issue-team", "get", ["final_issue"], members(302, stranger=404)),
    ("issue-team", "post", ["final_issue"], editors(302)),
    ("issue-team", "get", ["issue"], readers()),
    ("issue-team", "post", ["issue"], editors(302)),
    # Starting a roster: for one's own agencies (the other agency's team too, for its own agency);
    # the stranger's province has no fiscal year, so it is sent back to its list.
    ("team-start", "get", [], only(*TEAM_EDITORS, "other_agency_user", stranger=302)),
    ("team-start", "post", [], only(*TEAM_EDITORS, "other_agency_user", stranger=302)),
    ("team-start-province", "post", [], only("km_officer", status=302, stranger=302)),
    ("team-knowledge", "get", ["team"], team_editors()),
    ("team-knowledge", "post", ["team"], team_editors(302)),
    ("team-member-add", "get", ["team"], team_editors()),
    ("team-member-add", "post", ["team"], team_editors(302)),
    ("team-member-edit", "get", ["team", "member"], team_editors()),
    ("team-member-edit", "post", ["team", "member"], team_editors(302)),
    ("team-member-move", "post", ["team", "member"], team_editors(302)),
    # Last: the row is gone after it.
    ("team-member-remove", "post", ["team", "member"], team_editors(302)),
    # The appointment order: the order is replaced, downloaded, then removed (rows run in order).
    ("team-order", "get", ["team"], team_editors()),
    ("team-order", "post", ["team"], team_editors(302)),
    ("team-order-file", "get", ["team"], readers()),
    ("team-order-remove", "post", ["team"], team_editors(302)),
    # Copying last year's rosters: the provincial KM team (the world's year has rosters already, so
    # it is told so); another province has no such year (404).
    ("team-copy", "post", [], only("km_officer", status=302, stranger=404)),
]
DATA: dict = {
    # The world's agency already has a roster waiting for its knowledge: the form says so (200).
    "team-start": lambda w: {"agency": w["agency"], "knowledge": ""},
    "team-knowledge": lambda w: {"knowledge": ""},
    "team-member-add": lambda w: ROW,
    "team-member-edit": lambda w: {**ROW, "role": "head", "first_name": "สมชาย"},
    "team-member-move": lambda w: {"direction": "up"},
    "team-order": lambda w: {"order-file": SimpleUploadedFile("คำสั่งแต่งตั้ง.pdf", ORDER_PDF)},
    "team-copy": lambda w: {"year": 2569},
}
