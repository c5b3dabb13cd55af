"""Whether the teams page offers to copy last year's rosters: ``{% copy_rosters_offer fiscal_year %}``."""

from django import template

from core.models import FiscalYear
from core.permissions import is_km_team, is_open_year
from teams.models import Team

register = template.Library()


@register.simple_tag(takes_context=True)
def copy_rosters_offer(context, year) -> dict | None:
    """For the provincial KM team, when ``year`` has no rosters and the previous fiscal year of
    the province has some: that year and its number of teams. None otherwise (and for a closed
    year)."""
    if not year or not is_open_year(year) or not is_km_team(context["request"].user):
        return None
    if Team.objects.filter(fiscal_year=year).exists():
        return None
    previous = FiscalYear.objects.filter(province_id=year.province_id, year=year.year - 1).first()
    teams = Team.objects.filter(fiscal_year=previous).count() if previous else 0
    return {"previous": previous, "teams": teams} if teams else None
