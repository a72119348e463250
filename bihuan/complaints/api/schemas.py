"""Pydantic schemas of the complaints API (the OpenAPI contract)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from bihuan.complaints import lifecycle

ChannelT = Literal[
    "phone", "web", "app", "email", "wechat", "weibo", "douyin", "xiaohongshu", "ecommerce",
    "public_platform", "regulator", "api",
]
CategoryT = Literal["product", "service", "logistics", "other", ""]
PriorityT = Literal["red", "yellow", "green", ""]
EmotionT = Literal["angry", "anxious", "disappointed", "calm", ""]
DemandT = Literal[
    "refund", "return", "exchange", "reship", "repair", "compensation", "apology", "explanation",
    "fix", "none", "",
]
StatusT = Literal[lifecycle.ALL_STATUSES]  # type: ignore[valid-type]


class CustomerIn(Schema):
    name: str = Field("", max_length=80)
    phone: str = Field("", max_length=32)
    wechat_id: str = Field("", max_length=64)
    member_id: str = Field("", max_length=64)
    member_level: int | None = Field(None, ge=0, le=10)


class ComplaintIn(Schema):
    channel: ChannelT = "api"
    description: str = Field(..., min_length=1, max_length=20_000)
    title: str = Field("", max_length=200)
    scenario: str = Field("", max_length=300)
    customer_id: int | None = Field(None, ge=1, le=2**62)
    customer: CustomerIn | None = None
    order_no: str = Field("", max_length=40)
    demand: DemandT = ""
    category: CategoryT = ""
    subcategory: str = Field("", max_length=40)
    priority: PriorityT = ""
    emotion: EmotionT = ""
    tags: list[str] = Field(default_factory=list, max_length=20)
    occurred_at: datetime | None = None
    channel_message_id: str = Field("", max_length=128)

    model_config = {
        "json_schema_extra": {
            "examples": [{
                "channel": "phone",
                "description": "昨天收到的电饭煲开机就跳闸，插座没问题，要求换新。",
                "customer": {"name": "王女士", "phone": "13800001234"},
                "order_no": "JD20261120001",
                "demand": "exchange",
            }]
        }
    }


class ComplaintPatch(Schema):
    title: str | None = Field(None, max_length=200)
    description: str | None = Field(None, min_length=1, max_length=20_000)
    scenario: str | None = Field(None, max_length=300)
    demand: DemandT | None = None
    category: CategoryT | None = None
    subcategory: str | None = Field(None, max_length=40)
    priority: PriorityT | None = None
    emotion: EmotionT | None = None
    tags: list[str] | None = Field(None, max_length=20)
    restricted: bool | None = None
    owner_id: int | None = Field(None, ge=1, le=2**62)
    reason: str = Field("", max_length=2_000)


class UserRef(Schema):
    id: int
    name: str


class DepartmentRef(Schema):
    id: int
    code: str
    name: str


class ComplaintOut(Schema):
    id: int
    number: str
    status: str
    channel: str
    title: str
    description: str
    demand: str
    category: str
    subcategory: str
    priority: str
    emotion: str
    tags: list[str]
    owner: UserRef | None
    department: DepartmentRef | None
    customer_id: int | None
    order_no: str | None
    received_at: datetime
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    allowed_transitions: list[str]


class ComplaintPage(Schema):
    items: list[ComplaintOut]
    page: int
    page_size: int
    has_next: bool


class TransitionIn(Schema):
    to: StatusT
    reason: str = Field("", max_length=2_000)


class CommentIn(Schema):
    body: str = Field(..., min_length=1, max_length=10_000)
    internal: bool = False


class EventOut(Schema):
    id: int
    kind: str
    at: datetime
    actor: UserRef | None
    field: str
    before: object | None
    after: object | None
    reason: str
    body: str
    internal: bool


class ErrorOut(Schema):
    code: str
    message: str
