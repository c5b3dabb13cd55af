"""Rows of tests/test_access.py for the PDFs of teams: (name, method, args, expected)."""

ROWS: list = []
DATA: dict = {}
