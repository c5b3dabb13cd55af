"""Account e-mails: the link to set a password, and the notice that an address was changed.

They are written in Thai whatever language the person who acts reads (``in_recipients_language``)
and link to ``settings.SITE_URL``, so a link made from a command or behind a proxy still works.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.models import User
from core.notify import absolute_url, in_recipients_language

log = logging.getLogger(__name__)


class SitePasswordResetForm(PasswordResetForm):
    """Django's password e-mail, linking to ``SITE_URL`` and written in Thai.

    The "forgotten password" page uses it as it is; ``SetPasswordLinkForm`` sends it to one user.
    """

    def save(self, **kwargs) -> None:
        site = urlsplit(settings.SITE_URL)
        kwargs.update(domain_override=site.netloc, use_https=site.scheme == "https")
        with in_recipients_language():
            super().save(**kwargs)


class SetPasswordLinkForm(SitePasswordResetForm):
    """The password e-mail sent to one given user.

    Django's own form skips users without a usable password, and a new user has none until they
    follow the link.
    """

    def __init__(self, user: User):
        super().__init__({"email": user.email})
        self.user = user

    def get_users(self, email):
        return [self.user]


def send_set_password_email(user: User) -> None:
    """E-mail the user a link to set (or reset) their own password; nobody else ever sees it."""
    form = SetPasswordLinkForm(user)
    form.is_valid()
    form.save(
        subject_template_name="registration/password_set_subject.txt",
        email_template_name="registration/password_set_email.txt",
    )


def set_password_link(user: User) -> str:
    """The one-use link with which ``user`` sets a password, for whoever will hand it over."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return absolute_url(path)


def tell_old_address(user: User, old_email: str, changed_by: User) -> None:
    """Tell the old address that the account's e-mail was changed, by whom and when.

    Whoever controls the address can receive a password link: if the change was not the owner's
    wish, this e-mail is how they learn it in time to ask the KM team.
    """
    context = {
        "user": user,
        "old_email": old_email,
        "new_email": user.email,
        "changed_by": changed_by,
        "changed_at": timezone.now(),
    }
    with in_recipients_language():
        subject = "".join(render_to_string("registration/email_changed_subject.txt", context).splitlines())
        body = render_to_string("registration/email_changed_email.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [old_email])
    except Exception:  # SMTP errors come in many kinds; the change itself is saved
        log.exception("could not tell the old address of user %s", user.pk)
