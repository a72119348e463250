"""Reads for SLA: clocks of a complaint, the supervisor's at-risk list, due-time previews."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from bihuan.accounts.models import User
from bihuan.complaints.permissions import visible_complaints
from bihuan.routing.clock import BusinessCalendar, DayInfo, add_business_time
from bihuan.routing.models import ClockStatus, Metric, SlaClock, SlaPolicy

from .services.calendars import calendar_for_team, measuring_calendar, policy_for

LIVE = (ClockStatus.RUNNING, ClockStatus.WARNING, ClockStatus.BREACHED, ClockStatus.PAUSED)
_URGENCY = {ClockStatus.BREACHED: 0, ClockStatus.WARNING: 1, ClockStatus.RUNNING: 2, ClockStatus.PAUSED: 3}


def live_clocks_prefetch() -> Prefetch:
    """For list pages: one extra query per page, whatever the page size."""
    return Prefetch("sla_clocks", queryset=SlaClock.objects.filter(status__in=LIVE).order_by("due_at"),
                    to_attr="live_clocks")


def most_urgent(clocks: list[SlaClock]) -> SlaClock | None:
    """The clock a badge shows: breached before at risk before on track, then the soonest."""
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return min(clocks, key=lambda c: (_URGENCY.get(c.status, 9), c.due_at or far), default=None)


def complaint_clocks(*, complaint) -> list[SlaClock]:
    return list(SlaClock.objects.filter(complaint=complaint).select_related("policy").order_by("started_at", "id"))


def sla_at_risk(*, user: User, horizon: dt.timedelta = dt.timedelta(hours=2), limit: int = 200) -> list[SlaClock]:
    """Breached, at-risk, and due within `horizon`: range scans on the (status, due_at) index."""
    now = timezone.now()
    visible = visible_complaints(user).values("pk")
    condition = Q(status__in=(ClockStatus.BREACHED, ClockStatus.WARNING)) | Q(
        status=ClockStatus.RUNNING, due_at__lte=now + horizon)
    return list(
        SlaClock.objects.filter(condition, complaint__in=visible)
        .select_related("complaint", "complaint__owner", "complaint__team")
        .order_by("due_at")[:limit]
    )


@dataclass(frozen=True)
class MetricPreview:
    metric: str
    label: str
    minutes: int
    basis: str
    due_at: dt.datetime
    warn_at: dt.datetime


@dataclass(frozen=True)
class Preview:
    received_at: dt.datetime
    policy: SlaPolicy | None
    metrics: list[MetricPreview]
    day: DayInfo | None


def sla_preview(*, received_at: dt.datetime, priority: str, channel: str, team_id: int | None = None) -> Preview:
    """What the due times would be for a complaint received at `received_at` (pure arithmetic)."""
    policy = policy_for(priority=priority, channel=channel)
    team_cal = calendar_for_team(team_id)
    out = []
    for metric in Metric:
        minutes, basis = policy.target(metric.value) if policy else (None, "business")
        if minutes is None:
            continue
        cal = measuring_calendar(basis, team_cal)
        target = dt.timedelta(minutes=minutes)
        out.append(MetricPreview(
            metric=metric.value, label=str(metric.label), minutes=minutes, basis=basis,
            due_at=add_business_time(cal, received_at, target),
            warn_at=add_business_time(cal, received_at, target * (policy.warn_ratio if policy else 0.75)),
        ))
    local = received_at.astimezone(team_cal.tz).date()
    day = team_cal.day_info(local) if isinstance(team_cal, BusinessCalendar) else None
    return Preview(received_at=received_at, policy=policy, metrics=out, day=day)
