"""What every channel adapter produces: a `Draft`, the channel-neutral complaint input.

An adapter is a pydantic payload schema (documented in OpenAPI with a realistic
example) plus a pure function `to_draft(payload) -> Draft`. Adapters do no I/O;
the intake service turns a draft into a complaint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


@dataclass
class Draft:
    channel: str
    description: str
    message_id: str = ""
    title: str = ""
    customer_name: str = ""
    customer_phone: str = ""
    customer_wechat_id: str = ""
    customer_member_id: str = ""
    order_no: str = ""
    demand: str = ""
    occurred_at: datetime | None = None
    received_at: datetime | None = None
    tags: list[str] = field(default_factory=list)
    language: str = "zh-hans"
    # Channel facts with no column on the complaint; kept on the intake record.
    details: dict[str, Any] = field(default_factory=dict)


class Payload(BaseModel):
    """Base for channel payloads: unknown keys are ignored (channels add fields over time)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class CustomerRef(Payload):
    name: str = Field("", max_length=80)
    phone: str = Field("", max_length=32)
    member_id: str = Field("", max_length=64)
    wechat_id: str = Field("", max_length=64)


DemandField = Field("", max_length=20, description="refund/return/exchange/reship/compensation/apology/…")


@dataclass(frozen=True)
class Adapter:
    channel: str
    schema: type[Payload]
    to_draft: Callable[[Any], Draft]
    summary: str
    example: dict[str, Any]
    # Channels that share one adapter (web and app forms) pass their own name.
    channel_aware: bool = False

    def draft(self, payload: Payload) -> Draft:
        draft = self.to_draft(payload)
        draft.channel = self.channel
        return draft


def language_of(value: str) -> str:
    return "en" if (value or "").lower().startswith("en") else "zh-hans"


def join_text(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


DEMAND_CODES = frozenset({
    "refund", "return", "exchange", "reship", "repair", "compensation", "apology", "explanation",
    "fix", "none",
})


def normalise_demand(value: str) -> str:
    """A demand code from a code or free text (退款 → refund); "" when none is recognisable."""
    from bihuan.intake.extraction import extract_demands

    value = (value or "").strip()
    if value.lower() in DEMAND_CODES:
        return value.lower()
    found = extract_demands(value)
    return found[0] if found else ""
