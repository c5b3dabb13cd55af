"""Rows of tests/test_access.py for the PDFs of matrix: (name, method, args, expected)."""

ROWS: list = []
DATA: dict = {}
