"""Rows of tests/test_access.py for the ws3 URLs: (name, method, args, expected).

Worksheet 3: everyone of the province reads; the provincial KM team and the issue's team edit.
"""

from tests.access.rows import editors, readers

ROWS: list = [
    ("worksheet3", "get", ["issue"], readers()),
    ("process-create", "get", ["kpi"], editors()),
    ("process-create", "post", ["kpi"], editors(302)),
    ("process-edit", "get", ["process"], editors()),
    ("process-delete", "get", ["process"], editors()),
    ("knowledge-create", "get", ["process"], editors()),
    ("knowledge-create", "post", ["process"], editors(302)),
    ("knowledge-edit", "get", ["item"], editors()),
    ("knowledge-delete", "get", ["item"], editors()),
]
DATA: dict = {
    "process-create": lambda w: {"name": "การติดตามผลผลิต"},
    "knowledge-create": lambda w: {
        "name": "การบันทึกต้นทุนการผลิต",
        "kind": "explicit",
        "holders-TOTAL_FORMS": "1",
        "holders-INITIAL_FORMS": "0",
        "holders-0-name": "นางสาวสมหญิง รักงาน",
        "holders-0-position": "นักวิชาการส่งเสริมการเกษตร",
    },
}
