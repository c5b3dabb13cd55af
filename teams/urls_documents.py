"""A roster as an Excel workbook, and the blank worksheet 6."""

from django.urls import path

from teams.views import documents

urlpatterns = [
    path("teams/<int:pk>/export.xlsx", documents.team_export, name="team-export"),
    path("teams/worksheet-6/blank.xlsx", documents.team_blank, name="team-blank"),
]
