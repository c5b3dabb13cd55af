import datetime
import hashlib

from django import forms
from django.db import models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext_lazy as _

from core import fiscal, thai
from core.models import (
    SINGLE_HOLDER_ROLES,
    Agency,
    Role,
    RoleAssignment,
    User,
)
from core.permissions import forget_grants, grantable_roles, manageable_agencies

# The largest primary key (BigAutoField) any table of the project holds.
MAX_ID = BaseDatabaseOperations.integer_field_ranges["BigAutoField"][1]


def bounded_int(raw, low: int, high: int) -> int | None:
    """The whole number written in ``raw`` (a form value, a query parameter) when it lies in
    ``low``–``high``; None for anything else.

    Unlike ``int()`` it never raises: ``"abc"``, ``"NaN"``, ``"1e309"``, ``"²"``, a NUL byte and 30
    digits are all None, so hostile input becomes "not found" or a form error, never a 500 (and
    never a number the database column cannot hold). ``bounded_int("2569", 2500, 2700) == 2569``.
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= len(str(high)):
        value = int(raw)
    else:
        return None
    return value if low <= value <= high else None


def parse_id(raw) -> int | None:
    """The row id written in ``raw``, or None when it can be no row's id (see ``bounded_int``)."""
    return bounded_int(raw, 1, MAX_ID)


class IdChoiceField(forms.ModelChoiceField):
    """A choice of one row that refuses what can be no id as an invalid choice.

    Django's own field passes any text to the database, where 30 digits overflow SQLite.
    """

    def to_python(self, value):
        if value in self.empty_values or isinstance(value, self.queryset.model) or self.to_field_name:
            return super().to_python(value)
        if parse_id(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several rows that refuses what can be no id (see ``IdChoiceField``)."""

    def _check_values(self, value):
        if not self.to_field_name:
            for pk in value:
                if not isinstance(pk, self.queryset.model) and parse_id(pk) is None:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)


def _formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """The form field of a model field in every ``ModelForm`` of the project: a relation takes
    only ids, and a number only what its column holds on PostgreSQL (SQLite would take more)."""
    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", IdMultipleChoiceField)
    elif isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", IdChoiceField)
    elif isinstance(db_field, models.IntegerField) and not db_field.choices:
        low, high = BaseDatabaseOperations.integer_field_ranges[db_field.get_internal_type()]
        kwargs.setdefault("min_value", low)
        kwargs.setdefault("max_value", high)
    return db_field.formfield(**kwargs)


class ModelForm(forms.ModelForm):
    """The project's model form: every model form derives from it (tests/test_hostile_input.py
    checks), so that its relations and numbers refuse hostile input with a form error.

    Django reads ``Meta.formfield_callback`` only from the form's own ``Meta``: a subclass's
    ``Meta`` receives it here, before Django builds the fields.
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        meta = cls.__dict__.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = _formfield


class BuddhistYearField(forms.IntegerField):
    """A Buddhist-Era year (2569) within the years the app knows (``fiscal.FIRST_YEAR``–``LAST_YEAR``);
    a Christian-Era year (2026) is refused with a message that says so."""

    def __init__(self, **kwargs):
        kwargs.update(min_value=fiscal.FIRST_YEAR, max_value=fiscal.LAST_YEAR)
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("min_value", _("Enter the year in the Buddhist Era (e.g. 2566)."))
        kwargs["error_messages"].setdefault(
            "max_value", _("Enter a Buddhist-Era year no later than %(limit_value)s.")
        )
        super().__init__(**kwargs)


