"""Rows of tests/test_access.py for the forms URLs: (name, method, args, expected).

Form 1 is the province's (any member reads; the stranger reads its own province's, empty);
the sufficiency-economy form and the Knowledge Vision belong to an issue: everyone of the
province reads them, its editors (the provincial KM team and the issue's team) change them.
"""

from tests.access.rows import editors, readers

ROWS: list = [
    ("form1", "get", [], {**readers(), "stranger": 200}),
    ("sufficiency", "get", ["issue"], readers()),
    ("sufficiency-edit", "get", ["issue"], editors(200)),
    ("sufficiency-edit", "post", ["issue"], editors(302)),
    ("knowledge-vision", "get", ["issue"], readers()),
    ("knowledge-vision-edit", "get", ["issue"], editors(200)),
    ("knowledge-vision-edit", "post", ["issue"], editors(302)),
]
DATA: dict = {
    "sufficiency-edit": lambda w: {
        "moderation": "ใช้ความรู้เท่าที่จำเป็นต่อการผลิตพืชปลอดภัย",
        "reasonableness": "ตลาดต้องการสินค้าเกษตรปลอดภัย",
        "immunity": "มีแผนรองรับภัยแล้ง",
        "knowledge_condition": "ความรู้มาตรฐาน GAP",
        "morality_condition": "ซื่อสัตย์ต่อผู้บริโภค",
        "km_scope": "การผลิตพืชปลอดภัยตามมาตรฐาน GAP",
    },
    "knowledge-vision-edit": lambda w: {"knowledge_vision": "เกษตรกรผลิตพืชปลอดภัยได้ตามมาตรฐาน"},
}
