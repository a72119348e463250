"""A year of demo history for the dashboards: seasons, a weekly rhythm, realistic step
durations and a few injected incidents (a bad batch, a festival logistics jam, a viral
post, a new product's launch trouble) that hotspot detection should find.

`YearShape` plugs into bihuan.core.demo.complaints.create_complaints (`shape=`); the
loader stays one bulk pass. Everything is driven by the caller's seeded Random.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from bihuan.customers.models import Customer, Order, OrderItem, OrderStatus, ShippingStatus
from bihuan.triage.corpus import generate_corpus

_HOURS = [1, 1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 12, 9, 10, 11, 11, 10, 9, 9, 10, 11, 9, 5, 2]
# Typical seconds spent before each step is reached (lognormal around these medians).
NEW_PRODUCT = ("折叠屏手机 Fold", "PH-FD", (6999, 9999))


@dataclass(frozen=True)
class Incident:
    name: str
    start_days_ago: int
    days: int
    per_day: int
    category: str
    subcategories: tuple[str, ...] = ()
    product: str = ""
    province: str = ""
    channel: str = ""


def default_incidents(months: int) -> list[Incident]:
    span = months * 30
    return [i for i in [
        Incident("奶粉批次结块", 200, 4, 14, "product", ("quality_defect", "safety"), product="婴儿配方奶粉 800g"),
        Incident("大促物流积压", 120, 5, 12, "logistics", ("delivery_delay", "late_dispatch"), province="广东"),
        Incident("空调不制冷", 150, 4, 9, "product", ("malfunction",), product="变频空调 1.5匹", province="四川"),
        Incident("微博客服态度帖", 60, 3, 10, "service", ("attitude",), channel="weibo"),
        Incident("新品折叠屏故障", 12, 4, 10, "product", ("malfunction", "quality_defect"), product=NEW_PRODUCT[0]),
        Incident("湖北仓丢件", 30, 3, 8, "logistics", ("lost",), province="湖北"),
    ] if i.start_days_ago < span]


def season_weight(day: dt.date) -> float:
    """Relative daily volume: weekdays busier, 618 and 双11 peaks, a Spring Festival lull, slow growth."""
    w = 1.0 if day.weekday() < 5 else 0.75
    for month, mday, height in ((6, 18, 1.6), (11, 11, 2.2), (12, 12, 1.0)):
        peak = dt.date(day.year, month, mday)
        distance = (day - peak).days
        if -2 <= distance <= 10:  # complaints trail the shopping day
            w *= 1 + height * math.exp(-max(distance, 0) / 4)
    if (day.month, day.day) >= (1, 25) and (day.month, day.day) <= (2, 12):
        w *= 0.6
    return w


class YearShape:
    """Demo shape for `create_complaints`: when complaints arrive and which incidents they carry."""

    def __init__(self, rng: random.Random, *, months: int = 12, now: dt.datetime | None = None,
                 incidents: list[Incident] | None = None, incident_share: float = 0.06):
        self.now = now or timezone.now()
        self.days = max(1, months * 30)
        today = timezone.localtime(self.now).date()
        self._dates = [today - dt.timedelta(days=d) for d in range(self.days)]
        growth = [1.0 + 0.3 * (self.days - d) / self.days for d in range(self.days)]
        self._weights = [season_weight(day) * g for day, g in zip(self._dates, growth, strict=True)]
        self.incidents = default_incidents(months) if incidents is None else incidents
        self.incident_share = incident_share if self.incidents else 0.0
        pool = generate_corpus(4000, seed=rng.randrange(10**6))
        self._pool = [r for r in pool if r.get("is_complaint", True)]
        self._orders_by_product: dict[str, list[Order]] | None = None
        self._incident: Incident | None = None
        self._received = self.now

    def received_at(self, rng: random.Random, now: dt.datetime) -> dt.datetime:
        self._incident = None
        if rng.random() < self.incident_share:
            total = sum(i.per_day * i.days for i in self.incidents)
            incident = rng.choices(self.incidents, weights=[i.per_day * i.days / total for i in self.incidents])[0]
            self._incident = incident
            day = self._dates[min(self.days - 1, incident.start_days_ago - rng.randrange(incident.days))]
        else:
            day = rng.choices(self._dates, weights=self._weights)[0]
        for _ in range(20):
            local = timezone.make_aware(dt.datetime.combine(day, dt.time(
                rng.choices(range(24), weights=_HOURS)[0], rng.randrange(60), rng.randrange(60))))
            if local < now:
                self._received = local
                return local
        self._received = now - dt.timedelta(minutes=rng.randint(1, 120))
        return self._received

    def adjust(self, rng: random.Random, row: dict, customer: Customer, order: Order | None,
               orders_by_customer: dict[int, list[Order]]) -> tuple[dict, Customer, Order | None]:
        """For an incident slot: a matching text, and a customer/order with the incident's product/region."""
        incident = self._incident
        if incident is None:
            # Complaints are about orders placed before them.
            if order is not None and order.placed_at > self._received:
                earlier = [o for o in orders_by_customer.get(customer.pk, ()) if o.placed_at < self._received]
                order = rng.choice(earlier) if earlier else None
            return row, customer, order
        fits = [r for r in self._pool if r.get("category") == incident.category
                and (not incident.subcategories or r.get("subcategory") in incident.subcategories)]
        row = dict(rng.choice(fits)) if fits else row
        if incident.channel:
            row["forced_channel"] = incident.channel
        candidates = self._orders_for(incident.product, orders_by_customer)
        if incident.province:
            candidates = [o for o in candidates if o.customer.province == incident.province] or candidates
        candidates = [o for o in candidates if o.placed_at < self._received] or candidates
        if candidates:
            order = rng.choice(candidates)
            customer = order.customer
        return row, customer, order

    def _orders_for(self, product: str, orders_by_customer: dict[int, list[Order]]) -> list[Order]:
        if self._orders_by_product is None:
            every = {o.pk: o for orders in orders_by_customer.values() for o in orders}
            index: dict[str, list[Order]] = {}
            for oid, name in OrderItem.objects.filter(order_id__in=every).values_list("order_id", "product_name"):
                index.setdefault(name, []).append(every[oid])
            self._orders_by_product = index
        if not product:
            return [o for orders in orders_by_customer.values() for o in orders]
        return self._orders_by_product.get(product, [])


