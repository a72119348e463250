from django.contrib import admin

from .models import Outbox


@admin.register(Outbox)
class OutboxAdmin(admin.ModelAdmin):
    list_display = ("id", "channel", "recipient", "status", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("status", "channel")
    search_fields = ("dedup_key", "recipient")
    readonly_fields = [f.name for f in Outbox._meta.fields]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False
