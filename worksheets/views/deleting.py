"""Deleting what a later step of the cycle rests on. A KM action plan keeps its knowledge
(``on_delete=PROTECT``), so the knowledge, its work process, its KPI and its strategic issue stay
while the plan does. The worksheets sit below the action plans and never import them: a refusal
names what holds on by the holders' own names and kinds."""

from collections.abc import Callable

from django.contrib import messages
from django.db import transaction
from django.db.models import Model, ProtectedError
from django.http import HttpRequest
from django.utils.translation import gettext as _

NAMED = 3  # holders named in the message; the rest are counted


def delete_or_explain(request: HttpRequest, obj: Model, delete: Callable[[], object]) -> bool:
    """Run ``delete``; True when it went. When rows of a later step rest on ``obj`` (Django's
    ``ProtectedError``), nothing is deleted, the person is told why, and False."""
    try:
        with transaction.atomic():
            delete()
    except ProtectedError as error:
        messages.error(request, refusal(obj, error.protected_objects))
        return False
    return True


def refusal(obj: Model, holders) -> str:
    """“X” was not deleted: KM action plans A, B rest on it…"""
    holders = list(holders)
    kinds = sorted({str(h._meta.verbose_name_plural) for h in holders})
    names = sorted({str(h) for h in holders})
    shown = ", ".join(names[:NAMED])
    if len(names) > NAMED:
        shown = _("%(names)s and %(count)d more") % {"names": shown, "count": len(names) - NAMED}
    return _(
        "“%(object)s” was not deleted: %(kinds)s rest on it or on the knowledge under it (%(names)s). "
        "It stays while they do."
    ) % {"object": obj, "kinds": ", ".join(kinds), "names": shown}
