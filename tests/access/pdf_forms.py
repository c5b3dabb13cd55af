"""Rows of tests/test_access.py for the PDFs of forms: (name, method, args, expected).

A PDF is read by whoever reads its page, as its workbook is (tests/access/documents_excel.py):
everyone of the province, another province's issue 404; the stranger has no fiscal year of its
own, so worksheet 1's and Form 1's PDFs send it back to their pages.
"""

from tests.access.rows import members, readers

ROWS: list = [
    ("worksheet1-pdf", "get", [], members(stranger=302)),
    ("worksheet3-pdf", "get", ["issue"], readers()),
    ("worksheet3-pdf", "get", ["final_issue"], readers()),
    ("form1-pdf", "get", [], members(stranger=302)),
]
DATA: dict = {}
