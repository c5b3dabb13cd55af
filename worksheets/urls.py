from django.urls import path

from worksheets.views import excel, kpis, strategy, worksheet1

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
]
