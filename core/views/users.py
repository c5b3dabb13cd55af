from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import get_user_for_manager
from core.accounts import send_set_password_email, tell_old_address
from core.forms import UserForm, parse_id
from core.models import RoleAssignment, User
from core.permissions import allowed, can_manage_user, can_manage_users, manageable_agencies
from core.thai import thai_order


@allowed(can_manage_users)
def user_list(request: HttpRequest) -> HttpResponse:
    agencies = manageable_agencies(request.user)
    users = (
        User.objects.filter(agency__in=agencies)
        .select_related("agency")
        .prefetch_related(
            Prefetch("role_assignments", queryset=RoleAssignment.objects.select_related("agency"))
        )
        .order_by(thai_order("agency__name"), thai_order("first_name"), "last_name")
    )
    agency_id = parse_id(request.GET.get("agency"))
    if agency_id:
        users = users.filter(agency_id=agency_id)
    # A coordinator sees the agency's head and CKO too, but may not change their accounts.
    rows = [(u, can_manage_user(request.user, u)) for u in users]
    return render(
        request,
        "core/user_list.html",
        {
            "rows": rows,
            "agencies": agencies,
            "agency_id": agency_id,
        },
    )


@allowed(can_manage_users)
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None, editor=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        send_set_password_email(user)
        messages.success(
            request,
            _("User %(name)s added. An e-mail with a link to set a password was sent to %(email)s.")
            % {"name": user, "email": user.email},
        )
        return redirect("user-list")
    return render(request, "core/user_form.html", {"form": form})


@allowed(can_manage_users)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_user_for_manager(request, pk)
    form = UserForm(request.POST or None, instance=user, editor=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        if form.email_changed:
            tell_old_address(user, form.old_email, changed_by=request.user)
        messages.success(request, _("User %(name)s saved.") % {"name": user})
        return redirect("user-list")
    return render(request, "core/user_form.html", {"form": form, "edited": user})


@require_POST
@allowed(can_manage_users)
def user_send_reset(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_user_for_manager(request, pk)
    send_set_password_email(user)
    messages.success(request, _("A password link was sent to %(email)s.") % {"email": user.email})
    return redirect("user-edit", pk=user.pk)
