from django.urls import path

from reports.views import assessment, bundle, closing, documents, evidence, report, rounds, tracking

urlpatterns = [
    path("reports/", tracking.tracking, name="report-tracking"),
    path("reports/tracking.xlsx", tracking.tracking_excel, name="report-tracking-excel"),
    path("reports/rounds/", rounds.round_list, name="report-rounds"),
    path(
        "reports/rounds/<int:pk>/<int:months>/pdf/", bundle.round_document_start, name="round-document-start"
    ),
    path("reports/round-pdf/<int:pk>/", bundle.round_document, name="round-document"),
    path("reports/round-pdf/<int:pk>/file/", bundle.round_document_file, name="round-document-file"),
    path("reports/open/", report.report_open, name="report-open"),
    path("reports/<int:pk>/", report.report_detail, name="report-detail"),
    path("reports/<int:pk>/edit/", report.report_edit, name="report-edit"),
    path("reports/<int:pk>/act/", report.report_act, name="report-act"),
    path("reports/<int:pk>/pdf/", documents.report_pdf, name="report-pdf"),
    path("reports/<int:pk>/evidence/", evidence.evidence_add, name="report-evidence-add"),
    path("reports/evidence/<int:pk>/", evidence.evidence_file, name="report-evidence-file"),
    path("reports/evidence/<int:pk>/delete/", evidence.evidence_delete, name="report-evidence-delete"),
    path("reports/kpis/", assessment.assessment_list, name="kpi-assessments"),
    path("reports/kpis/<int:pk>/", assessment.assessment_edit, name="kpi-assessment"),
    path("reports/kpis/<int:pk>/evidence/", assessment.evidence_add, name="kpi-assessment-evidence"),
    path("reports/kpi-evidence/<int:pk>/", assessment.evidence_file, name="kpi-assessment-evidence-file"),
    path(
        "reports/kpi-evidence/<int:pk>/delete/",
        assessment.evidence_delete,
        name="kpi-assessment-evidence-delete",
    ),
    path("years/<int:pk>/close/", closing.year_close, name="year-close"),
    path("years/<int:pk>/reopen/", closing.year_reopen, name="year-reopen"),
]
