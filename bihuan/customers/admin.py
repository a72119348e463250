from django.contrib import admin

from .models import Customer, Order, OrderItem, PersonalDataReveal


class OrderItemInline(admin.TabularInline):
    model = OrderItem
    extra = 0


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("name", "phone", "member_id", "member_level", "province")
    search_fields = ("name", "phone", "member_id", "wechat_id")
    list_filter = ("member_level",)


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ("order_no", "customer", "status", "shipping_status", "amount", "placed_at")
    search_fields = ("order_no",)
    list_filter = ("status", "shipping_status")
    raw_id_fields = ("customer",)
    inlines = [OrderItemInline]


@admin.register(PersonalDataReveal)
class PersonalDataRevealAdmin(admin.ModelAdmin):
    """Read-only audit trail."""

    list_display = ("at", "user", "customer", "complaint", "field")
    list_filter = ("field",)
    raw_id_fields = ("user", "customer", "complaint")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
