"""POST /api/v1/triage: the engine's verdict on a text, without storing anything."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field, field_validator

from bihuan.complaints.api.schemas import ErrorOut

from . import services

router = Router(tags=["triage"])


class TriageCustomerIn(Schema):
    member_level: int = Field(0, ge=0, le=10)


class TriageIn(Schema):
    text: str = Field(..., min_length=1, max_length=20_000)
    channel: str | None = Field(None, max_length=20)
    customer: TriageCustomerIn | None = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(_("The text is empty: there is nothing to triage."))
        return value

    model_config = {"json_schema_extra": {"examples": [
        {"text": "买的奶粉有结块，孩子喝了拉肚子，再不处理我就打12315！", "channel": "wechat",
         "customer": {"member_level": 3}},
    ]}}


class TriageOut(Schema):
    category: str
    subcategory: str
    priority: str
    emotion: str
    emotion_score: float
    escalation_risk: bool
    escalation_score: float
    is_complaint: bool
    demand: str
    high_value_customer: bool
    reasons: list[dict[str, Any]]
    model_version: str
    category_scores: dict[str, float]
    complaint_score: float
    categories: list[str]


@router.post("", response={200: TriageOut, 401: ErrorOut, 422: ErrorOut},
             summary="Triage a text (category, priority, emotion, escalation risk, demand, reasons)")
def triage(request: HttpRequest, payload: TriageIn):
    customer = payload.customer.dict() if payload.customer else None
    return services.current_engine().triage(payload.text, channel=payload.channel,
                                            customer=customer).as_dict()
