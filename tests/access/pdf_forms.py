"""Rows of tests/test_access.py for the PDFs of forms: (name, method, args, expected)."""

ROWS: list = []
DATA: dict = {}
