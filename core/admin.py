from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from core.models import Agency, FiscalYear, Province, ProvincialPlan, RoleAssignment, User


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "thai_numerals"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "province", "is_active"]
    list_filter = ["province", "kind", "is_active"]
    search_fields = ["name", "short_name"]


@admin.register(FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    list_display = ["year", "province"]


@admin.register(ProvincialPlan)
class ProvincialPlanAdmin(admin.ModelAdmin):
    list_display = ["province", "first_year", "last_year"]


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    fields = ["role", "province", "agency"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "is_active"]
    list_filter = ["agency", "is_active", "is_staff"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Kalasin KM"), {"fields": ["agency", "position", "phone"]}),)
    inlines = [RoleInline]
