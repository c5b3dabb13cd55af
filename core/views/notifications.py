from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.permissions import member_required


@member_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first; opening the list marks them read."""
    notifications = list(request.user.notifications.all()[:100])
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "core/notification_list.html", {"notifications": notifications})
