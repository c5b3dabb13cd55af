"""Forms of the KM teams' pages: a roster's row, a new agency roster, an agency roster's knowledge.

Rows are written by ``teams.services`` (one save path keeps order, the one-copy rule and, for an
issue's team, its editors); the forms check what a person typed and say in Thai what is wrong.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import GuardedModelForm, IdChoiceField
from core.models import Agency, FiscalYear, User
from core.thai import thai_order
from teams import services
from teams.models import SINGLE_ROLES, MemberRole, Team, TeamMember
from worksheets.lifecycle import knowledge_for_action_plans
from worksheets.models import KnowledgeItem


class AccountChoiceField(IdChoiceField):
    def label_from_instance(self, user: User) -> str:
        name = f"{user.first_name} {user.last_name}".strip() or user.username
        return f"{name} ({user.agency.name})" if user.agency_id else name


class KnowledgeChoiceField(IdChoiceField):
    def label_from_instance(self, item: KnowledgeItem) -> str:
        issue = item.process.kpi.issue
        return f"{_('Strategic issue')} {issue.number} · {item.name}"


def knowledge_choices(fiscal_year: FiscalYear, agencies):
    """Knowledge an agency's roster may be for: chosen in a finalised worksheet 4 of the year and
    named for one of ``agencies`` in worksheet 3 (``services.check_knowledge`` decides on save)."""
    return (
        knowledge_for_action_plans(fiscal_year)
        .filter(Q(responsible_agencies__in=agencies) | Q(involved_agencies__in=agencies))
        .distinct()
        .select_related("process__kpi__issue")
        .order_by("process__kpi__issue__number", "process__kpi__number", "process__order", "order")
    )


class MemberForm(GuardedModelForm):
    """One row of a roster (ลำดับ is the roster's order, not typed). Saving checks that nobody
    changed the row since the page was opened, as every form of the project does."""

    class Meta:
        model = TeamMember
        fields = [
            "user", "title", "first_name", "last_name", "position", "agency", "role", "km_function",
            "phone", "email",
        ]  # fmt: skip
        field_classes = {"user": AccountChoiceField}
        help_texts = {
            "title": _("นาย, นาง, นางสาว or a rank such as ว่าที่ร้อยตรี."),
            "phone": _("For example 081-234-5678 or 043-811-234 ต่อ 12."),
        }

    def __init__(self, *args, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        self.instance.team = team
        if self.instance.pk is None and not self.initial.get("role"):
            self.initial["role"] = MemberRole.MEMBER  # most rows of a roster are KM Team
        province = team.fiscal_year.province_id
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, agency__province_id=province)
            .select_related("agency")
            .order_by(thai_order("first_name"), thai_order("last_name"), "pk")
        )
        self.fields["user"].help_text = _(
            "Optional. A row linked to an account shows the account's name, position, phone and "
            "e-mail, so they are kept in one place; the fields for them below are then left empty."
        )
        if team.kind == Team.Kind.ISSUE:
            # Worksheet 5 spans agencies: สังกัด is a column of its roster.
            self.fields["agency"].queryset = Agency.objects.filter(province_id=province).order_by(
                thai_order("name")
            )
            self.fields["agency"].label = _("Affiliation")
        else:
            del self.fields["agency"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("user") and not cleaned.get("first_name") and "first_name" not in self.errors:
            self.add_error("first_name", _("Enter the member's name or link the row to a user account."))
        role = cleaned.get("role")
        if role in SINGLE_ROLES and self.team.members.filter(role=role).exclude(pk=self.instance.pk).exists():
            self.add_error("role", _("A team has at most one CEO, one CKO and one team head."))
        return cleaned

    def lock(self) -> None:
        services.lock(self.team)

    def write(self) -> None:
        services.save_member(self.instance)


class AgencyTeamForm(forms.Form):
    """Start an agency's roster (worksheet 6) for one of the agencies the person works for."""

    agency = IdChoiceField(queryset=Agency.objects.none(), label=_("Agency/organisation"))
    knowledge = KnowledgeChoiceField(
        queryset=KnowledgeItem.objects.none(),
        required=False,
        label=_("Name of the necessary knowledge"),
    )

    def __init__(self, *args, fiscal_year: FiscalYear, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fiscal_year = fiscal_year
        self.fields["agency"].queryset = agencies
        self.fields["knowledge"].queryset = knowledge_choices(fiscal_year, agencies)
        if services.knowledge_required(fiscal_year):
            self.fields["knowledge"].required = True
        else:
            self.fields["knowledge"].help_text = _(
                "It may be left blank until worksheet 4 is finalised; choose it then."
            )

    def clean(self):
        cleaned = super().clean()
        agency, knowledge = cleaned.get("agency"), cleaned.get("knowledge")
        if agency and knowledge:
            try:
                services.check_knowledge(self.fiscal_year, agency, knowledge)
            except forms.ValidationError as refused:
                self.add_error("knowledge", refused.message_dict["knowledge"])
        return cleaned


class KnowledgeForm(forms.Form):
    """Name (or, until worksheet 4 is finalised, clear) the knowledge of an agency's roster."""

    knowledge = KnowledgeChoiceField(
        queryset=KnowledgeItem.objects.none(), required=False, label=_("Name of the necessary knowledge")
    )

    def __init__(self, *args, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        self.fields["knowledge"].queryset = knowledge_choices(team.fiscal_year, [team.agency_id])
        self.fields["knowledge"].required = services.knowledge_required(team.fiscal_year)
