# ruff: noqa: E501  (tables of human sentences read better unwrapped)
"""Automatic verification checks from order data (自动核实).

Given what the order connector knows, state the facts an agent would
otherwise look up by hand: delivered or not, inside the 7-day no-reason
window, already refunded, lost in transit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from . import legal

OK = "ok"
WARN = "warn"
INFO = "info"


@dataclass(frozen=True)
class OrderFacts:
    order_no: str
    status: str
    shipping_status: str
    amount: Decimal
    placed_at: dt.datetime | None
    delivered_at: dt.datetime | None


@dataclass(frozen=True)
class Check:
    code: str
    outcome: str  # ok / warn / info
    params: dict

    def as_dict(self) -> dict:
        return {"code": self.code, "outcome": self.outcome, "params": self.params}


# Human sentences for each check code, (zh-Hans, English); {placeholders} from params.
MESSAGES: dict[str, tuple[str, str]] = {
    "no_order": ("投诉未关联订单，无法自动核对订单与物流。", "No order is linked; order and shipping cannot be checked."),
    "order_not_found": ("订单 {order_no} 在订单系统中不存在。", "Order {order_no} is not in the order system."),
    "delivered": ("已签收（{delivered}），签收后第 {days} 天。", "Delivered on {delivered}, day {days} after delivery."),
    "delivered_no_date": ("物流显示已签收，但没有签收时间，七天无理由期限需人工确认。",
                          "Shipping says delivered but without a date: check the 7-day window by hand."),
    "not_delivered": ("尚未签收（物流状态：{shipping}）。", "Not delivered yet (shipping: {shipping})."),
    "lost": ("物流显示丢件：须补发或全额退款。", "Shipping says lost: reship or refund in full."),
    "within_7_days": ("在七天无理由退货期内（截至 {deadline}）。", "Within the 7-day no-reason return window (until {deadline})."),
    "outside_7_days": ("已超过七天无理由退货期（{deadline} 截止）。", "Outside the 7-day no-reason return window (ended {deadline})."),
    "already_refunded": ("订单已退款，注意避免重复退款。", "The order was already refunded: do not refund twice."),
    "cancelled": ("订单已取消。", "The order was cancelled."),
    "not_shipped": ("订单未发货：可直接取消并全额退款。", "Not shipped: it can be cancelled and refunded in full."),
    "refundable": ("订单状态允许退款（{status}）。", "The order status allows a refund ({status})."),
}


def run_checks(order: OrderFacts | None, *, now: dt.datetime, tz: dt.tzinfo | None = None,
               order_no: str = "") -> list[Check]:
    if order is None:
        return [Check("order_not_found" if order_no else "no_order", WARN, {"order_no": order_no})]
    out: list[Check] = []
    if order.status == "refunded":
        out.append(Check("already_refunded", WARN, {}))
    elif order.status == "cancelled":
        out.append(Check("cancelled", WARN, {}))
    elif order.status == "paid" and order.shipping_status == "not_shipped":
        out.append(Check("not_shipped", INFO, {}))
    else:
        out.append(Check("refundable", OK, {"status": order.status}))
    if order.shipping_status == "lost":
        out.append(Check("lost", WARN, {}))
    if order.delivered_at is not None:
        local = order.delivered_at.astimezone(tz) if tz else order.delivered_at
        days = legal.days_since_delivery(order.delivered_at, now, tz)
        deadline = (local + dt.timedelta(days=legal.RETURN_DAYS)).date().isoformat()
        out.append(Check("delivered", OK, {"delivered": local.date().isoformat(), "days": days}))
        inside = legal.within_days(order.delivered_at, now, legal.RETURN_DAYS, tz)
        out.append(Check("within_7_days" if inside else "outside_7_days", OK if inside else INFO,
                         {"deadline": deadline}))
    elif order.shipping_status == "delivered":
        out.append(Check("delivered_no_date", INFO, {}))
    elif order.shipping_status != "lost":
        out.append(Check("not_delivered", INFO, {"shipping": order.shipping_status}))
    return out


def message(check: Check, language: str | None) -> str:
    from . import pick

    template = pick(MESSAGES[check.code], language)
    try:
        return template.format(**check.params)
    except (KeyError, IndexError):
        return template
