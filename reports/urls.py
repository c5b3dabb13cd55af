from django.urls import path

from reports.views import rounds

urlpatterns = [
    path("reports/rounds/", rounds.round_list, name="report-rounds"),
]
