from django.urls import path

from core.views import agencies, notifications, users, years

urlpatterns = [
    path("year/", years.select_year, name="year-select"),
    path("notifications/", notifications.notification_list, name="notification-list"),
    path("agencies/", agencies.agency_list, name="agency-list"),
    path("agencies/new/", agencies.agency_create, name="agency-create"),
    path("agencies/<int:pk>/edit/", agencies.agency_edit, name="agency-edit"),
    path("users/", users.user_list, name="user-list"),
    path("users/new/", users.user_create, name="user-create"),
    path("users/<int:pk>/edit/", users.user_edit, name="user-edit"),
    path("users/<int:pk>/send-password-link/", users.user_send_reset, name="user-send-reset"),
]
