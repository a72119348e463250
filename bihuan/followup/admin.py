from django.contrib import admin

from .models import CustomerOutcome, FollowUpPolicy, FollowUpTask, ReminderRule, Suggestion, Survey


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "active", "categories", "channels", "keywords")
    list_editable = ("position", "active")


@admin.register(FollowUpPolicy)
class FollowUpPolicyAdmin(admin.ModelAdmin):
    list_display = ("position", "category", "priority", "working_days", "max_attempts", "active")


@admin.register(FollowUpTask)
class FollowUpTaskAdmin(admin.ModelAdmin):
    list_display = ("complaint", "kind", "method", "owner", "due_at", "status", "outcome", "attempts")
    list_filter = ("kind", "status", "outcome")
    raw_id_fields = ("complaint", "owner", "survey")


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("complaint", "language", "sent_at", "answered_at", "csat", "nps", "low_score")
    raw_id_fields = ("complaint",)
    readonly_fields = ("nonce",)


admin.site.register(Suggestion)
admin.site.register(CustomerOutcome)
