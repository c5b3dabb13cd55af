"""Tell people something: a notification in the app and, where they have an address, an e-mail."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail

from core.models import Notification, User

log = logging.getLogger(__name__)


def notify(users: Iterable[User], text: str, url: str = "", subject: str = "") -> int:
    """Record ``text`` for every user and e-mail it; return how many were told.

    A failing mail server never undoes the notification: it is logged and the in-app message stays.
    """
    users = list({u.pk: u for u in users if u.is_active}.values())
    Notification.objects.bulk_create(Notification(user=u, text=text, url=url) for u in users)
    mails = [
        (subject or text, f"{text}\n\n{url}".strip(), settings.DEFAULT_FROM_EMAIL, [u.email])
        for u in users
        if u.email
    ]
    try:
        send_mass_mail(mails, fail_silently=False)
    except Exception:  # SMTP errors come in many kinds; the in-app notice is already saved
        log.exception("could not e-mail %d notifications", len(mails))
    return len(users)