class ThaiDateInput(forms.TextInput):
    """A date box that shows and takes ``31/03/2569``: a person never reads or types 2026."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {"placeholder": _("dd/mm/yyyy (B.E.)"), "inputmode": "numeric"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return thai.format_numeric_date(value)
        return value


class ThaiDateField(forms.DateField):
    widget = ThaiDateInput
    default_error_messages = {
        "invalid": _("Enter a date as day/month/year in the Buddhist Era, e.g. 31/03/2569."),
        "gregorian": _("Enter the year in the Buddhist Era (e.g. 2569), not the Christian Era."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return thai.parse_numeric_date(str(value))
        except ValueError as error:
            code = "gregorian" if str(error) == "gregorian" else "invalid"
            raise forms.ValidationError(self.error_messages[code], code=code) from error

    def strptime(self, value, format):  # pragma: no cover - to_python handles every input
        raise NotImplementedError


class AgencyForm(ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "short_name", "kind", "district", "email", "phone", "is_active"]

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.province = province
        self.fields["district"].queryset = province.districts.all()

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        clash = Agency.objects.filter(province=self.instance.province, name=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("An agency with this name already exists."))
        return name


class UserForm(ModelForm):
    """A user of an agency and the roles they hold.

    Agency roles are held for the user's own agency. The editor is offered only the roles they
    may give (``core.permissions.grantable_roles``): province-level roles and the agency's CKO and
    head only to the provincial KM team. A role the editor may not give they cannot take away
    either. Which accounts an editor may open at all is ``core.access.get_user_for_manager``'s
    business.
    """

    roles = forms.MultipleChoiceField(label=_("Roles"), required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "position", "phone", "agency", "is_active"]

    def __init__(self, *args, editor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = editor
        self.grantable = {(str(role), scope) for role, scope in grantable_roles(editor)}
        self.fields["agency"].queryset = manageable_agencies(editor).filter(is_active=True) | (
            Agency.objects.filter(pk=self.instance.agency_id)
            if self.instance.agency_id
            else Agency.objects.none()
        )
        self.fields["agency"].required = True
        self.fields["email"].required = True
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        labels = {
            "agency": _("%(role)s of the user's agency"),
            "province": _("%(role)s (province level)"),
        }
        self.fields["roles"].choices = [
            (f"{role}@{scope}", labels[scope] % {"role": Role(role).label})
            for role, scope in grantable_roles(editor)
        ]
        if (Role.CKO.value, "agency") not in self.grantable:
            self.fields["roles"].help_text = _(
                "The agency's CKO and head and the province-level roles are given by the provincial KM team."
            )
        self.old_email = self.instance.email if self.instance.pk else ""
        if self.instance.pk:
            self.fields["roles"].initial = [
                f"{a.role}@{'province' if a.agency_id is None else 'agency'}"
                for a in self.instance.role_assignments.all()
            ]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another user already has this e-mail address."))
        return email

    def clean(self):
        cleaned = super().clean()
        agency = cleaned.get("agency")
        roles = cleaned.get("roles") or []
        if agency is None:
            return cleaned
        for choice in roles:
            role, scope = choice.split("@")
            if role not in SINGLE_HOLDER_ROLES:
                continue
            holders = RoleAssignment.objects.filter(role=role, province=agency.province).exclude(
                user=self.instance.pk
            )
            holders = (
                holders.filter(agency=agency) if scope == "agency" else holders.filter(agency__isnull=True)
            )
            holder = holders.select_related("user").first()
            if holder:
                where = agency.name if scope == "agency" else agency.province.name
                self.add_error(
                    "roles",
                    _("%(where)s already has a %(role)s: %(name)s. Remove that role from them first.")
                    % {"where": where, "role": Role(role).label, "name": holder.user},
                )
        return cleaned

    @property
    def email_changed(self) -> bool:
        """An existing account's e-mail was changed: its old address should be told."""
        return bool(self.old_email) and self.cleaned_data.get("email") != self.old_email.lower()

    @transaction.atomic
    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        if not user.pk:
            user.set_unusable_password()
        user.save()
        wanted = {tuple(choice.split("@")) for choice in self.cleaned_data["roles"]}
        keep = set()
        for assignment in user.role_assignments.all():
            scope = "province" if assignment.agency_id is None else "agency"
            key = (assignment.role, scope)
            still = key not in self.grantable or (
                key in wanted and (scope == "province" or assignment.agency_id == user.agency_id)
            )
            if still:
                keep.add(key)
            else:
                assignment.delete()
        for role, scope in wanted - keep:
            RoleAssignment.objects.create(
                user=user,
                role=role,
                province=user.agency.province,
                agency=None if scope == "province" else user.agency,
                granted_by=self.editor,
            )
        forget_grants(user)
        return user


