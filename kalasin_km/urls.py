from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core.accounts import SitePasswordResetForm

urlpatterns = [
    path("", include("knowledge.urls")),
    path("", include("core.urls")),
    path("", include("worksheets.urls")),
    path("", include("teams.urls")),
    path("", include("actionplans.urls")),
    path("", include("reports.urls")),
    # The forgotten-password e-mail links to SITE_URL and is written in Thai, like every account e-mail.
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=SitePasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
