from django.urls import include, path, register_converter

from worksheets.views import excel, issue, kpis, matrix, strategy, worksheet1


class MatrixSheet:
    """The worksheets that are scoring matrices: 2 (KPIs) and 4 (knowledge)."""

    regex = "[24]"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(MatrixSheet, "matrix")

urlpatterns = [
    path("years/", strategy.year_list, name="year-list"),
    path("years/new/", strategy.year_create, name="year-create"),
    path("plan/", strategy.plan_detail, name="plan-detail"),
    path("plan/new/", strategy.plan_create, name="plan-create"),
    path("plan/<int:pk>/edit/", strategy.plan_edit, name="plan-edit"),
    path("worksheet-1/", worksheet1.worksheet1, name="worksheet1"),
    path("worksheet-1/kpis.xlsx", excel.kpi_export, name="kpi-export"),
    path("worksheet-1/template.xlsx", excel.kpi_template, name="kpi-template"),
    path("worksheet-1/import/", excel.kpi_import, name="kpi-import"),
    path("issues/new/", strategy.issue_create, name="issue-create"),
    path("issues/<int:pk>/edit/", strategy.issue_edit, name="issue-edit"),
    path("issues/<int:pk>/delete/", strategy.issue_delete, name="issue-delete"),
    path("issues/<int:issue_pk>/kpis/new/", kpis.kpi_create, name="kpi-create"),
    path("kpis/<int:pk>/edit/", kpis.kpi_edit, name="kpi-edit"),
    path("kpis/<int:pk>/delete/", kpis.kpi_delete, name="kpi-delete"),
    # A strategic issue's own page: finalising, comments, history (its team: teams' `issue-team`).
    path("issues/<int:pk>/", issue.issue_detail, name="issue-detail"),
    path("issues/<int:pk>/finalise/", issue.issue_finalise, name="issue-finalise"),
    path("issues/<int:pk>/reopen/", issue.issue_reopen, name="issue-reopen"),
    path("issues/<int:pk>/history/", issue.issue_history, name="issue-history"),
    path("issues/<int:pk>/comments/", issue.issue_comment, name="issue-comment"),
    # Worksheets 2 (KPIs) and 4 (knowledge): the scoring matrices.
    path("issues/<int:pk>/worksheet-<matrix:worksheet>/", matrix.matrix_page, name="matrix"),
    path("issues/<int:pk>/worksheet-<matrix:worksheet>/cell/", matrix.matrix_cell, name="matrix-cell"),
    path("issues/<int:pk>/worksheet-<matrix:worksheet>/choose/", matrix.matrix_choose, name="matrix-choose"),
    path(
        "issues/<int:pk>/worksheet-<matrix:worksheet>/criteria/", matrix.criterion_add, name="criterion-add"
    ),
    path(
        "issues/<int:pk>/worksheet-<matrix:worksheet>/criteria/<int:criterion_pk>/move/",
        matrix.criterion_move,
        name="criterion-move",
    ),
    path(
        "issues/<int:pk>/worksheet-<matrix:worksheet>/criteria/<int:criterion_pk>/delete/",
        matrix.criterion_delete,
        name="criterion-delete",
    ),
    path("", include("worksheets.urls_ws3")),
    path("", include("worksheets.urls_forms")),
    path("", include("worksheets.urls_excel")),
    path("", include("worksheets.urls_pdf")),
]
