"""The KM teams' pages: the fiscal year's teams, one roster laid out as the seed's worksheet 5
(a strategic issue's team) or 6 (an agency's team) or the provincial team, and its editing:
starting a roster, adding, changing, moving and removing its rows, naming its knowledge."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import years
from core.permissions import allowed, is_km_team, is_open_year, member_required, refuse_if_closed
from core.thai import thai_order
from teams import services
from teams.access import (
    agencies_for_new_team,
    can_edit_team,
    get_editable_team_for_user,
    get_member_for_editor,
    get_team_for_user,
    shown_contact,
)
from teams.forms import AgencyTeamForm, KnowledgeForm, MemberForm
from teams.models import Team, TeamMember
from worksheets.models import StrategicIssue


@member_required
def team_list(request: HttpRequest) -> HttpResponse:
    """The selected fiscal year's provincial team, one row per strategic issue (worksheet 5) and
    the agencies' teams (worksheet 6), each with its number of members."""
    year = years.selected_fiscal_year(request)
    province_team, issues, agency_teams = None, [], []
    if year:
        teams = Team.objects.filter(fiscal_year=year).annotate(size=Count("members"))
        province_team = teams.filter(kind=Team.Kind.PROVINCE).first()
        issues = list(
            StrategicIssue.objects.filter(fiscal_year=year)
            .order_by("number")
            .prefetch_related(Prefetch("teams", queryset=teams, to_attr="km_teams"))
        )
        agency_teams = list(
            teams.filter(kind=Team.Kind.AGENCY)
            .select_related("agency", "knowledge")
            .order_by(thai_order("agency__name"), thai_order("knowledge__name"), "pk")
        )
    is_open = year is not None and is_open_year(year)
    return render(
        request,
        "teams/team_list.html",
        {
            "fiscal_year": year,
            "province": request.user.agency.province,
            "province_team": province_team,
            "issues": issues,
            "agency_teams": agency_teams,
            "can_start_province": is_open and province_team is None and is_km_team(request.user),
            "can_start_agency": is_open and agencies_for_new_team(request.user).exists(),
        },
    )


@member_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One roster in role order. Everyone of the province reads names, positions and roles; phone
    and e-mail are shown in full only to those ``can_see_contact`` allows, masked to the rest.
    Those who may change the roster see its editing buttons."""
    team = get_team_for_user(request, pk)
    prefetch_related_objects([team], "members", "members__user__agency", "members__agency")
    members = list(team.members.all())
    rows = []
    for i, member in enumerate(members):
        phone, email = shown_contact(request.user, member)
        rows.append(
            {
                "member": member,
                "phone": phone,
                "email": email,
                # Rows move within their role only (the roster keeps the seed's order of roles).
                "first_of_role": i == 0 or members[i - 1].role != member.role,
                "last_of_role": i == len(members) - 1 or members[i + 1].role != member.role,
            }
        )
    return render(
        request,
        "teams/team_detail.html",
        {
            "team": team,
            "issue": team.worksheet_issue,
            "rows": rows,
            "fiscal_year": team.fiscal_year,
            "province": team.fiscal_year.province,
            "with_agency": team.kind == Team.Kind.ISSUE,
            "can_edit": can_edit_team(request.user, team),
        },
    )


def _no_year(request: HttpRequest) -> HttpResponse:
    messages.error(request, _("There is no fiscal year yet."))
    return redirect("team-list")


@require_POST
@allowed(is_km_team)
def team_start_province(request: HttpRequest) -> HttpResponse:
    """The provincial KM team starts the selected year's provincial roster (one per year)."""
    year = years.selected_fiscal_year(request)
    if year is None:
        return _no_year(request)
    refuse_if_closed(year)
    try:
        team = services.start_roster(Team.Kind.PROVINCE, year)
    except (ValidationError, IntegrityError):
        # Started meanwhile by someone else: open theirs.
        team = Team.objects.filter(kind=Team.Kind.PROVINCE, fiscal_year=year).first()
        if team is None:
            raise
        messages.info(request, _("The provincial KM team's roster was already started."))
    else:
        messages.success(request, _("The roster is started. Add its members."))
    return redirect("team-detail", pk=team.pk)


