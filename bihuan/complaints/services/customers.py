"""Find or create the customer a complaint is about (phone, WeChat id, member id)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When

from bihuan.customers.models import Customer


@dataclass
class CustomerData:
    name: str = ""
    phone: str = ""
    wechat_id: str = ""
    member_id: str = ""
    member_level: int | None = None


def customer_find(*, data: CustomerData) -> Customer | None:
    """The existing customer with this member id, else phone, else WeChat id (oldest first)."""
    keys = [(name, getattr(data, name)) for name in ("member_id", "phone", "wechat_id") if getattr(data, name)]
    if keys:
        # One query: member id beats phone beats WeChat id, then the oldest customer.
        rank = Case(*[When(**{name: value}, then=Value(i)) for i, (name, value) in enumerate(keys)],
                    output_field=IntegerField())
        condition = Q()
        for name, value in keys:
            condition |= Q(**{name: value})
        return Customer.objects.filter(condition).annotate(match_rank=rank).order_by("match_rank", "id").first()
    return None


def customer_find_or_create(*, data: CustomerData) -> Customer | None:
    """Match an existing customer by member id, phone or WeChat id, else create one."""
    return customer_find(data=data) or customer_create(data=data)


def customer_create(*, data: CustomerData) -> Customer | None:
    """A new customer from what the channel told us (None when it told us nothing)."""
    if not any([data.name, data.phone, data.wechat_id, data.member_id]):
        return None
    return Customer.objects.create(
        name=data.name or data.phone or data.wechat_id or data.member_id,
        phone=data.phone, wechat_id=data.wechat_id, member_id=data.member_id,
        member_level=data.member_level or 0,
    )
