"""Rows of tests/test_access.py for the forms as Excel workbooks: (name, method, args, expected).

A workbook is read by whoever reads its page, through the page's access helper: everyone of the
province for the worksheets, Form 1 and the rosters (another province 404), a plan's readers for
Form 2. The blank paper forms are anyone's; the stranger's own Form 1 has no fiscal year, so it
is sent back to the page. Worksheets 2 and 4 are imported by the issue's editors while the issue
is open: refused (403) to everyone once it is finalised.
"""

from tests.access.actionplans import approved, draft
from tests.access.rows import editors, members, only, readers

ROWS: list = [
    ("matrix-export", "get", ["issue", "ws2"], readers()),
    ("matrix-export", "get", ["issue", "ws4"], readers()),
    ("matrix-export", "get", ["final_issue", "ws2"], readers()),
    ("matrix-blank", "get", ["ws2"], members()),
    ("matrix-blank", "get", ["ws4"], members()),
    ("matrix-import", "get", ["issue", "ws2"], editors()),
    # Posted without a file: the form asks for one (nothing written).
    ("matrix-import", "post", ["issue", "ws4"], editors()),
    ("matrix-import", "get", ["final_issue", "ws2"], only(stranger=404)),
    ("matrix-import", "post", ["final_issue", "ws4"], only(stranger=404)),
    ("worksheet3-export", "get", ["issue"], readers()),
    ("form1-export", "get", [], members(stranger=302)),
    ("sufficiency-export", "get", ["issue"], readers()),
    ("knowledge-vision-export", "get", ["issue"], readers()),
    ("team-export", "get", ["team"], readers()),
    ("team-export", "get", ["final_team"], readers()),
    ("team-blank", "get", [], members()),
    ("actionplan-excel", "get", ["aplan"], draft()),
    ("actionplan-excel", "get", ["pplan"], members(stranger=404, other_agency_user=404, agency_user=200)),
    ("actionplan-excel", "get", ["approved_plan"], approved()),
]
DATA: dict = {}
