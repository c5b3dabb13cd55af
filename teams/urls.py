from django.urls import path

from teams import views

urlpatterns = [
    path("teams/", views.team_list, name="team-list"),
    path("teams/<int:pk>/", views.team_detail, name="team-detail"),
]