@member_required
def team_start(request: HttpRequest) -> HttpResponse:
    """An agency's KM team or coordinator (or the provincial KM team) starts a worksheet-6 roster
    for one of its agencies and, once worksheet 4 is finalised, one necessary knowledge item."""
    agencies = agencies_for_new_team(request.user)
    if not agencies.exists():
        raise PermissionDenied
    year = years.selected_fiscal_year(request)
    if year is None:
        return _no_year(request)
    refuse_if_closed(year)
    form = AgencyTeamForm(request.POST or None, fiscal_year=year, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.start_roster(
                Team.Kind.AGENCY,
                year,
                agency=form.cleaned_data["agency"],
                knowledge=form.cleaned_data["knowledge"],
            )
        except ValidationError as refused:
            form.add_error(None, refused.messages)
        except IntegrityError:
            form.add_error(None, _("This agency already has a KM team for this knowledge."))
        else:
            messages.success(request, _("The roster is started. Add its members."))
            return redirect("team-detail", pk=team.pk)
    return render(request, "teams/team_start.html", {"form": form, "fiscal_year": year})


@member_required
def team_knowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """Name the necessary knowledge of an agency's roster (worksheet 6's header)."""
    team = get_editable_team_for_user(request, pk)
    if team.kind != Team.Kind.AGENCY:
        raise Http404
    form = KnowledgeForm(request.POST or None, team=team, initial={"knowledge": team.knowledge_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_knowledge(team, form.cleaned_data["knowledge"])
        except ValidationError as refused:
            form.add_error(None, refused.messages)
        except IntegrityError:
            form.add_error(None, _("This agency already has a KM team for this knowledge."))
        else:
            messages.success(request, _("The necessary knowledge of the roster is saved."))
            return redirect("team-detail", pk=team.pk)
    return render(request, "teams/team_knowledge.html", {"form": form, "team": team})


def _member_page(request: HttpRequest, team: Team, member: TeamMember) -> HttpResponse:
    form = MemberForm(request.POST or None, team=team, instance=member)
    if request.method == "POST" and form.is_valid():
        adding = member.pk is None
        try:
            saved = form.save()
        except MemberForm.Stale:
            pass
        except ValidationError as refused:
            # Checked again under the roster's lock: someone else took the role meanwhile.
            form.add_error(None, refused.messages)
        else:
            done = _("%(name)s is added to the roster.") if adding else _("%(name)s is saved.")
            messages.success(request, done % {"name": saved.full_name})
            return redirect(f"{reverse('team-detail', args=[team.pk])}#member-{saved.pk}")
    return render(request, "teams/member_form.html", {"form": form, "team": team, "member": member})


@member_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a row; it goes after the last of its role."""
    team = get_editable_team_for_user(request, pk)
    return _member_page(request, team, TeamMember(team=team))


@member_required
def member_edit(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    member = get_member_for_editor(request, pk, member_pk)
    return _member_page(request, member.team, member)


@require_POST
@member_required
def member_move(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """Swap a row with the one above (``direction=up``) or below it, within its role."""
    member = get_member_for_editor(request, pk, member_pk)
    services.move_member(member, up=request.POST.get("direction") == "up")
    return redirect(f"{reverse('team-detail', args=[pk])}#member-{member.pk}")


@require_POST
@member_required
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """Take a person off the roster; their phone and e-mail are erased with the row (PDPA), while
    their name and role stay readable in the roster's history."""
    member = get_member_for_editor(request, pk, member_pk)
    name = member.full_name
    services.remove_member(member)
    messages.success(request, _("%(name)s is removed from the roster.") % {"name": name})
    return redirect("team-detail", pk=pk)
