"""Form 1, the sufficiency-economy form and the Knowledge Vision."""

from django.urls import path

from worksheets.views import documents

urlpatterns = [
    path("form-1/", documents.form1, name="form1"),
    path("issues/<int:pk>/sufficiency/", documents.sufficiency, name="sufficiency"),
    path("issues/<int:pk>/sufficiency/edit/", documents.sufficiency_edit, name="sufficiency-edit"),
    path("issues/<int:pk>/knowledge-vision/", documents.knowledge_vision, name="knowledge-vision"),
    path(
        "issues/<int:pk>/knowledge-vision/edit/",
        documents.knowledge_vision_edit,
        name="knowledge-vision-edit",
    ),
]
