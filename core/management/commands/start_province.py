"""Start a new installation: a province, its provincial office and its first provincial KM team.

A superuser made with ``createsuperuser`` belongs to no agency and so sees nothing of the app; the
provincial KM team is who adds agencies, users and fiscal years. This command makes that first
account. It refuses, changing nothing, when the province, the user name or the e-mail exists.

    python manage.py start_province --province กาฬสินธุ์ --username km.admin --email km@example.go.th

The new account gets an e-mail with a link to set its password (the default), or the link is
printed (``--print-link``), or the password is read from standard input (``--password-from-stdin``).
"""

import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation

from core.accounts import send_set_password_email, set_password_link
from core.models import Agency, Province, Role, RoleAssignment, User


class Command(BaseCommand):
    help = "Create a province, its provincial office and its first provincial KM-team account."
    stealth_options = ("stdin",)  # tests pass standard input, as createsuperuser's do

    def add_arguments(self, parser) -> None:
        parser.add_argument("--province", required=True, help="The province's Thai name, e.g. กาฬสินธุ์.")
        parser.add_argument("--province-en", default="", help="The province's English name, e.g. Kalasin.")
        parser.add_argument(
            "--office", help="The provincial office's name (default: สำนักงานจังหวัด + the province's name)."
        )
        parser.add_argument("--username", required=True, help="User name of the first KM-team account.")
        parser.add_argument("--email", required=True, help="E-mail address of the first KM-team account.")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        how = parser.add_mutually_exclusive_group()
        how.add_argument(
            "--password-from-stdin",
            action="store_true",
            help="Read the account's password from the first line of standard input.",
        )
        how.add_argument(
            "--print-link",
            action="store_true",
            help="Print the link to set the password instead of e-mailing it.",
        )

    def handle(self, *args, **options) -> None:
        # A server's console speaks English, as Django's own commands do; the e-mail is Thai.
        with translation.override("en"):
            self.start(options)

    def start(self, options: dict) -> None:
        name = " ".join(options["province"].split())
        office_name = " ".join((options["office"] or f"สำนักงานจังหวัด{name}").split())
        username = options["username"].strip()
        email = options["email"].strip().lower()
        if not name:
            raise CommandError("--province is empty.")
        if Province.objects.filter(name=name).exists():
            raise CommandError(
                f"Province {name} already exists: nothing was changed. Its provincial KM team adds "
                "agencies and users in the app; a lost password is set with `manage.py changepassword`."
            )
        if len(username) > User._meta.get_field("username").max_length:
            raise CommandError("--username is too long.")
        try:
            User.username_validator(username)
            validate_email(email)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if User.objects.filter(username=username).exists():
            raise CommandError(f"The user name {username} is taken: nothing was changed.")
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"Another user already has the e-mail {email}: nothing was changed.")

        user = User(
            username=username, email=email, first_name=options["first_name"], last_name=options["last_name"]
        )
        if options["password_from_stdin"]:
            password = (options.get("stdin") or sys.stdin).readline().rstrip("\r\n")
            if not password:
                raise CommandError("No password on standard input: nothing was changed.")
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            user.set_password(password)
        else:
            user.set_unusable_password()

        with transaction.atomic():
            province = Province.objects.create(name=name, name_en=options["province_en"].strip())
            office = Agency.objects.create(
                province=province, name=office_name, kind=Agency.Kind.PROVINCE_OFFICE
            )
            user.agency = office
            user.save()
            RoleAssignment.objects.create(user=user, role=Role.KM_TEAM, province=province, agency=None)

        self.stdout.write(
            self.style.SUCCESS(
                f"Province {province.name} started: {office.name} and its provincial KM-team account {username}."
            )
        )
        if options["password_from_stdin"]:
            self.stdout.write(f"{username} can log in now.")
        elif options["print_link"]:
            self.stdout.write(f"Link to set the password (works once; hand it only to {username}):")
            self.stdout.write(set_password_link(user))
        else:
            send_set_password_email(user)
            self.stdout.write(f"An e-mail with a link to set the password was sent to {email}.")
        self.stdout.write("Next, as that account: add the fiscal year, the agencies and their users.")
