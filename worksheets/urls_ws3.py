"""Worksheet 3: work processes and the knowledge they need."""

from django.urls import path

from worksheets.views import worksheet3

urlpatterns: list = [
    path("issues/<int:pk>/worksheet-3/", worksheet3.worksheet3, name="worksheet3"),
    path("kpis/<int:pk>/processes/new/", worksheet3.process_create, name="process-create"),
    path("processes/<int:pk>/edit/", worksheet3.process_edit, name="process-edit"),
    path("processes/<int:pk>/delete/", worksheet3.process_delete, name="process-delete"),
    path("processes/<int:pk>/knowledge/new/", worksheet3.knowledge_create, name="knowledge-create"),
    path("knowledge-items/<int:pk>/edit/", worksheet3.knowledge_edit, name="knowledge-edit"),
    path("knowledge-items/<int:pk>/delete/", worksheet3.knowledge_delete, name="knowledge-delete"),
]
