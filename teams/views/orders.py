"""A KM team's appointment order (คำสั่งแต่งตั้ง), attached as a signed scan: those who edit the
roster attach, replace and remove it; everyone of the province downloads it, only through here
(never from ``MEDIA_URL``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.documents.uploads import file_response
from core.permissions import member_required
from teams import services
from teams.access import get_editable_team_for_user, get_team_for_user
from teams.forms_orders import OrderForm
from teams.models import AppointmentOrder

HISTORY_ROWS = 50


def _roster(team) -> str:
    return reverse("team-detail", args=[team.pk]) + "#appointment-order"


@member_required
def team_order(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach or replace the order. A refused file changes nothing: the old order stays."""
    team = get_editable_team_for_user(request, pk)
    form = OrderForm(request.POST, request.FILES) if request.method == "POST" else OrderForm()
    if request.method == "POST" and form.is_valid():
        try:
            order = services.attach_order(team, form.cleaned_data["file"], request.user)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request, _("The appointment order %(name)s is attached.") % {"name": order.original_name}
            )
            return redirect(_roster(team))
    # Who attached, replaced and removed the team's orders, newest first (the files of replaced
    # orders are gone; their names stay here).
    history = (
        AppointmentOrder.history.filter(team_id=team.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:HISTORY_ROWS]
    )
    return render(request, "teams/order_form.html", {"team": team, "order_form": form, "history": history})


@require_POST
@member_required
def team_order_remove(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_editable_team_for_user(request, pk)
    if services.remove_order(team, request.user):
        messages.success(request, _("The appointment order was removed."))
    else:
        messages.info(request, _("The team had no appointment order."))
    return redirect(_roster(team))


@member_required
def team_order_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed scan as a download, for everyone who may read the team (404 for another
    province's team, or when no order is attached)."""
    team = get_team_for_user(request, pk)
    order = AppointmentOrder.objects.filter(team=team).first()
    if order is None:
        raise Http404
    return file_response(order.file, name=order.original_name, content_type=order.content_type)
