from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.access import get_agency_for_manager
from core.forms import AgencyForm
from core.models import Agency
from core.permissions import allowed, can_manage_agencies
from core.thai import thai_order


@allowed(can_manage_agencies)
def agency_list(request: HttpRequest) -> HttpResponse:
    # Django drops Meta.ordering from a query with GROUP BY, so the count needs the order again.
    agencies = (
        Agency.objects.filter(province_id=request.user.agency.province_id)
        .annotate(user_count=Count("users"))
        .order_by(thai_order("name"))
    )
    return render(request, "core/agency_list.html", {"agencies": agencies})


@allowed(can_manage_agencies)
def agency_create(request: HttpRequest) -> HttpResponse:
    form = AgencyForm(request.POST or None, province=request.user.agency.province)
    if request.method == "POST" and form.is_valid():
        agency = form.save()
        messages.success(request, _("Agency “%(name)s” added.") % {"name": agency.name})
        return redirect("agency-list")
    return render(request, "core/agency_form.html", {"form": form})


@allowed(can_manage_agencies)
def agency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_agency_for_manager(request, pk)
    form = AgencyForm(request.POST or None, instance=agency, province=agency.province)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Agency “%(name)s” saved.") % {"name": agency.name})
        return redirect("agency-list")
    return render(request, "core/agency_form.html", {"form": form, "agency": agency})
