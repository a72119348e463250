"""E-commerce order disputes (Taobao/Tmall, JD, Pinduoduo, Douyin shop): 售后纠纷/维权单.

Every platform maps to the channel "ecommerce"; the platform is kept in the
tags and is part of the message key, since dispute ids are only unique per platform.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import Field

from .base import Adapter, DemandField, Draft, Payload, join_text, normalise_demand


class Buyer(Payload):
    nick: str = Field("", max_length=80)
    phone: str = Field("", max_length=32)
    member_id: str = Field("", max_length=64)


class Dispute(Payload):
    platform: Literal["taobao", "tmall", "jd", "pinduoduo", "douyin_shop", "kuaishou", "other"]
    dispute_id: str = Field(..., min_length=1, max_length=64)
    order_id: str = Field(..., min_length=1, max_length=40)
    buyer: Buyer = Field(default_factory=Buyer)
    reason: str = Field(..., min_length=1, max_length=200, description="Platform's dispute reason")
    description: str = Field("", max_length=20_000)
    demand: str = DemandField
    refund_amount: Decimal | None = Field(None, ge=0, le=10_000_000)
    evidence: list[str] = Field(default_factory=list, max_length=30, description="Evidence image URLs")
    created_at: datetime
    platform_deadline: datetime | None = Field(None, description="When the platform steps in")


def to_draft(p: Dispute) -> Draft:
    return Draft(
        channel="ecommerce", message_id=f"{p.platform}:{p.dispute_id}",
        title=p.reason[:200], description=join_text(p.reason, p.description),
        customer_name=p.buyer.nick, customer_phone=p.buyer.phone,
        customer_member_id=p.buyer.member_id, order_no=p.order_id,
        demand=normalise_demand(p.demand) or normalise_demand(p.reason), received_at=p.created_at,
        tags=[p.platform],
        details={"platform": p.platform, "dispute_id": p.dispute_id,
                 "refund_amount": str(p.refund_amount) if p.refund_amount is not None else None,
                 "evidence": p.evidence,
                 "platform_deadline": p.platform_deadline.isoformat() if p.platform_deadline else None},
    )


EXAMPLE = {
    "platform": "taobao",
    "dispute_id": "RF2026112200018842",
    "order_id": "TB20261115220034",
    "buyer": {"nick": "t***8", "phone": "13512348888"},
    "reason": "商品破损/少件",
    "description": "收到的空气炸锅外壳裂了一道缝，快递箱也是破的，申请退货退款299元。",
    "demand": "退货退款",
    "refund_amount": "299.00",
    "evidence": ["https://img.alicdn.com/evidence/abc1.jpg", "https://img.alicdn.com/evidence/abc2.jpg"],
    "created_at": "2026-11-22T10:12:00+08:00",
    "platform_deadline": "2026-11-24T10:12:00+08:00",
}

ADAPTER = Adapter(channel="ecommerce", schema=Dispute, to_draft=to_draft, example=EXAMPLE,
                  summary="E-commerce order dispute (Taobao/Tmall, JD, Pinduoduo, Douyin shop)")
