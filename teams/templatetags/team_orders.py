"""What a roster page shows of the team's appointment order: ``{% appointment_order_panel team %}``.

A tag, so the roster page needs one include line and no view change: it asks ``teams.access``
who may change the order and reads the order in one query.
"""

from django import template

from teams.access import can_edit_team
from teams.forms_orders import OrderForm
from teams.models import AppointmentOrder

register = template.Library()


@register.simple_tag(takes_context=True)
def appointment_order_panel(context, team, form=None) -> dict:
    """The team's order (or None), whether the user may attach or remove it, and the upload form
    (the page's own bound form after a refused upload)."""
    can_edit = can_edit_team(context["request"].user, team)
    return {
        "order": AppointmentOrder.objects.filter(team=team).select_related("uploaded_by").first(),
        "can_edit": can_edit,
        "form": (form or OrderForm()) if can_edit else None,
    }
