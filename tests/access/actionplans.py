"""Rows of tests/test_access.py for the KM action plans (Form 2): (name, method, args, expected).

The world holds three plans of the finalised issue's knowledge: the agency's draft ("aplan"), the
province's draft ("pplan") and the agency's approved plan of a second item ("approved_plan"), whose
signed scan is attached. A draft is read by the province-level roles, the plan's agency, the
issue's team and the agencies worksheet 3 names for its knowledge; an approved plan by everyone of
the province. Another province gets 404.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.access.rows import members, only

SCAN_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
# The agency's plans are written by its KM team and its project manager.
WRITERS = ("agency_user", "project_manager")
# The agency's draft: its people, the province-level roles and the issue's team (issue_lead).
DRAFT_READERS = ("km_officer", "issue_lead", "cko", "ceo", "agency_user", "coordinator", "project_manager",
                 "agency_cko", "agency_ceo")  # fmt: skip


def draft(status_readers=200, status_others=403, **overrides) -> dict:
    """Readers of the agency's draft get ``status_readers``; the other agency 404 (it may not know
    the draft exists), another province 404."""
    expected = {a: status_readers for a in DRAFT_READERS}
    expected.update(other_agency_user=404, stranger=404)
    expected.update(overrides)
    return members(status_others, **expected)


def writers(status=200) -> dict:
    return draft(403, **{a: status for a in WRITERS})


def approved(status=200, **overrides) -> dict:
    """The approved plan: everyone of the province reads it; another province gets 404."""
    return members(status, stranger=404, **overrides)


ROWS: list = [
    # Opening a plan: those who write plans (an agency's writers, the issue's editors) and those who
    # see every plan; the stranger's province has no fiscal year (its empty page). The walk posts a
    # choice that is not offered: the form says so.
    (
        "actionplan-create",
        "get",
        [],
        only("km_officer", "issue_lead", "cko", "ceo", *WRITERS, "other_agency_user", "stranger"),
    ),
    (
        "actionplan-create",
        "post",
        [],
        only("km_officer", "issue_lead", "cko", "ceo", *WRITERS, "other_agency_user", "stranger"),
    ),
    ("actionplan-detail", "get", ["aplan"], draft()),
    ("actionplan-detail", "get", ["pplan"], members(stranger=404, other_agency_user=404, agency_user=200)),
    ("actionplan-detail", "get", ["approved_plan"], approved()),
    # Form 2 as a PDF: everyone who reads the plan, 404 for anyone else, like its page.
    ("actionplan-pdf", "get", ["aplan"], draft()),
    ("actionplan-pdf", "get", ["pplan"], members(stranger=404, other_agency_user=404, agency_user=200)),
    ("actionplan-pdf", "get", ["approved_plan"], approved()),
    ("actionplan-activities", "get", ["aplan"], writers()),
    # A save with a stale fingerprint: the page again, with the fresh rows (nothing written).
    ("actionplan-activities", "post", ["aplan"], writers()),
    # The province's plan: the issue's editors write it.
    (
        "actionplan-activities",
        "get",
        ["pplan"],
        members(403, km_officer=200, issue_lead=200, other_agency_user=404, stranger=404),
    ),
    # Comments: its writers, reviewer and approver, the issue's team and the agencies named for the knowledge.
    ("actionplan-comment", "post", ["aplan"], draft(302, cko=403, ceo=403)),
    # An approved plan takes no comment.
    ("actionplan-comment", "post", ["approved_plan"], approved(403)),
    # The signed scan of the approved plan: its writers attach it; everyone who reads it downloads it.
    ("actionplan-scan", "get", ["approved_plan"], approved(403, **{a: 200 for a in WRITERS})),
    ("actionplan-scan", "post", ["approved_plan"], approved(403, **{a: 302 for a in WRITERS})),
    ("actionplan-scan-file", "get", ["approved_plan"], approved()),
    # Workflow moves on the draft: only its reviewer and approver may review or approve a plan, and
    # a draft is told it is not in that state (302 with a message); its writers submit it, and then
    # it is not theirs to edit.
    ("actionplan-act", "post", ["aplan_review"], draft(403, agency_cko=302)),
    ("actionplan-act", "post", ["aplan_approve"], draft(403, agency_ceo=302)),
    ("actionplan-act", "post", ["aplan_submit"], writers(302)),
    ("actionplan-activities", "get", ["aplan"], draft(403)),
    # Last: a new revision of the approved plan, by its writers.
    ("actionplan-revise", "post", ["approved_plan"], approved(403, **{a: 302 for a in WRITERS})),
]
DATA: dict = {
    "actionplan-create": lambda w: {"plan": "0-0"},
    "actionplan-activities": lambda w: {
        "activity-TOTAL_FORMS": "0",
        "activity-INITIAL_FORMS": "0",
        "seen": "stale",
    },  # fmt: skip
    "actionplan-comment": lambda w: {"text": "ควรเพิ่มกิจกรรมถอดบทเรียน"},
    "actionplan-scan": lambda w: {"scan-file": SimpleUploadedFile("แผนที่ลงนามแล้ว.pdf", SCAN_PDF)},
    ("actionplan-act", "aplan_review"): lambda w: {"action": "review"},
    ("actionplan-act", "aplan_approve"): lambda w: {"action": "approve"},
    ("actionplan-act", "aplan_submit"): lambda w: {"action": "submit"},
}
