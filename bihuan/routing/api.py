"""SLA endpoints: due-time preview and a complaint's clocks (parse, call a selector, render)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from bihuan.complaints.api.schemas import ChannelT, ErrorOut, PriorityT
from bihuan.complaints.permissions import complaint_get_for_user
from bihuan.core.errors import ValidationFailed

from . import selectors

router = Router(tags=["sla"])
complaint_router = Router(tags=["sla"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class DueOut(Schema):
    metric: str
    label: str
    target_minutes: int
    basis: str
    warn_at: dt.datetime
    due_at: dt.datetime


class PreviewOut(Schema):
    received_at: dt.datetime
    policy: str | None
    day_kind: str | None
    metrics: list[DueOut]


class PreviewIn(Schema):
    received_at: dt.datetime
    priority: PriorityT = ""
    channel: ChannelT = "phone"
    team_id: int | None = Field(None, ge=1, le=2**62)


class ClockOut(Schema):
    metric: str
    cycle: int
    status: str
    started_at: dt.datetime
    due_at: dt.datetime | None
    warn_at: dt.datetime | None
    paused: bool
    fulfilled_at: dt.datetime | None
    warned_at: dt.datetime | None
    breached_at: dt.datetime | None
    target_seconds: int
    time_basis: str
    policy: str | None


@router.get("/preview", response={200: PreviewOut, **ERRORS}, summary="Due times for a complaint received at …")
def preview(request: HttpRequest, params: Query[PreviewIn]):
    received = params.received_at
    if timezone.is_naive(received):
        received = timezone.make_aware(received)
    if not dt.datetime(2000, 1, 1, tzinfo=dt.UTC) <= received <= dt.datetime(2100, 1, 1, tzinfo=dt.UTC):
        raise ValidationFailed(code="out_of_range", field="received_at")
    result = selectors.sla_preview(received_at=received, priority=params.priority, channel=params.channel,
                                   team_id=params.team_id)
    return {
        "received_at": received, "policy": str(result.policy) if result.policy else None,
        "day_kind": str(result.day.kind) if result.day else None,
        "metrics": [{"metric": m.metric, "label": m.label, "target_minutes": m.minutes, "basis": m.basis,
                     "warn_at": m.warn_at, "due_at": m.due_at} for m in result.metrics],
    }


@complaint_router.get("/{int:complaint_id}/sla", response={200: list[ClockOut], **ERRORS},
                      summary="SLA clocks of a complaint")
def complaint_sla(request: HttpRequest, complaint_id: int):
    complaint = complaint_get_for_user(request.user, complaint_id)
    return [
        {**{f: getattr(c, f) for f in ("metric", "cycle", "status", "started_at", "due_at", "warn_at", "paused",
                                       "fulfilled_at", "warned_at", "breached_at", "target_seconds",
                                       "time_basis")},
         "policy": str(c.policy) if c.policy else None}
        for c in selectors.complaint_clocks(complaint=complaint)
    ]
