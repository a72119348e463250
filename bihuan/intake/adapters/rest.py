"""Generic REST intake for systems without a dedicated adapter (channel "api")."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from .base import Adapter, CustomerRef, DemandField, Draft, Payload, language_of, normalise_demand


class GenericComplaint(Payload):
    message_id: str = Field("", max_length=128, description="Your id; or send an Idempotency-Key header")
    title: str = Field("", max_length=200)
    description: str = Field(..., min_length=1, max_length=20_000)
    customer: CustomerRef | None = None
    order_no: str = Field("", max_length=40)
    demand: str = DemandField
    occurred_at: datetime | None = None
    received_at: datetime | None = None
    tags: list[str] = Field(default_factory=list, max_length=20)
    language: str = Field("zh-hans", max_length=10)


def to_draft(p: GenericComplaint) -> Draft:
    c = p.customer or CustomerRef()
    return Draft(
        channel="api", message_id=p.message_id, title=p.title, description=p.description,
        customer_name=c.name, customer_phone=c.phone, customer_member_id=c.member_id,
        customer_wechat_id=c.wechat_id, order_no=p.order_no, demand=normalise_demand(p.demand),
        occurred_at=p.occurred_at, received_at=p.received_at,
        tags=[t[:40] for t in p.tags], language=language_of(p.language),
    )


EXAMPLE = {
    "message_id": "crm-20261122-000451",
    "title": "会员积分被无故清零",
    "description": "我的会员积分昨天突然从3200变成0，没有任何通知，要求恢复积分并给出解释。",
    "customer": {"name": "赵女士", "member_id": "M100233"},
    "demand": "explanation",
    "tags": ["membership"],
}

ADAPTER = Adapter(channel="api", schema=GenericComplaint, to_draft=to_draft, example=EXAMPLE,
                  summary="Generic REST complaint")
