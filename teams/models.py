"""KM teams (ทีมงานจัดการความรู้): the provincial team, worksheet 5's team of a strategic issue and
worksheet 6's team of an agency, each with its roster.

Every model keeps its history (django-simple-history), except contact data: phone and e-mail are
personal data (PDPA) and stay out of the historical tables, so erasing them leaves nothing behind.
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.documents.uploads import StoredUpload, UnguessablePath, delete_stored_file
from core.models import Agency, FiscalYear
from core.validators import validate_thai_phone
from worksheets.models import KnowledgeItem, StrategicIssue


class Team(models.Model):
    """One KM team of a fiscal year: the province's, a strategic issue's (worksheet 5) or an
    agency's for one necessary knowledge item (worksheet 6)."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Provincial KM team")
        ISSUE = "issue", _("KM team of a strategic issue (worksheet 5)")
        AGENCY = "agency", _("KM team of an agency (worksheet 6)")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.PROTECT, related_name="teams", verbose_name=_("fiscal year")
    )
    issue = models.ForeignKey(
        StrategicIssue, on_delete=models.CASCADE, null=True, blank=True, related_name="teams",
        verbose_name=_("strategic issue"),
    )  # fmt: skip
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="teams",
        verbose_name=_("agency"),
    )  # fmt: skip
    # Until worksheet 4 is finalised the agency may start its roster with the knowledge left blank
    # (teams.services.start_roster allows one such roster per agency and year).
    knowledge = models.ForeignKey(
        KnowledgeItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="teams",
        verbose_name=_("necessary knowledge"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("KM team")
        verbose_name_plural = _("KM teams")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="province", issue__isnull=True, agency__isnull=True, knowledge__isnull=True)
                    | Q(kind="issue", issue__isnull=False, agency__isnull=True, knowledge__isnull=True)
                    | Q(kind="agency", issue__isnull=True, agency__isnull=False)
                ),
                name="team_kind_fits_links",
                violation_error_message=_("The kind of team does not match its issue, agency and knowledge."),
            ),
            models.UniqueConstraint(
                fields=["fiscal_year"],
                condition=Q(kind="province"),
                name="one_province_team_a_year",
                violation_error_message=_("This fiscal year already has a provincial KM team."),
            ),
            models.UniqueConstraint(
                fields=["issue"],
                condition=Q(issue__isnull=False),
                name="one_team_per_issue",
                violation_error_message=_("This strategic issue already has a KM team."),
            ),
            models.UniqueConstraint(
                fields=["agency", "knowledge"],
                condition=Q(knowledge__isnull=False),
                name="one_agency_team_per_knowledge",
                violation_error_message=_("This agency already has a KM team for this knowledge."),
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.ISSUE:
            return f"{self.get_kind_display()} — {self.issue}"
        if self.kind == self.Kind.AGENCY:
            return f"{self.get_kind_display()} — {self.agency}"
        return f"{self.get_kind_display()} — {self.fiscal_year}"

    @property
    def worksheet_issue(self) -> StrategicIssue | None:
        """The strategic issue the roster's worksheet names: the issue's own (worksheet 5), or the
        issue of its knowledge's KPI (worksheet 6, once the knowledge is chosen)."""
        if self.kind == self.Kind.AGENCY and self.knowledge_id:
            return self.knowledge.process.kpi.issue
        return self.issue


class MemberRole(models.TextChoices):
    """ทำหน้าที่เป็น: the roles of the seed's roster, in the seed's order."""

    CEO = "ceo", _("CEO")
    CKO = "cko", _("CKO")
    HEAD = "head", _("Team head")
    DEPUTY = "deputy", _("Deputy head")
    MEMBER = "member", _("KM Team")
    SECRETARY = "secretary", _("Secretary")
    ASSISTANT_SECRETARY = "assistant_secretary", _("Assistant secretary")


class KmFunction(models.TextChoices):
    """The KM function a member serves in, beside the role (optional)."""

    EUA = "eua", _("Khun Eua (enabler)")
    AMNUAY = "amnuay", _("Khun Amnuay (facilitator)")
    KIJ = "kij", _("Khun Kij (practitioner)")
    LIKIT = "likit", _("Khun Likit (note taker)")
    WISAT = "wisat", _("Khun Wisat (IT)")
    PROJECT_MANAGER = "project_manager", _("Project Manager")


ROLE_ORDER = [role.value for role in MemberRole]
SINGLE_ROLES = [MemberRole.CEO.value, MemberRole.CKO.value, MemberRole.HEAD.value]
# Rosters are always shown in the seed's order of roles, then in the team's order within a role.
ROLE_RANK = Case(*(When(role=role, then=Value(rank)) for rank, role in enumerate(ROLE_ORDER)))


class TeamMember(models.Model):
    """One row of a roster. A row linked to a user account shows the account's name, position,
    phone and e-mail, so personal data has one copy; an unlinked row keeps its own."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members", verbose_name=_("team"))
    order = models.PositiveSmallIntegerField(_("order"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="team_rows",
        verbose_name=_("user account"),
    )  # fmt: skip
    title = models.CharField(_("title or rank"), max_length=60, blank=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("agency"),
        help_text=_("The member's own agency: a team of a strategic issue spans agencies."),
    )  # fmt: skip
    role = models.CharField(_("role in the team"), max_length=20, choices=MemberRole.choices)
    km_function = models.CharField(_("KM function"), max_length=20, choices=KmFunction.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_thai_phone])
    email = models.EmailField(_("e-mail"), blank=True)
    history = HistoricalRecords(excluded_fields=["phone", "email"])

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = [ROLE_RANK.asc(), "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "role"],
                condition=Q(role__in=SINGLE_ROLES),
                name="one_ceo_cko_head_per_team",
                violation_error_message=_("A team has at most one CEO, one CKO and one team head."),
            ),
            models.UniqueConstraint(fields=["team", "role", "order"], name="team_member_order_unique"),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(first_name=""),
                name="team_member_has_a_name",
                violation_error_message=_("Enter the member's name or link the row to a user account."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        """A row linked to an account keeps no copy of the account's personal data: the roster
        shows the account's name, position, phone and e-mail (the title or rank stays the row's)."""
        if self.user_id:
            self.first_name = self.last_name = self.position = self.phone = self.email = ""

    # The one copy of personal data: the account's when linked, else the row's.
    @property
    def shown_first_name(self) -> str:
        return self.user.first_name if self.user_id else self.first_name

    @property
    def shown_last_name(self) -> str:
        return self.user.last_name if self.user_id else self.last_name

    @property
    def full_name(self) -> str:
        """ชื่อ - สกุล with the title or rank in front, as the seed's roster writes it."""
        name = " ".join(part for part in (self.shown_first_name, self.shown_last_name) if part)
        return f"{self.title}{name}" if self.title else name

    @property
    def shown_position(self) -> str:
        return self.user.position if self.user_id else self.position

    @property
    def shown_phone(self) -> str:
        return self.user.phone if self.user_id else self.phone

    @property
    def shown_email(self) -> str:
        return self.user.email if self.user_id else self.email

    @property
    def shown_agency_id(self) -> int | None:
        """สังกัด: the row's agency, else the linked account's."""
        if self.agency_id:
            return self.agency_id
        return self.user.agency_id if self.user_id else None


class AppointmentOrder(StoredUpload):
    """คำสั่งแต่งตั้ง: the signed scan of the order that appoints a team (PDF, PNG or JPEG), one per
    team. A new upload replaces it (``teams.services.attach_order``): the row is updated and the
    replaced file deleted from the storage, while the history keeps its name, size, who uploaded it
    and who replaced it when. The file is stored under a random name and handed out only by the
    ``team-order-file`` view (``core.documents.uploads``)."""

    team = models.OneToOneField(
        Team, on_delete=models.CASCADE, related_name="appointment_order", verbose_name=_("team")
    )
    file = models.FileField(_("file"), upload_to=UnguessablePath("teams/orders"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appointment order")
        verbose_name_plural = _("appointment orders")


# An order removed, or gone with its team: its file leaves the storage once that is committed.
post_delete.connect(delete_stored_file, sender=AppointmentOrder)
