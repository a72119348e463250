"""Order connector interface and the built-in store.

A site plugs in its shop's order system by implementing `OrderConnector`;
verification, remedies and analytics read orders only through it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from .models import Customer, Order


@dataclass(frozen=True)
class OrderLine:
    product_name: str
    sku: str
    batch: str
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class OrderInfo:
    order_no: str
    status: str
    shipping_status: str
    amount: Decimal
    placed_at: datetime
    delivered_at: datetime | None
    shop: str = ""
    items: tuple[OrderLine, ...] = field(default_factory=tuple)


class OrderConnector(Protocol):
    def get_order(self, order_no: str) -> OrderInfo | None: ...

    def orders_for_customer(self, customer: Customer, *, limit: int = 20) -> list[OrderInfo]: ...


def _to_info(order: Order) -> OrderInfo:
    return OrderInfo(
        order_no=order.order_no,
        status=order.status,
        shipping_status=order.shipping_status,
        amount=order.amount,
        placed_at=order.placed_at,
        delivered_at=order.delivered_at,
        shop=order.shop,
        items=tuple(
            OrderLine(i.product_name, i.sku, i.batch, i.quantity, i.unit_price)
            for i in order.items.all()
        ),
    )


class BuiltinOrderStore:
    """Reads the built-in Order tables (demo data, tests, small sites)."""

    def get_order(self, order_no: str) -> OrderInfo | None:
        order = Order.objects.prefetch_related("items").filter(order_no=order_no).first()
        return _to_info(order) if order else None

    def orders_for_customer(self, customer: Customer, *, limit: int = 20) -> list[OrderInfo]:
        orders = Order.objects.filter(customer=customer).prefetch_related("items")[:limit]
        return [_to_info(o) for o in orders]


@cache
def get_order_connector() -> OrderConnector:
    path = getattr(settings, "BIHUAN_ORDER_CONNECTOR", "bihuan.customers.connectors.BuiltinOrderStore")
    return import_string(path)()
