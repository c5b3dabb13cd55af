from django.contrib import admin

from worksheets.models import Kpi, ScoringCriterion, StrategicIssue


class KpiInline(admin.StackedInline):
    model = Kpi
    extra = 0
    filter_horizontal = ["responsible_agencies", "involved_agencies"]


@admin.register(StrategicIssue)
class StrategicIssueAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "fiscal_year"]
    list_filter = ["fiscal_year"]
    inlines = [KpiInline]
    # Who is on an issue's team is its worksheet-5 roster alone (teams.services keeps this list).
    readonly_fields = ["members"]


@admin.register(ScoringCriterion)
class ScoringCriterionAdmin(admin.ModelAdmin):
    list_display = ["text", "worksheet", "order", "issue", "is_default"]
    list_filter = ["worksheet", "issue__fiscal_year"]
