"""Phone call records from the call centre (caller, agent, times, recording, transcript)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from .base import Adapter, CustomerRef, DemandField, Draft, Payload, join_text, normalise_demand


class Turn(Payload):
    speaker: Literal["customer", "agent", "ivr"] = "customer"
    text: str = Field(..., max_length=5_000)
    at_seconds: float | None = Field(None, ge=0)


class PhoneCall(Payload):
    call_id: str = Field(..., min_length=1, max_length=100)
    caller: str = Field(..., min_length=3, max_length=32, description="Caller number (ANI)")
    callee: str = Field("", max_length=32, description="Hotline dialled")
    agent: str = Field("", max_length=80, description="Agent id or name who took the call")
    started_at: datetime
    ended_at: datetime | None = None
    recording_ref: str = Field("", max_length=300)
    customer: CustomerRef | None = None
    order_no: str = Field("", max_length=40)
    demand: str = DemandField
    summary: str = Field("", max_length=20_000, description="Agent's note; else the customer's turns are used")
    transcript: list[Turn] = Field(default_factory=list, max_length=2_000)


def to_draft(p: PhoneCall) -> Draft:
    said = join_text(*(t.text for t in p.transcript if t.speaker == "customer"))
    customer = p.customer or CustomerRef()
    duration = (p.ended_at - p.started_at).total_seconds() if p.ended_at else None
    return Draft(
        channel="phone", message_id=p.call_id, description=p.summary or said,
        customer_name=customer.name, customer_phone=customer.phone or p.caller,
        customer_member_id=customer.member_id, customer_wechat_id=customer.wechat_id,
        order_no=p.order_no, demand=normalise_demand(p.demand), received_at=p.started_at,
        details={
            "caller": p.caller, "callee": p.callee, "agent": p.agent,
            "recording_ref": p.recording_ref, "duration_seconds": duration,
            "transcript": [t.model_dump() for t in p.transcript],
        },
    )


EXAMPLE = {
    "call_id": "CALL-20261122-093105-7781",
    "caller": "13912345678",
    "callee": "400-812-3456",
    "agent": "1027 李敏",
    "started_at": "2026-11-22T09:31:05+08:00",
    "ended_at": "2026-11-22T09:38:47+08:00",
    "recording_ref": "recordings/2026/11/22/CALL-20261122-093105-7781.wav",
    "customer": {"name": "王女士"},
    "order_no": "JD20261118004512",
    "transcript": [
        {"speaker": "agent", "text": "您好，这里是客服中心，工号1027，请问有什么可以帮您？"},
        {"speaker": "customer", "text": "我上周三买的智能电饭煲，用了两天就不加热了，订单号JD20261118004512。"},
        {"speaker": "agent", "text": "非常抱歉给您带来不便，请问您希望怎么处理？"},
        {"speaker": "customer", "text": "我要换新的，而且今天之内要给我答复。"},
    ],
}

ADAPTER = Adapter(channel="phone", schema=PhoneCall, to_draft=to_draft, example=EXAMPLE,
                  summary="Phone call record (caller, agent, recording, transcript)")
