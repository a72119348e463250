"""Regulator referrals: 12315 (market regulation) and 12345 (city hotline) work orders.

These carry a statutory handling deadline; it is kept in the details (the SLA
engine takes it over) and the referral is tagged so it is never treated lightly.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from .base import Adapter, CustomerRef, Draft, Payload, join_text, normalise_demand


class Referral(Payload):
    source: Literal["12315", "12345", "other"]
    work_order_no: str = Field(..., min_length=1, max_length=64)
    complainant: CustomerRef
    content: str = Field(..., min_length=1, max_length=20_000)
    appeal: str = Field("", max_length=2_000, description="诉求")
    order_no: str = Field("", max_length=40)
    handling_unit: str = Field("", max_length=120, description="Referring office")
    received_at: datetime
    deadline: datetime | None = Field(None, description="办结时限")


def to_draft(p: Referral) -> Draft:
    return Draft(
        channel="regulator", message_id=f"{p.source}:{p.work_order_no}",
        title=f"{p.source} {p.work_order_no}", description=join_text(p.content, p.appeal),
        customer_name=p.complainant.name, customer_phone=p.complainant.phone,
        customer_member_id=p.complainant.member_id, order_no=p.order_no,
        demand=normalise_demand(p.appeal), received_at=p.received_at, tags=[p.source, "regulator"],
        details={"source": p.source, "work_order_no": p.work_order_no, "appeal": p.appeal,
                 "handling_unit": p.handling_unit,
                 "deadline": p.deadline.isoformat() if p.deadline else None},
    )


EXAMPLE = {
    "source": "12315",
    "work_order_no": "1231520261122000731",
    "complainant": {"name": "刘先生", "phone": "13700001111"},
    "content": "消费者反映于11月10日在该公司网店购买5G智能手机一部，收货后发现屏幕有亮点，"
               "申请换货被拒，认为商家侵害其合法权益。",
    "appeal": "要求商家更换新机并道歉",
    "order_no": "JD20261110778899",
    "handling_unit": "某某区市场监督管理局",
    "received_at": "2026-11-22T09:05:00+08:00",
    "deadline": "2026-11-29T17:00:00+08:00",
}

ADAPTER = Adapter(channel="regulator", schema=Referral, to_draft=to_draft, example=EXAMPLE,
                  summary="Regulator referral (12315 / 12345 work order)")
