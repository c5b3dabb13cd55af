from django.urls import path

from actionplans.views import documents, excel, lists, plan

urlpatterns = [
    path("actionplans/", lists.plan_list, name="actionplan-list"),
    path("actionplans/export.xlsx", lists.plan_export, name="actionplan-export"),
    path("actionplans/new/", plan.plan_create, name="actionplan-create"),
    path("actionplans/<int:pk>/", plan.plan_detail, name="actionplan-detail"),
    path("actionplans/<int:pk>/pdf/", documents.plan_pdf, name="actionplan-pdf"),
    path("actionplans/<int:pk>/activities/", plan.plan_activities, name="actionplan-activities"),
    path("actionplans/<int:pk>/act/", plan.plan_act, name="actionplan-act"),
    path("actionplans/<int:pk>/revise/", plan.plan_revise, name="actionplan-revise"),
    path("actionplans/<int:pk>/comment/", plan.plan_comment, name="actionplan-comment"),
    path("actionplans/<int:pk>/scan/", plan.plan_scan, name="actionplan-scan"),
    path("actionplans/<int:pk>/scan/file/", plan.plan_scan_file, name="actionplan-scan-file"),
    path("actionplans/<int:pk>/form2.xlsx", excel.plan_excel, name="actionplan-excel"),
]
