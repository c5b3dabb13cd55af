"""PDFs of worksheets 1–4, Form 1, the sufficiency-economy form and the KV (``core.documents.pdf``)."""

from django.urls import path  # noqa: F401

from worksheets.views import pdf_forms, pdf_matrix  # noqa: F401 (both parts fill the lists below)

urlpatterns = [
    # Worksheets 2 and 4 (worksheets/views/pdf_matrix.py)
]

urlpatterns += [
    # Worksheets 1 and 3, Form 1, the sufficiency-economy form, the KV (worksheets/views/pdf_forms.py)
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
