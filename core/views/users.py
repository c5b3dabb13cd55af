from django.contrib import messages
from django.contrib.auth.forms import PasswordResetForm
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import UserForm, parse_id
from core.models import RoleAssignment, User
from core.permissions import allowed, can_manage_users, can_manage_users_of, manageable_agencies
from core.thai import thai_order


def get_user_for_manager(request: HttpRequest, pk: int) -> User:
    """A user whose agency the manager manages; 404 for anyone else, so none can be probed."""
    user = get_object_or_404(User.objects.select_related("agency__province"), pk=pk)
    if user.agency is None or not can_manage_users_of(request.user, user.agency):
        raise Http404
    return user


class SetPasswordLinkForm(PasswordResetForm):
    """Django's reset e-mail, sent to one given user.

    Django's own form skips users without a usable password, and a new user has none until they
    follow the link.
    """

    def __init__(self, user: User):
        super().__init__({"email": user.email})
        self.user = user

    def get_users(self, email):
        return [self.user]


def send_set_password_email(request: HttpRequest, user: User) -> None:
    """E-mail the user a link to set (or reset) their own password; nobody else ever sees it."""
    form = SetPasswordLinkForm(user)
    form.is_valid()
    form.save(
        request=request,
        use_https=request.is_secure(),
        subject_template_name="registration/password_set_subject.txt",
        email_template_name="registration/password_set_email.txt",
    )


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
    return render(
        request,
        "core/user_list.html",
        {
            "users": users,
            "agencies": agencies,
            "agency_id": agency_id,
        },
    )


@allowed(can_manage_users)
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None, editor=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        send_set_password_email(request, user)
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
        messages.success(request, _("User %(name)s saved.") % {"name": user})
        return redirect("user-list")
    return render(request, "core/user_form.html", {"form": form, "edited": user})


@require_POST
@allowed(can_manage_users)
def user_send_reset(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_user_for_manager(request, pk)
    send_set_password_email(request, user)
    messages.success(request, _("A password link was sent to %(email)s.") % {"email": user.email})
    return redirect("user-edit", pk=user.pk)
