"""Rows of tests/test_access.py for the PDFs of worksheets 2 and 4: (name, method, args, expected).

A matrix's PDF is read by whoever reads its page (everyone of the province, another province
404), open or finalised, like its workbook; the blank paper forms are anyone's.
"""

from tests.access.rows import members, readers

ROWS: list = [
    ("matrix-pdf", "get", ["issue", "ws2"], readers()),
    ("matrix-pdf", "get", ["issue", "ws4"], readers()),
    ("matrix-pdf", "get", ["final_issue", "ws2"], readers()),
    ("matrix-blank-pdf", "get", ["ws2"], members()),
    ("matrix-blank-pdf", "get", ["ws4"], members()),
]
DATA: dict = {}
