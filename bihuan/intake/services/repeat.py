"""Repeat complaints (二次进线): the same customer about the same order/matter within a window."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from bihuan.complaints.models import Complaint
from bihuan.customers.models import Customer, Order

from . import config


def find_earlier(*, customer: Customer | None, order: Order | None, at: datetime) -> Complaint | None:
    """The most recent complaint by this customer (or on this order) inside the repeat window.

    Same order always matches; the same customer matches unless both complaints
    name different orders (then it is a different matter).
    """
    condition = Q()
    if order is not None:
        condition |= Q(order=order)
    if customer is not None:
        same_customer = Q(customer=customer)
        if order is not None:
            same_customer &= Q(order__isnull=True) | Q(order=order)
        condition |= same_customer
    if not condition:
        return None
    return (
        Complaint.objects.filter(condition, received_at__gte=at - config.repeat_window(),
                                 received_at__lte=at)
        .order_by("-received_at", "-id").first()
    )
