"""Tell people something: a notification in the app and, where they have an address, an e-mail.

Whatever language the person who acts has chosen for their screens, what the system tells others
is written in the site's language (``settings.LANGUAGE_CODE``, Thai): compose it inside
``in_recipients_language()``. E-mails carry absolute links, built on ``settings.SITE_URL``.

The same holds for the reasons kept in the history (the province's record): compose them inside
``in_recipients_language()`` too. As a net under both, ``notify`` and ``record_reason`` render a
lazy text in Thai, however late it is rendered (a callback after commit still runs in the actor's
request), and a reason is cut to its column, since a person's comment can be long.
"""

import logging
from collections.abc import Iterable
from contextlib import AbstractContextManager

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import translation
from django.utils.functional import Promise

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
    with in_recipients_language():
        text, subject = str(text), str(subject)
    users = list({u.pk: u for u in users if u.is_active}.values())
    short = _cut(text, Notification._meta.get_field("text").max_length)  # the e-mail says it all
    Notification.objects.bulk_create(Notification(user=u, text=short, url=url) for u in users)
    body = f"{text}\n\n{absolute_url(url) if url else ''}".strip()
    mails = [(subject or text, body, settings.DEFAULT_FROM_EMAIL, [u.email]) for u in users if u.email]
    try:
        send_mass_mail(mails, fail_silently=False)
    except Exception:  # SMTP errors come in many kinds; the in-app notice is already saved
        log.exception("could not e-mail %d notifications", len(mails))
    return len(users)


def _cut(text: str, length: int | None) -> str:
    if length is None or len(text) <= length:
        return text
    return text[: length - 1] + "…"


def record_reason(sender, history_instance, **kwargs) -> None:
    """Before a history row is written (simple_history's ``pre_create_historical_record``): its
    reason in the recipients' language if it is still a lazy text, cut to the column's length
    (100 characters) so that a long comment never fails the save."""
    reason = history_instance.history_change_reason
    if not reason:
        return
    if isinstance(reason, Promise):
        with in_recipients_language():
            reason = str(reason)
    field = history_instance._meta.get_field("history_change_reason")
    history_instance.history_change_reason = _cut(reason, field.max_length)
