"""The bottom of the stack: provinces, agencies, fiscal years, users and their roles."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import fiscal
from core.thai import thai_order


class Province(models.Model):
    """A province runs one KM cycle a year. The demo has one (Kalasin); the data model has many."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    thai_numerals = models.BooleanField(
        _("Thai numerals in documents"), default=False,
        help_text=_("Print the digits of the province's PDF documents as Thai numerals (๐–๙)."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = [thai_order("name")]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """An อำเภอ of the province, with its code from the Department of Provincial Administration."""

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="districts", verbose_name=_("province")
    )
    code = models.CharField(_("code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """A government office (ส่วนราชการ) or partner organisation of a province."""

    class Kind(models.TextChoices):
        PROVINCE_OFFICE = "province_office", _("Provincial office")
        AGENCY = "agency", _("Government agency")
        LOCAL = "local", _("Local government")
        PARTNER = "partner", _("External partner")

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.AGENCY)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="agencies",
        verbose_name=_("district"), help_text=_("Empty for an office of the whole province."),
    )  # fmt: skip
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = [thai_order("name")]
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="agency_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ProvincialPlan(models.Model):
    """The province's development plan period (e.g. 2566–2570) with its vision and mission."""

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="plans", verbose_name=_("province")
    )
    first_year = models.PositiveSmallIntegerField(_("first fiscal year (B.E.)"))
    last_year = models.PositiveSmallIntegerField(_("last fiscal year (B.E.)"))
    vision = models.TextField(_("vision"))
    mission = models.TextField(_("mission"), blank=True)

    class Meta:
        verbose_name = _("provincial development plan")
        verbose_name_plural = _("provincial development plans")
        ordering = ["-first_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")), name="plan_period_order"
            ),
            models.UniqueConstraint(fields=["province", "first_year"], name="plan_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.first_year}–{self.last_year}"


class FiscalYear(models.Model):
    """One yearly KM cycle of a province, numbered in the Buddhist Era (2569 = Oct 2025–Sep 2026)."""

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="fiscal_years", verbose_name=_("province")
    )
    year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the provincial KM team after the 12-month round: the year's data becomes read-only.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "core.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    # Each close and reopen is a row here: who (``history_user``) and when.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="fiscal_year_unique"),
            models.CheckConstraint(condition=Q(year__gte=2400), name="fiscal_year_is_be"),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def start(self):
        return fiscal.start(self.year)

    @property
    def end(self):
        return fiscal.end(self.year)

    @property
    def round_ends(self):
        return fiscal.round_ends(self.year)

    def plan(self) -> ProvincialPlan | None:
        return (
            ProvincialPlan.objects.filter(
                province_id=self.province_id, first_year__lte=self.year, last_year__gte=self.year
            )
            .order_by("-first_year")
            .first()
        )


class User(AbstractUser):
    """A person who signs in. Every user but a technical superuser belongs to one agency."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("agency"),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def province(self) -> Province | None:
        return self.agency.province if self.agency_id else None


class Role(models.TextChoices):
    """What a person does in the KM cycle (DOMAIN.md, "Who uses it")."""

    KM_TEAM = "km_team", _("Provincial KM team")
    AGENCY_TEAM = "agency_team", _("Agency KM team")
    COORDINATOR = "coordinator", _("Agency coordinator")
    PROJECT_MANAGER = "project_manager", _("Agency project manager")
    CKO = "cko", _("CKO")
    CEO = "ceo", _("CEO")


PROVINCE_ROLES = (Role.KM_TEAM, Role.CKO, Role.CEO)
AGENCY_ROLES = (Role.AGENCY_TEAM, Role.COORDINATOR, Role.PROJECT_MANAGER, Role.CKO, Role.CEO)
SINGLE_HOLDER_ROLES = (Role.CKO, Role.CEO)


class RoleAssignment(models.Model):
    """A role held by a user, at province level (``agency`` empty) or for one agency.

    The province's CKO is a deputy governor and its CEO the governor; an agency has its own CKO
    and head (CEO). Each of those is held by one person at a time.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="+", verbose_name=_("province")
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("agency"),
        help_text=_("Empty for a province-level role."),
    )
    granted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(agency__isnull=True, role__in=[r.value for r in PROVINCE_ROLES])
                    | Q(agency__isnull=False, role__in=[r.value for r in AGENCY_ROLES])
                ),
                name="role_fits_scope",
            ),
            models.UniqueConstraint(fields=["user", "role", "agency"], name="role_once_per_agency"),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(agency__isnull=True),
                name="role_once_per_province",
            ),
            models.UniqueConstraint(
                fields=["agency", "role"],
                condition=Q(role__in=[r.value for r in SINGLE_HOLDER_ROLES]),
                name="one_agency_cko_ceo",
            ),
            models.UniqueConstraint(
                fields=["province", "role"],
                condition=Q(agency__isnull=True, role__in=[r.value for r in SINGLE_HOLDER_ROLES]),
                name="one_province_cko_ceo",
            ),
        ]

    def __str__(self) -> str:
        where = self.agency.name if self.agency_id else self.province.name
        return f"{self.get_role_display()} — {where}"

    @property
    def is_province_level(self) -> bool:
        return self.agency_id is None


class Notification(models.Model):
    """Something a person is told in the app (and by e-mail): e.g. a worksheet naming their
    agency was finalised."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(_("text"), max_length=500)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text
