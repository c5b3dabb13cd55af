from django.urls import include, path

from teams.views import issue, orders, roster
from teams.views import years as team_years

urlpatterns = [
    path("teams/", roster.team_list, name="team-list"),
    path("teams/new/", roster.team_start, name="team-start"),
    path("teams/new/province/", roster.team_start_province, name="team-start-province"),
    path("teams/copy/", team_years.team_copy, name="team-copy"),
    path("teams/<int:pk>/", roster.team_detail, name="team-detail"),
    path("teams/<int:pk>/knowledge/", roster.team_knowledge, name="team-knowledge"),
    path("teams/<int:pk>/members/new/", roster.member_add, name="team-member-add"),
    path("teams/<int:pk>/members/<int:member_pk>/", roster.member_edit, name="team-member-edit"),
    path("teams/<int:pk>/members/<int:member_pk>/move/", roster.member_move, name="team-member-move"),
    path("teams/<int:pk>/members/<int:member_pk>/remove/", roster.member_remove, name="team-member-remove"),
    path("teams/<int:pk>/order/", orders.team_order, name="team-order"),
    path("teams/<int:pk>/order/remove/", orders.team_order_remove, name="team-order-remove"),
    path("teams/<int:pk>/order/file/", orders.team_order_file, name="team-order-file"),
    # A strategic issue's team as reached from the issue: its roster, or the page that starts it.
    path("issues/<int:pk>/team/", issue.issue_team, name="issue-team"),
    path("", include("teams.urls_documents")),
]
