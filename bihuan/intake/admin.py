from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AcceptedDelivery, IntakeChannel, IntakeRecord, RejectedDelivery


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


class SettledFilter(admin.SimpleListFilter):
    title = _("settled")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("pending", _("Waiting for the worker")), ("failed", _("Failed, needs a person")),
                ("settled", _("Settled"))]

    def queryset(self, request, queryset):
        from .services.deliveries import MAX_ATTEMPTS

        match self.value():
            case "pending":
                return queryset.filter(settled_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
            case "failed":
                return queryset.filter(settled_at__isnull=True, attempts__gte=MAX_ATTEMPTS)
            case "settled":
                return queryset.filter(settled_at__isnull=False)
        return queryset


@admin.register(AcceptedDelivery)
class AcceptedDeliveryAdmin(admin.ModelAdmin):
    list_display = ("accepted_at", "channel", "key", "number", "complaint", "settled_at", "attempts", "deliveries")
    list_filter = (SettledFilter, "channel")
    search_fields = ("key", "number")
    raw_id_fields = ("complaint",)
    readonly_fields = [f.name for f in AcceptedDelivery._meta.fields]
    actions = ["settle_again"]
    show_full_result_count = False

    @admin.action(description=_("Settle again (after fixing the cause)"))
    def settle_again(self, request, queryset):
        count = queryset.filter(settled_at__isnull=True).update(attempts=0)
        self.message_user(request, _("%d deliveries go back to the worker.") % count)
