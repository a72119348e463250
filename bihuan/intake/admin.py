from django.contrib import admin

from .models import IntakeChannel, IntakeRecord, RejectedDelivery


@admin.register(IntakeChannel)
class IntakeChannelAdmin(admin.ModelAdmin):
    list_display = ("channel", "enabled", "updated_at")


@admin.register(IntakeRecord)
class IntakeRecordAdmin(admin.ModelAdmin):
    list_display = ("channel", "key", "complaint", "outcome", "deliveries", "received_at")
    list_filter = ("channel", "outcome", "ack_kind")
    search_fields = ("key",)
    raw_id_fields = ("complaint", "repeat_of")
    readonly_fields = [f.name for f in IntakeRecord._meta.fields]
    show_full_result_count = False


@admin.register(RejectedDelivery)
class RejectedDeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "channel", "status_code", "code", "remote_addr")
    list_filter = ("channel", "code", "status_code")
    readonly_fields = [f.name for f in RejectedDelivery._meta.fields]
    show_full_result_count = False
