"""Load the Kalasin demo data: province, districts, agencies, one account per role, the plan.

Each app that has demo data keeps it in its own ``demo.py`` with a ``seed(out)`` function; this
command calls them bottom of the stack first, so core never imports a higher app. Running it
twice changes nothing.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load the Kalasin demo data (idempotent). The demo accounts exist only in demo data."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if find_spec(config.name) and find_spec(module_name):
                    import_module(module_name).seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Kalasin demo data is loaded."))
