"""Rows of tests/test_access.py for the forms URLs: (name, method, args, expected)."""

ROWS: list = []
DATA: dict = {}
