from django.urls import path

from teams.views import roster

urlpatterns = [
    path("teams/", roster.team_list, name="team-list"),
    path("teams/<int:pk>/", roster.team_detail, name="team-detail"),
]