def create_history_orders(rng: random.Random, customers: list[Customer], *, months: int,
                          now: dt.datetime | None = None) -> list[Order]:
    """Orders spread over the whole history (the base demo only has 120 days), incl. the new product."""
    from bihuan.core.demo.shop import PRODUCTS, SHOPS

    now = now or timezone.now()
    orders, items = [], []
    for customer in customers:
        for n in range(rng.randint(1, 3)):
            new = rng.random() < 0.12
            product, sku, (lo, hi) = NEW_PRODUCT if new else rng.choice(PRODUCTS)
            days_ago = rng.randint(1, 45) if new else rng.randint(1, months * 30 + 20)
            placed = now - dt.timedelta(days=days_ago, minutes=rng.randint(0, 1440))
            price = Decimal(rng.randint(lo, hi))
            order = Order(order_no=f"HY{placed:%Y%m%d}{customer.pk:06d}{n}", customer=customer,
                          shop=rng.choice(SHOPS), status=OrderStatus.COMPLETED,
                          shipping_status=ShippingStatus.DELIVERED, amount=price, placed_at=placed,
                          delivered_at=placed + dt.timedelta(days=rng.randint(1, 4)))
            orders.append(order)
            items.append(OrderItem(order=order, product_name=product, sku=f"{sku}-{rng.randint(1, 9)}",
                                   batch=f"B{placed:%y%m}{rng.randint(1, 30):02d}", unit_price=price))
    Order.objects.bulk_create(orders, batch_size=1000, ignore_conflicts=False)
    OrderItem.objects.bulk_create(items, batch_size=1000)
    return orders
