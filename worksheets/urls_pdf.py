"""PDFs of worksheets 1–4, Form 1, the sufficiency-economy form and the KV (``core.documents.pdf``)."""

from django.urls import path  # noqa: F401

from worksheets.views import pdf_forms, pdf_matrix  # noqa: F401 (both parts fill the lists below)

urlpatterns = [
    # Worksheets 2 and 4 (worksheets/views/pdf_matrix.py)
    path("issues/<int:pk>/worksheet-<matrix:worksheet>/export.pdf", pdf_matrix.matrix_pdf, name="matrix-pdf"),
    path("worksheet-<matrix:worksheet>/blank.pdf", pdf_matrix.matrix_blank_pdf, name="matrix-blank-pdf"),
]

urlpatterns += [
    # Worksheets 1 and 3, Form 1, the sufficiency-economy form, the KV (worksheets/views/pdf_forms.py)
    path("worksheet-1/export.pdf", pdf_forms.worksheet1_pdf, name="worksheet1-pdf"),
    path("issues/<int:pk>/worksheet-3/export.pdf", pdf_forms.worksheet3_pdf, name="worksheet3-pdf"),
    path("form-1/export.pdf", pdf_forms.form1_pdf, name="form1-pdf"),
]

from worksheets.views import pdf_documents  # noqa: E402 (the third part, appended on its own)

urlpatterns += [
    # The sufficiency-economy form and the KV (worksheets/views/pdf_documents.py)
    path("issues/<int:pk>/sufficiency/export.pdf", pdf_documents.sufficiency_pdf, name="sufficiency-pdf"),
    path(
        "issues/<int:pk>/knowledge-vision/export.pdf",
        pdf_documents.knowledge_vision_pdf,
        name="knowledge-vision-pdf",
    ),
]
