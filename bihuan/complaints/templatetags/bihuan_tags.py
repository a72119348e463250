from django import template

from bihuan.core.masking import mask_phone as _mask_phone
from bihuan.customers.models import OrderStatus, ShippingStatus

from ..choices import Category, Demand, Emotion, Priority, Status
from ..choices import subcategory_label as _subcategory_label

register = template.Library()


@register.filter
def mask_phone(value: str) -> str:
    return _mask_phone(value)


@register.filter
def status_label(value: str) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return value or "—"


@register.filter
def subcategory_label(value: str) -> str:
    return _subcategory_label(value)


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or "—"


@register.filter
def order_status_label(value: str) -> str:
    return _label(OrderStatus, value)


@register.filter
def shipping_status_label(value: str) -> str:
    return _label(ShippingStatus, value)


@register.filter
def category_label(value: str) -> str:
    return _label(Category, value)


@register.filter
def priority_label(value: str) -> str:
    return _label(Priority, value)


@register.filter
def emotion_label(value: str) -> str:
    return _label(Emotion, value)


@register.filter
def demand_label(value: str) -> str:
    return _label(Demand, value)
