from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core: province, agencies, users")

    def ready(self) -> None:
        from core import thai

        thai.register_sqlite_collation()
