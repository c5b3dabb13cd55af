"""Rows of tests/test_access.py for the PDFs of teams: (name, method, args, expected).

The PDFs of the rosters, the sufficiency-economy form and the KV are read by whoever reads their
page and workbook (``tests/access/documents_excel.py``): everyone of the province, 404 for another
province; the blank worksheet 6 is anyone's.
"""

from tests.access.rows import members, readers

ROWS: list = [
    ("team-pdf", "get", ["team"], readers()),
    ("team-pdf", "get", ["final_team"], readers()),
    ("team-blank-pdf", "get", [], members()),
    ("sufficiency-pdf", "get", ["issue"], readers()),
    ("knowledge-vision-pdf", "get", ["issue"], readers()),
]
DATA: dict = {}
