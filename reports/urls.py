from django.urls import path

from reports.views import closing, rounds

urlpatterns = [
    path("reports/rounds/", rounds.round_list, name="report-rounds"),
    path("years/<int:pk>/close/", closing.year_close, name="year-close"),
    path("years/<int:pk>/reopen/", closing.year_reopen, name="year-reopen"),
]