class GuardedModelForm(ModelForm):
    """A model form that refuses to overwrite what someone else saved after the page was opened.

    The page carries a fingerprint of the saved values it showed (``seen``); a row not saved yet
    has the fingerprint of an empty row, so a first save is guarded like any other. ``save``
    locks (``lock``), compares the row as saved now (``saved_row``) with the page's fingerprint
    and writes, in one transaction: of two saves at once, the second waits and is compared with
    the first. When the row has changed since, nothing is saved and ``Stale`` is raised: the
    person's own text stays in the form, the values saved now are shown beside it
    (``stale_values``), and a second save replaces them knowingly.
    """

    class Stale(Exception):
        """Someone else saved the row after the page was opened; the form says what they saved."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    stale_message = _(
        "Someone else saved this page after you opened it. Your text is still in the form; "
        "the text saved now is shown below it. Save again to replace it with yours."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stale_values: list[tuple[str, str]] = []

    def get_initial_for_field(self, field, field_name):
        # Taken when the page is drawn, after a subclass has dropped the fields it does not show.
        if field_name == "seen":
            return self._fingerprint(self.instance)
        return super().get_initial_for_field(field, field_name)

    @property
    def _guarded(self) -> list[str]:
        """The model fields this form shows (a form may drop some of its ``Meta.fields``)."""
        return [name for name in self._meta.fields if name in self.fields]

    def _fingerprint(self, instance) -> str:
        """Of the form's fields as saved; ``None`` (no row yet) has the fingerprint of an empty row."""
        values = [str(getattr(instance, name, "") or "") for name in self._guarded]
        return hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:20]

    @staticmethod
    def _shown(row, name: str) -> str:
        """A saved value as a person reads it: a choice by its label."""
        display = getattr(row, f"get_{name}_display", None)
        value = display() if display else getattr(row, name, "")
        return value or "—"

    def lock(self) -> None:
        """Serialise saves of the row; called inside the save's transaction. A form whose row may
        not exist yet locks the row's parent instead."""
        if self.instance.pk is not None:
            type(self.instance)._default_manager.select_for_update().filter(pk=self.instance.pk).first()

    def saved_row(self):
        """The row as saved now, or None. A form whose row may not exist yet finds it by its parent."""
        if self.instance.pk is None:
            return None
        return type(self.instance)._default_manager.filter(pk=self.instance.pk).first()

    def save(self, commit: bool = True):
        """Check and write in one transaction under the lock; ``Stale`` when the row changed."""
        if self.errors or not commit:
            raise ValueError("save a valid guarded form in one step (commit=True)")
        with transaction.atomic():
            self.lock()
            saved = self.saved_row()
            current = self._fingerprint(saved)
            seen = self.add_prefix("seen")
            # The page always sends "seen"; a post without it (a script) is not guarded.
            if seen in self.data and self.data[seen] != current:
                self.stale_values = [
                    (str(self.fields[name].label), self._shown(saved, name)) for name in self._guarded
                ]
                # The next save is made knowing what it replaces.
                self.data = self.data.copy()
                self.data[seen] = current
                self.add_error(None, forms.ValidationError(self.stale_message, code="stale"))
                raise self.Stale
            if saved is not None and self.instance.pk is None:
                # Made meanwhile, exactly as the page showed it (empty): this save fills it in.
                self.instance.pk, self.instance._state.adding = saved.pk, False
            self.write()
        return self.instance

    def write(self) -> None:
        """Write the checked row, inside ``save``'s transaction and lock. A form whose rows are
        written by a service (which keeps more rules than the row's own) calls it here."""
        if self.instance._state.adding:
            self.instance.save()
        else:
            # Only the form's fields: another page may be changing the row's other fields.
            self.instance.save(update_fields=self._guarded)
        self._save_m2m()
