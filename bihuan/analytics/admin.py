from django.contrib import admin

from .models import HotspotAlert, ImprovementAction, KpiTarget, ReportSubscription, RootCauseAnalysis


@admin.register(KpiTarget)
class KpiTargetAdmin(admin.ModelAdmin):
    list_display = ("kpi", "low", "high", "updated_at")


@admin.register(HotspotAlert)
class HotspotAlertAdmin(admin.ModelAdmin):
    list_display = ("day", "kind", "dim", "key", "observed", "expected", "score", "department", "delivery",
                    "acknowledged_by")
    list_filter = ("kind", "dim", "delivery")
    search_fields = ("key",)
    readonly_fields = ("created_at",)


class ImprovementActionInline(admin.TabularInline):
    model = ImprovementAction
    extra = 0
    fields = ("title", "owner", "due_on", "metric", "target", "weeks", "status", "done_on", "before_value",
              "after_value", "after_days", "effect_final")
    readonly_fields = ("before_value", "after_value", "after_days", "effect_final")


@admin.register(RootCauseAnalysis)
class RootCauseAnalysisAdmin(admin.ModelAdmin):
    list_display = ("title", "dim", "key", "start", "end", "complaint_count", "status", "owner", "created_at")
    list_filter = ("status", "root_category", "dim")
    search_fields = ("title", "problem", "root_cause", "key")
    inlines = [ImprovementActionInline]
    readonly_fields = ("created_at", "updated_at", "complaint_count")


@admin.register(ReportSubscription)
class ReportSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("user", "weekly", "monthly", "language", "updated_at")
    list_filter = ("weekly", "monthly", "language")
    search_fields = ("user__username", "user__display_name")
    raw_id_fields = ("user",)
