"""Rows of tests/test_access.py for the progress reports: (name, method, args, expected).

The rounds page is read by everyone (the stranger reads its own province's, which has no year);
only a provincial KM team sets the due dates (the stranger is its own province's KM team), and
closes the fiscal year after its 12-month round (the walk's year 2569 ended on 30 Sep 2026) and
reopens it: the walk closes it and reopens it at once, so the rows after these see it open. The
whole round's PDF is for those who see every report.

The KPI assessment of a chosen KPI (the walk's "kpi" and "final_kpi", the agency responsible, of
2569 whose 12-month round is open) is read by the agency, the issue's team and the province-level
roles, entered by the agency's KM team and project manager and the provincial KM team; another
agency, neither responsible nor involved, gets 404. "final_kpi" is assessed, with one evidence file.
"""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from actionplans.models import ActionPlan
from reports import assessments, rounds, services, workflow
from reports.models import KpiAssessment, ProgressReport, RoundDocument
from tests.access.rows import members, only
from tests.factories import approve_on

KPI_READERS = members(other_agency_user=404, stranger=404)
KPI_WRITERS = only(
    "km_officer", "agency_user", "project_manager", status=302, other_agency_user=404, stranger=404
)
# The agency's reports are written by its KM team and its project manager.
WRITERS = ("agency_user", "project_manager")
WRITES = {a: 200 for a in WRITERS}
# A draft is read by the province-level roles and the agency's people (and the team).
DRAFT_READERS = ("km_officer", "issue_lead", "cko", "ceo", "agency_user", "coordinator", "project_manager",
                 "agency_cko", "agency_ceo")  # fmt: skip


def draft(status_readers=200, **overrides) -> dict:
    """The agency's report: its readers get ``status_readers``; another agency and another province 404."""
    expected = {a: status_readers for a in DRAFT_READERS}
    expected.update(other_agency_user=404, stranger=404)
    expected.update(overrides)
    return members(**expected)


EVIDENCE_PDF = b"%PDF-1.4\n% evidence of a KM forum\n%%EOF\n"


def world(request, plans: dict) -> dict:
    """The agency's approved plan, approved in December 2568 so that it reports in every round of
    2569: its 6-month report a draft with one evidence file, its 9-month report submitted."""
    agency_user = request.getfixturevalue("agency_user")
    plan = ActionPlan.objects.get(pk=plans["approved_plan"])
    approve_on(plan, plan.fiscal_year.start.replace(month=12))
    six, nine, _twelve = rounds.saved_rounds_of(plan.fiscal_year)
    draft = services.open_report(six, plan, agency_user)
    evidence = services.add_evidence(
        draft, SimpleUploadedFile("ภาพกิจกรรม.pdf", EVIDENCE_PDF), agency_user, draft.rows.first()
    )
    submitted = services.open_report(nine, plan, agency_user)
    rows = {row.pk: {"status": "done", "cancel_reason": "", "done": "จัดเวที 1 ครั้ง", "result": "30 คน",
                     "problems": "", "solutions": ""} for row in submitted.rows.all()}  # fmt: skip
    services.save_report(submitted, {}, rows, services.fingerprint(submitted), agency_user)
    workflow.act(submitted, agency_user, "submit")
    assessment = KpiAssessment.objects.create(
        kpi=plan.knowledge.process.kpi, result="ร้อยละ 85", verdict="met", entered_by=agency_user
    )
    kpi_evidence = assessments.add_evidence(
        assessment, SimpleUploadedFile("ผลตัวชี้วัด.pdf", EVIDENCE_PDF), agency_user
    )
    whole_round = RoundDocument.objects.create(round=six, status=RoundDocument.Status.DONE, pages=1)
    whole_round.file.save("round.pdf", ContentFile(EVIDENCE_PDF))
    return {
        "six": 6,
        "round_document": whole_round.pk,
        "report": draft.pk,
        "report_submitted": submitted.pk,
        "evidence": evidence.pk,
        "round": six.pk,
        "kpi_evidence": kpi_evidence.pk,
    }


