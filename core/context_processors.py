from django.http import HttpRequest

from core import permissions
from core.years import selected_fiscal_year, years_of


def cycle(request: HttpRequest) -> dict:
    """What the base layout shows: the fiscal-year switcher, the user's agency and roles, menus."""
    user = getattr(request, "user", None)
    if user is None or not permissions.is_member(user):
        return {}
    return {
        "fiscal_year": selected_fiscal_year(request),
        "fiscal_years": years_of(request),
        "my_roles": user.role_assignments.select_related("agency").order_by("agency_id", "role"),
        "can_edit_strategy": permissions.can_edit_strategy(user),
        "can_manage_users": permissions.can_manage_users(user),
        "can_manage_agencies": permissions.can_manage_agencies(user),
        "unread_notifications": user.notifications.filter(read_at__isnull=True).count(),
    }
