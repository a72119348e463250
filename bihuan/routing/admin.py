"""Editors for routing rules, agent availability, calendars and SLA policies (Django admin)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bihuan.routing.clock import CalendarError, load_calendar

from .models import AgentStatus, BusinessCalendarModel, RoutingRule, SlaClock, SlaEvent, SlaPolicy

ACTION_KEYS = {"on": {"warning", "breach"}, "do": {"notify_owner", "notify_supervisor", "raise_priority", "reassign"}}


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("position", "name", "active", "department", "team", "min_seniority")
    list_display_links = ("name",)
    list_editable = ("position", "active")
    ordering = ("position", "id")


@admin.register(AgentStatus)
class AgentStatusAdmin(admin.ModelAdmin):
    list_display = ("user", "state", "mobile", "last_assigned_at")
    list_editable = ("state",)
    raw_id_fields = ("user",)


class CalendarForm(forms.ModelForm):
    class Meta:
        model = BusinessCalendarModel
        fields = ("name", "team", "data")

    def clean_data(self):
        data = self.cleaned_data["data"]
        try:
            return load_calendar(data).as_dict()  # canonical form, validated
        except CalendarError as exc:
            raise ValidationError(f"{getattr(exc, 'field', '')}: {exc}") from exc


@admin.register(BusinessCalendarModel)
class BusinessCalendarAdmin(admin.ModelAdmin):
    form = CalendarForm
    list_display = ("name", "team", "updated_at")


class PolicyForm(forms.ModelForm):
    class Meta:
        model = SlaPolicy
        fields = ("name", "position", "active", "priorities", "channels", "first_response_minutes",
                  "first_response_basis", "next_update_minutes", "next_update_basis", "resolution_minutes",
                  "resolution_basis", "follow_up_minutes", "follow_up_basis", "warn_ratio", "actions")

    def clean_actions(self):
        actions = self.cleaned_data["actions"] or []
        if not isinstance(actions, list):
            raise ValidationError(_("Actions must be a list."))
        for action in actions:
            if not isinstance(action, dict) or any(action.get(k) not in v for k, v in ACTION_KEYS.items()):
                raise ValidationError(_("Each action needs “on” (warning/breach) and a known “do”: %s") % action)
        return actions

    def clean_warn_ratio(self):
        ratio = self.cleaned_data["warn_ratio"]
        if not 0 < ratio <= 1:
            raise ValidationError(_("Between 0 and 1, e.g. 0.75."))
        return ratio


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    form = PolicyForm
    list_display = ("position", "name", "active", "first_response_minutes", "next_update_minutes",
                    "resolution_minutes", "follow_up_minutes", "warn_ratio")
    list_display_links = ("name",)
    list_editable = ("position", "active")


class EventInline(admin.TabularInline):
    model = SlaEvent
    extra = 0
    can_delete = False
    readonly_fields = ("cycle", "kind", "at", "target_seconds", "note")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SlaClock)
class SlaClockAdmin(admin.ModelAdmin):
    """Read-only: clocks change only through complaint services and the sweep."""

    list_display = ("complaint", "metric", "cycle", "status", "due_at", "breached_at")
    list_filter = ("status", "metric")
    raw_id_fields = ("complaint",)
    readonly_fields = [f.name for f in SlaClock._meta.fields]
    inlines = [EventInline]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False