ROWS: list = [
    # The tracking page and its workbook: everyone reads the lines they follow (the stranger its own
    # province's, which has no year).
    ("report-tracking", "get", [], members()),
    ("report-tracking-excel", "get", [], members()),
    ("report-rounds", "get", [], members()),
    # Posted without dates: the form asks for them (nothing written).
    ("report-rounds", "post", [], only("km_officer", "stranger")),
    # The whole round as one PDF: those who see every report (the KM team, the province's CKO and
    # governor) ask for it (a task is queued), follow its progress and download it.
    (
        "round-document-start",
        "post",
        ["fiscal_year", "six"],
        only("km_officer", "cko", "ceo", status=302, stranger=404),
    ),
    ("round-document", "get", ["round_document"], only("km_officer", "cko", "ceo", stranger=404)),
    ("round-document-file", "get", ["round_document"], only("km_officer", "cko", "ceo", stranger=404)),
    ("year-close", "post", ["fiscal_year"], only("km_officer", status=302, stranger=404)),
    ("year-reopen", "post", ["fiscal_year"], only("km_officer", status=302, stranger=404)),
    # A report's PDF: everyone who reads the report (a draft: all but another agency and province).
    ("report-pdf", "get", ["report"], members(other_agency_user=404, stranger=404)),
    ("report-pdf", "get", ["report_submitted"], members(other_agency_user=404, stranger=404)),
    # Opening the agency's 6-month report, which exists: its writers go to its form, its readers to
    # its page; another agency may not learn of the draft, another province finds no such year.
    ("report-open", "post", [], members(302, other_agency_user=403, stranger=404)),
    ("report-detail", "get", ["report"], draft()),
    ("report-detail", "get", ["report_submitted"], draft()),
    ("report-edit", "get", ["report"], draft(403, **WRITES)),
    # Posted with the fingerprint of the report as saved and nothing typed: saved as it is.
    ("report-edit", "post", ["report"], draft(403, **{a: 302 for a in WRITERS})),
    ("report-edit", "get", ["report_submitted"], draft(403)),
    # Submitting the draft: its writers are told what is missing; nobody else may submit.
    ("report-act", "post", ["report"], draft(403, **{a: 302 for a in WRITERS})),
    # A return without a comment: the endorser is told to write one; the provincial KM team that the
    # report is not yet theirs to return.
    ("report-act", "post", ["report_submitted"], draft(403, agency_cko=302, km_officer=302)),
    # Evidence: posted without a file, the form asks for one; everyone who reads the report downloads.
    ("report-evidence-add", "post", ["report"], draft(403, **{a: 400 for a in WRITERS})),
    ("report-evidence-file", "get", ["evidence"], draft()),
    ("report-evidence-delete", "post", ["evidence"], draft(403, **{a: 302 for a in WRITERS})),
    # The KPI assessment (the stranger reads its own province's list, which has no year).
    ("kpi-assessments", "get", [], members()),
    ("kpi-assessment", "get", ["kpi"], KPI_READERS),
    ("kpi-assessment", "get", ["final_kpi"], KPI_READERS),
    ("kpi-assessment", "post", ["kpi"], KPI_WRITERS),
    ("kpi-assessment", "post", ["final_kpi"], KPI_WRITERS),
    ("kpi-assessment-evidence", "post", ["final_kpi"], KPI_WRITERS),
    ("kpi-assessment-evidence-file", "get", ["kpi_evidence"], KPI_READERS),
    # Last: it takes the file away.
    ("kpi-assessment-evidence-delete", "post", ["kpi_evidence"], KPI_WRITERS),
]
DATA: dict = {
    "year-close": lambda w: {"confirm": "1"},
    "kpi-assessment": lambda w: {"result": "ร้อยละ 85 ของแปลงผ่านการรับรอง", "value": "85", "verdict": "met"},
    "kpi-assessment-evidence": lambda w: {"evidence-file": SimpleUploadedFile("ผลตัวชี้วัด.pdf", EVIDENCE_PDF)},
    "report-open": lambda w: {"fiscal_year": w["fiscal_year"], "months": "6", "plan": w["approved_plan"]},
    ("report-edit", "report"): lambda w: {
        "seen": services.fingerprint(ProgressReport.objects.get(pk=w["report"]))
    },
    ("report-act", "report"): lambda w: {"action": "submit"},
    ("report-act", "report_submitted"): lambda w: {"action": "return", "comment": ""},
}
