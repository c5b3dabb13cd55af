"""Excel workbooks of worksheets 2–4, Form 1, the sufficiency-economy form and the KV; the blank
forms of worksheets 2 and 4; worksheets 2 and 4 imported back (worksheet 1's: ``worksheets.urls``)."""

from django.urls import path

from worksheets.views import workbooks

urlpatterns = [
    path(
        "issues/<int:pk>/worksheet-<matrix:worksheet>/export.xlsx",
        workbooks.matrix_export,
        name="matrix-export",
    ),
    path(
        "issues/<int:pk>/worksheet-<matrix:worksheet>/import/", workbooks.matrix_import, name="matrix-import"
    ),
    path("worksheet-<matrix:worksheet>/blank.xlsx", workbooks.matrix_blank, name="matrix-blank"),
    path("issues/<int:pk>/worksheet-3/export.xlsx", workbooks.worksheet3_export, name="worksheet3-export"),
    path("form-1/export.xlsx", workbooks.form1_export, name="form1-export"),
    path("issues/<int:pk>/sufficiency/export.xlsx", workbooks.sufficiency_export, name="sufficiency-export"),
    path(
        "issues/<int:pk>/knowledge-vision/export.xlsx",
        workbooks.knowledge_vision_export,
        name="knowledge-vision-export",
    ),
]
