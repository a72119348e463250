"""Webhook intake endpoints: POST /api/v1/intake/{channel}, one documented operation per channel.

Webhooks are not user sessions: ninja's auth is off for them (auth=None) and
the service authenticates each delivery by its HMAC signature over the raw
body. The body is therefore read raw and validated by the channel's adapter
schema inside the service (so a bad signature is a 401 before any parsing,
and every refusal is recorded); the schema is documented in OpenAPI below.
"""

from __future__ import annotations

from copy import deepcopy
from datetime import datetime, timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from bihuan.complaints.api.schemas import ErrorOut

from . import selectors
from .adapters import ADAPTERS, Adapter
from .services import receive_webhook
from .services.deliveries import Acceptance
from .services.signatures import SIGNATURE_HEADER, TIMESTAMP_HEADER

router = Router(tags=["intake"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class IntakeOut(Schema):
    number: str = Field(description="The complaint number (reserved at acceptance, final once settled)")
    settled: bool = Field(description="False: accepted and stored; the complaint follows within a worker "
                                      "round (about a second). Re-deliver or read the complaint by number.")
    complaint_id: int | None = None
    status: str = Field(description="The complaint's status, or “accepted” before it is settled")
    created: bool = Field(description="False when this was a repeated delivery of the same message")
    outcome: str = Field(description="accepted / created / repeat / reopened")
    repeat_of: str | None = Field(None, description="Number of the earlier complaint, for 二次进线")
    acknowledgement: str = ""
    next_action_due_at: datetime | None
    extracted: dict = Field(default_factory=dict, description="What the text says: order_numbers, phones, "
                                                              "amounts (yuan), dates, products, demands")


def intake_out(result: Acceptance) -> dict:
    record, complaint = result.record, result.complaint
    extracted = result.delivery.extracted or (
        {k: v for k, v in record.suggestions.items() if k != "applied"} if record else {})
    if complaint is None:
        return {"number": result.number, "settled": False, "complaint_id": None, "status": "accepted",
                "created": result.created, "outcome": "accepted", "next_action_due_at": None,
                "extracted": extracted}
    return {
        "number": complaint.number, "settled": True, "complaint_id": complaint.pk, "status": complaint.status,
        "extracted": extracted,
        "created": result.created, "outcome": record.outcome if record else "created",
        "repeat_of": record.repeat_of.number if record and record.repeat_of_id else None,
        "acknowledgement": record.ack_text if record else "",
        "next_action_due_at": complaint.next_action_due_at,
    }


def _inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """Pydantic's schema with $defs references inlined (OpenAPI operations cannot carry $defs)."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return walk(deepcopy(defs[ref.removeprefix("#/$defs/")]))
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)


def _openapi(adapter: Adapter) -> dict[str, Any]:
    schema = _inline_refs(adapter.schema.model_json_schema(by_alias=True))
    headers = [
        {"name": TIMESTAMP_HEADER, "in": "header", "required": True, "schema": {"type": "string"},
         "description": "Unix seconds; must be within 5 minutes of the server's clock"},
        {"name": SIGNATURE_HEADER, "in": "header", "required": True, "schema": {"type": "string"},
         "description": "sha256=hex(HMAC_SHA256(channel secret, timestamp + '.' + raw body))"},
        {"name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string"},
         "description": "Used when the payload has no message id of its own"},
    ]
    return {
        "parameters": headers,
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": schema, "example": adapter.example}}},
    }


def _make_view(channel: str):
    def view(request: HttpRequest):
        result = receive_webhook(channel=channel, body=request.body, headers=request.headers,
                                 remote_addr=request.META.get("REMOTE_ADDR", ""))
        return Status(201 if result.created else 200, intake_out(result))

    view.__name__ = f"intake_{channel}"
    return view


for _channel, _adapter in ADAPTERS.items():
    router.post(
        f"/{_channel}", auth=None, response={200: IntakeOut, 201: IntakeOut, **ERRORS},
        summary=f"Webhook: {_adapter.summary}", operation_id=f"intake_{_channel}",
        description="201 with the new complaint; 200 with the same complaint for a repeated "
                    "delivery (same message id or Idempotency-Key). Signed with HMAC-SHA256.",
        openapi_extra=_openapi(_adapter),
    )(_make_view(_channel))


class SuggestionsOut(Schema):
    complaint_id: int
    number: str
    channel: str
    key: str | None
    outcome: str | None
    repeat_of: str | None
    suggestions: dict
    details: dict
    acknowledgement: str
    first_response_due_at: datetime | None
    follow_up_due_at: datetime | None


@router.get("/records/{int:complaint_id}", response={200: SuggestionsOut, **ERRORS},
            summary="How a complaint came in: extraction suggestions, acknowledgement, due times")
def intake_record(request: HttpRequest, complaint_id: int):
    complaint, record = selectors.intake_record_for_user(user=request.user, complaint_id=complaint_id)
    return {
        "complaint_id": complaint.pk, "number": complaint.number, "channel": complaint.channel,
        "key": record.key if record else None, "outcome": record.outcome if record else None,
        "repeat_of": record.repeat_of.number if record and record.repeat_of_id else None,
        "suggestions": record.suggestions if record else {}, "details": record.details if record else {},
        "acknowledgement": record.ack_text if record else "",
        "first_response_due_at": record.first_response_due_at if record else None,
        "follow_up_due_at": record.follow_up_due_at if record else None,
    }


class RepeatQuery(Schema):
    days: int = Field(30, ge=1, le=366)
    channel: str = Field("", max_length=20)


class RepeatStatsOut(Schema):
    since: datetime
    until: datetime
    complaints: int
    repeats_linked: int
    reopened: int
    repeat_rate: float
    by_channel: dict[str, int]


@router.get("/repeats", response={200: RepeatStatsOut, **ERRORS}, summary="二次进线 counts")
def repeats(request: HttpRequest, query: Query[RepeatQuery]):
    until = timezone.now()
    since = until - timedelta(days=query.days)
    stats = selectors.repeat_stats(since=since, until=until, channel=query.channel)
    return {"since": since, "until": until, "complaints": stats.complaints,
            "repeats_linked": stats.repeats_linked, "reopened": stats.reopened,
            "repeat_rate": round(stats.repeat_rate, 4),
            "by_channel": selectors.repeat_counts_by_channel(since=since, until=until)}


class BacklogOut(Schema):
    pending: int = Field(description="Accepted webhook deliveries waiting for the worker")
    failed: int = Field(description="Deliveries the worker gave up on: admin → accepted deliveries")
    oldest_pending_at: datetime | None
    oldest_pending_seconds: int
    stalled: bool = Field(description="The oldest waits longer than 2 minutes: the worker is behind or down")


@router.get("/deliveries/backlog", response={200: BacklogOut, **ERRORS},
            summary="Webhook deliveries not yet turned into complaints (for monitoring)")
def delivery_backlog(request: HttpRequest):
    backlog, now = selectors.delivery_backlog(), timezone.now()
    return {"pending": backlog.pending, "failed": backlog.failed, "oldest_pending_at": backlog.oldest_pending_at,
            "oldest_pending_seconds": backlog.oldest_pending_seconds(now), "stalled": backlog.stalled(now)}


# Registered last so the fixed paths above win.
@router.post("/{channel}", auth=None, response={404: ErrorOut}, include_in_schema=False)
def unknown_channel(request: HttpRequest, channel: str):
    receive_webhook(channel=channel, body=request.body, headers=request.headers,
                    remote_addr=request.META.get("REMOTE_ADDR", ""))
