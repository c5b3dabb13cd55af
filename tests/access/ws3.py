"""Rows of tests/test_access.py for the ws3 URLs: (name, method, args, expected)."""

ROWS: list = []
DATA: dict = {}
