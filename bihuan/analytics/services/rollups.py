"""Incremental, resumable rollup refresh (DESIGN rule 8: dashboards read these tables).

The change log is the complaint timeline itself: every service that changes a
complaint appends a TimelineEvent (DESIGN rule 2), so "complaints touched since
the last run" is "complaints with events whose id is above the watermark". Work
goes in batches of event ids; each batch recomputes the facts of its complaints,
rebuilds the rollups of every day those complaints were received on, and moves
the watermark in the same transaction — a killed run resumes at the last batch.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from bihuan.complaints.models import Complaint, TimelineEvent

from ..dimensions import DAILY_DIMENSIONS, HOURLY_DIMENSIONS
from ..models import ComplaintFact, Grain, RefreshState, Rollup, StageRollup
from .facts import facts_store

STATE_NAME = "rollups"
FACT_CHUNK = 5_000
DAY_CHUNK = 31
# Events committed out of id order (a long transaction that started earlier) are
# picked up by also re-reading events written in the last few minutes.
LATE_COMMIT_LAG = dt.timedelta(minutes=10)


def first_response_target_seconds() -> int:
    return int(getattr(settings, "BIHUAN_ANALYTICS_FIRST_RESPONSE_MINUTES", 15)) * 60


def _measures() -> dict:
    target = first_response_target_seconds()
    return {
        "count": Count("pk"),
        "closed": Count("pk", filter=Q(closed=True)),
        "fr_sum": Sum("first_response_seconds"),
        "fr_n": Count("first_response_seconds"),
        "fr_met": Count("pk", filter=Q(first_response_seconds__lte=target)),
        "res_sum": Sum("resolution_seconds"),
        "res_n": Count("resolution_seconds"),
        "reopened": Count("pk", filter=Q(reopened=True)),
        "repeat": Count("pk", filter=Q(repeat=True)),
        "escalated": Count("pk", filter=Q(escalated=True)),
        "transferred": Count("pk", filter=Q(transfers__gt=0)),
        "fcr": Count("pk", filter=Q(fcr=True)),
        "sla_done": Sum("sla_done"),
        "sla_met": Sum("sla_met"),
        "rp72_n": Count("repurchase_72h"),
        "rp72": Count("pk", filter=Q(repurchase_72h=True)),
        "rp30_n": Count("repurchase_30d"),
        "rp30": Count("pk", filter=Q(repurchase_30d=True)),
        "repeated_later": Count("pk", filter=Q(repeated_later=True)),
        "aht_sum": Sum("handle_seconds"),
        "aht_n": Sum("handle_sessions"),
        "surveys": Count("pk", filter=Q(survey_sent=True)),
        "answered": Count("pk", filter=Q(survey_answered=True)),
        "csat_sum": Sum("csat"),
        "csat_n": Count("csat"),
        "nps_n": Count("nps"),
        "promoters": Count("pk", filter=Q(nps__gte=9)),
        "detractors": Count("pk", filter=Q(nps__lte=6)),
        "comp_fen": Sum("compensation_fen"),
        "refund_n": Count("pk", filter=Q(refund_agreed=True)),
        "refund_ok": Count("pk", filter=Q(refund_done=True)),
    }


def _rollups_for(days: list[dt.date], grain: str, dims: dict[str, tuple[str, ...]]) -> list[Rollup]:
    measures = _measures()
    out = []
    base = ComplaintFact.objects.filter(day__in=days).order_by()
    for dim, fields in dims.items():
        group = ("day", "hour", *fields) if grain == Grain.HOUR else ("day", *fields)
        for row in base.values(*group).annotate(**measures):
            key = "|".join("" if row[f] is None else str(row[f]) for f in fields)
            values = {name: row[name] or 0 for name in measures}
            out.append(Rollup(grain=grain, day=row["day"], hour=row.get("hour", 0) if grain == Grain.HOUR else 0,
                              dim=dim, key=key[:200], **values))
    return out


def _stage_rollups(days: list[dt.date]) -> list[StageRollup]:
    totals: dict[tuple[dt.date, str], list[int]] = defaultdict(lambda: [0, 0])
    rows = ComplaintFact.objects.filter(day__in=days).exclude(stage_seconds={}).values_list("day", "stage_seconds")
    for day, stages in rows.iterator(chunk_size=5000):
        for status, seconds in stages.items():
            cell = totals[(day, status)]
            cell[0] += int(seconds)
            cell[1] += 1
    return [StageRollup(day=d, status=s, seconds=v[0], n=v[1]) for (d, s), v in totals.items()]


def rollups_rebuild_days(days: set[dt.date] | list[dt.date]) -> int:
    """Replace every rollup row of `days` with fresh aggregates of their facts; returns rows written."""
    written = 0
    ordered = sorted(set(days))
    for i in range(0, len(ordered), DAY_CHUNK):
        chunk = ordered[i:i + DAY_CHUNK]
        rows = _rollups_for(chunk, Grain.DAY, DAILY_DIMENSIONS) + _rollups_for(chunk, Grain.HOUR, HOURLY_DIMENSIONS)
        stages = _stage_rollups(chunk)
        with transaction.atomic():
            Rollup.objects.filter(day__in=chunk).delete()
            StageRollup.objects.filter(day__in=chunk).delete()
            Rollup.objects.bulk_create(rows, batch_size=2000)
            StageRollup.objects.bulk_create(stages, batch_size=2000)
        written += len(rows)
    return written


@dataclass
class RefreshReport:
    complaints: int = 0
    days: int = 0
    rollup_rows: int = 0
    batches: int = 0
    watermark: int = 0
    seconds: float = 0.0


def _refresh_ids(ids: list[int], now: dt.datetime, report: RefreshReport) -> set[dt.date]:
    days: set[dt.date] = set()
    for i in range(0, len(ids), FACT_CHUNK):
        days |= facts_store(ids[i:i + FACT_CHUNK], now=now)
    report.complaints += len(ids)
    return days


def _window_expiries(last_run: dt.datetime | None, now: dt.datetime) -> set[int]:
    """Complaints whose 72 h or 30 d repurchase window closed since the last run (no event marks that)."""
    if last_run is None:
        return set()
    ids: set[int] = set()
    for window in (dt.timedelta(hours=72), dt.timedelta(days=30)):
        ids.update(Complaint.objects.filter(received_at__gt=last_run - window, received_at__lte=now - window)
                   .values_list("pk", flat=True))
    return ids


def rollups_refresh(*, since: dt.datetime | None = None, batch_events: int = 500_000,
                    now: dt.datetime | None = None) -> RefreshReport:
    """Fold every timeline event above the watermark into facts and rollups.

    `since` also recomputes every complaint received or touched since then (a repair
    after a definition change). Safe to run concurrently with writers and to re-run.
    """
    started = time.monotonic()
    now = now or timezone.now()
    report = RefreshReport()
    state, _ = RefreshState.objects.get_or_create(name=STATE_NAME)
    high = TimelineEvent.objects.aggregate(m=Max("id"))["m"] or 0
    extra: set[int] = _window_expiries(state.last_run_at, now)
    if state.last_run_at is not None:
        extra.update(TimelineEvent.objects.filter(at__gte=state.last_run_at - LATE_COMMIT_LAG,
                                                  id__lte=state.last_event_id)
                     .order_by().values_list("complaint_id", flat=True).distinct())
    if since is not None:
        extra.update(Complaint.objects.filter(received_at__gte=since).values_list("pk", flat=True))
        extra.update(TimelineEvent.objects.filter(at__gte=since).order_by()
                     .values_list("complaint_id", flat=True).distinct())
    watermark = state.last_event_id
    while True:
        upper = min(watermark + batch_events, high)
        ids = set(extra)
        extra = set()
        if upper > watermark:
            ids.update(TimelineEvent.objects.filter(id__gt=watermark, id__lte=upper)
                       .order_by().values_list("complaint_id", flat=True).distinct())
        if not ids and upper <= watermark:
            break
        with transaction.atomic():
            days = _refresh_ids(sorted(ids), now, report)
            report.rollup_rows += rollups_rebuild_days(days)
            report.days += len(days)
            watermark = max(watermark, upper)
            RefreshState.objects.filter(name=STATE_NAME).update(last_event_id=watermark)
        report.batches += 1
        if upper >= high:
            break
    report.watermark = watermark
    report.seconds = time.monotonic() - started
    RefreshState.objects.filter(name=STATE_NAME).update(
        last_run_at=now, last_duration_ms=int(report.seconds * 1000), last_complaints=report.complaints)
    return report


def rollups_reset() -> None:
    """Forget everything derived (the next refresh rebuilds from the first event)."""
    with transaction.atomic():
        Rollup.objects.all().delete()
        StageRollup.objects.all().delete()
        ComplaintFact.objects.all().delete()
        RefreshState.objects.filter(name=STATE_NAME).delete()
