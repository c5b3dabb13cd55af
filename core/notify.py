"""Tell people something: a notification in the app and, where they have an address, an e-mail.

Whatever language the person who acts has chosen for their screens, what the system tells others
is written in the site's language (``settings.LANGUAGE_CODE``, Thai): compose it inside
``in_recipients_language()``. E-mails carry absolute links, built on ``settings.SITE_URL``.
"""

import logging
from collections.abc import Iterable
from contextlib import AbstractContextManager

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import translation

from core.models import Notification, User

log = logging.getLogger(__name__)


def in_recipients_language() -> AbstractContextManager:
    """Translate what is composed inside into the language the people told read: Thai."""
    return translation.override(settings.LANGUAGE_CODE)


def absolute_url(path: str) -> str:
    """``/issues/1/`` as a link that works from an e-mail: ``https://km.example.go.th/issues/1/``."""
    if not path.startswith("/"):
        return path
    return settings.SITE_URL + path


def notify(users: Iterable[User], text: str, url: str = "", subject: str = "") -> int:
    """Record ``text`` for every user and e-mail it; return how many were told.

    ``url`` is a path of the site: the app's notification keeps it as it is, the e-mail gets the
    absolute link. A failing mail server never undoes the notification: it is logged and the
    in-app message stays.
    """
    users = list({u.pk: u for u in users if u.is_active}.values())
    Notification.objects.bulk_create(Notification(user=u, text=text, url=url) for u in users)
    body = f"{text}\n\n{absolute_url(url) if url else ''}".strip()
    mails = [(subject or text, body, settings.DEFAULT_FROM_EMAIL, [u.email]) for u in users if u.email]
    try:
        send_mass_mail(mails, fail_silently=False)
    except Exception:  # SMTP errors come in many kinds; the in-app notice is already saved
        log.exception("could not e-mail %d notifications", len(mails))
    return len(users)
