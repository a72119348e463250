"""Web and app complaint forms posted by a site or the mobile app (channels web and app)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from .base import Adapter, DemandField, Draft, Payload, language_of, normalise_demand


class FormSubmission(Payload):
    submission_id: str = Field(..., min_length=1, max_length=100)
    name: str = Field("", max_length=80)
    phone: str = Field("", max_length=32)
    email: str = Field("", max_length=254)
    member_id: str = Field("", max_length=64)
    order_no: str = Field("", max_length=40)
    title: str = Field("", max_length=200)
    description: str = Field(..., min_length=1, max_length=20_000)
    demand: str = DemandField
    occurred_at: datetime | None = None
    submitted_at: datetime | None = None
    language: str = Field("zh-hans", max_length=10)
    app_version: str = Field("", max_length=40)


def to_draft(p: FormSubmission) -> Draft:
    return Draft(
        channel="web", message_id=p.submission_id, title=p.title, description=p.description,
        customer_name=p.name, customer_phone=p.phone, customer_member_id=p.member_id,
        order_no=p.order_no, demand=normalise_demand(p.demand), occurred_at=p.occurred_at,
        received_at=p.submitted_at, language=language_of(p.language),
        details={"email": p.email or "", "app_version": p.app_version},
    )


EXAMPLE = {
    "submission_id": "F-7f3a9c21",
    "name": "陈先生",
    "phone": "13687654321",
    "order_no": "TB20261120118866",
    "title": "羽绒服跑绒严重",
    "description": "11月20日收到的男士羽绒服，穿了一次就大量跑绒，衣服上全是毛，要求退货退款。",
    "demand": "退货",
    "language": "zh-hans",
}

WEB = Adapter(channel="web", schema=FormSubmission, to_draft=to_draft, example=EXAMPLE,
              summary="Web complaint form submission")
APP = Adapter(channel="app", schema=FormSubmission, to_draft=to_draft,
              example={**EXAMPLE, "submission_id": "A-20261122-5512", "app_version": "5.12.0"},
              summary="Mobile app complaint form submission")
