from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, Department, Skill, Team, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "role", "team", "department", "seniority", "is_active")
    list_filter = ("role", "team", "department", "is_active")
    search_fields = ("username", "display_name", "email")
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Bihuan"), {"fields": ("role", "display_name", "team", "department", "skills",
                                  "seniority", "languages")}),
    )


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "department")


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("code", "name")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked")
    readonly_fields = ("digest", "prefix", "created_at", "last_used_at")
