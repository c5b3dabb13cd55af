"""A roster as an Excel workbook and as a PDF, and the blank worksheet 6 in both."""

from django.urls import path

from teams.views import documents

urlpatterns = [
    path("teams/<int:pk>/export.xlsx", documents.team_export, name="team-export"),
    path("teams/<int:pk>/export.pdf", documents.team_pdf, name="team-pdf"),
    path("teams/worksheet-6/blank.xlsx", documents.team_blank, name="team-blank"),
    path("teams/worksheet-6/blank.pdf", documents.team_blank_pdf, name="team-blank-pdf"),
]
