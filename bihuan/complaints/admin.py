from django.contrib import admin

from .models import Complaint, TimelineEvent


class TimelineInline(admin.TabularInline):
    model = TimelineEvent
    extra = 0
    can_delete = False
    fields = ("at", "kind", "actor", "field", "before", "after", "reason", "body")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Read-mostly: changes to complaints go through the agent UI/API services."""

    list_display = ("number", "status", "priority", "category", "channel", "owner", "received_at")
    list_filter = ("status", "priority", "category", "channel")
    search_fields = ("number", "title")
    raw_id_fields = ("customer", "order", "owner", "created_by")
    readonly_fields = [f.name for f in Complaint._meta.fields]
    inlines = [TimelineInline]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
