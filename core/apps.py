from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core: province, agencies, users")

    def ready(self) -> None:
        from simple_history.signals import pre_create_historical_record

        from core import notify, thai

        thai.register_sqlite_collation()
        pre_create_historical_record.connect(notify.record_reason, dispatch_uid="core.notify.record_reason")
