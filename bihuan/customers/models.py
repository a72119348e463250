"""Customers, members and the built-in order store.

Orders normally live in a shop's own system; `connectors.py` defines the
interface Bihuan reads them through. These tables are the built-in store used
by the demo data, tests and sites without an external order system.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from bihuan.core.models import TimeStampedModel


class Customer(TimeStampedModel):
    name = models.CharField(_("name"), max_length=80)
    phone = models.CharField(_("phone"), max_length=32, blank=True, db_index=True)
    wechat_id = models.CharField(_("WeChat id"), max_length=64, blank=True, db_index=True)
    member_id = models.CharField(_("member id"), max_length=64, blank=True, db_index=True)
    # 0 = not a member; >= 3 counts as a high-value customer (SPEC §3).
    member_level = models.PositiveSmallIntegerField(_("member level"), default=0)
    province = models.CharField(_("province"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=40, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self) -> str:
        return self.name

    @property
    def is_high_value(self) -> bool:
        return self.member_level >= 3


class OrderStatus(models.TextChoices):
    PAID = "paid", _("Paid")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    COMPLETED = "completed", _("Completed")
    REFUNDED = "refunded", _("Refunded")
    CANCELLED = "cancelled", _("Cancelled")


class ShippingStatus(models.TextChoices):
    NOT_SHIPPED = "not_shipped", _("Not shipped")
    IN_TRANSIT = "in_transit", _("In transit")
    DELIVERED = "delivered", _("Delivered")
    LOST = "lost", _("Lost")
    RETURNED = "returned", _("Returned")


class Order(TimeStampedModel):
    order_no = models.CharField(_("order number"), max_length=40, unique=True)
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="orders", verbose_name=_("customer")
    )
    shop = models.CharField(_("shop"), max_length=80, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=OrderStatus.choices)
    shipping_status = models.CharField(
        _("shipping status"), max_length=20, choices=ShippingStatus.choices,
        default=ShippingStatus.NOT_SHIPPED,
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    placed_at = models.DateTimeField(_("placed at"))
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["-placed_at"]
        indexes = [models.Index(fields=["customer", "-placed_at"])]
        verbose_name = _("order")
        verbose_name_plural = _("orders")

    def __str__(self) -> str:
        return self.order_no


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product_name = models.CharField(_("product"), max_length=120)
    sku = models.CharField(_("SKU"), max_length=60)
    batch = models.CharField(_("batch"), max_length=60, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("order item")
        verbose_name_plural = _("order items")

    def __str__(self) -> str:
        return f"{self.product_name} × {self.quantity}"


class PersonalDataReveal(models.Model):
    """Audit of every time someone revealed a customer's masked personal data (SPEC §12)."""

    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="reveals")
    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    field = models.CharField(max_length=20, default="phone")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("personal data reveal")
        verbose_name_plural = _("personal data reveals")

    def __str__(self) -> str:
        return f"{self.user_id} revealed {self.field} of {self.customer_id} at {self.at:%Y-%m-%d %H:%M}"
