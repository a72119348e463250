"""Bulk SLA clocks for complaints that were written in bulk (demo data, imports) without services.

Replays each open complaint's status transitions from its timeline through the
same rules as `clocks.py` (first move out of `received` meets first_response
and starts next_update; waiting_on_customer pauses; follow_up meets
resolution; reopened starts new cycles), folds every clock with the pure
`compute_clock`, and writes clocks and their event log with bulk_create: a
few queries for thousands of complaints. Clocks already past their warning or
due time are stored as warned/breached (escalation considered done), so the
first sweep does not send a notification for every old complaint.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from bihuan.complaints import lifecycle
from bihuan.complaints.choices import EventKind as TimelineKind
from bihuan.complaints.models import Complaint, TimelineEvent
from bihuan.routing.clock import ClockEvent, EventKind, compute_clock
from bihuan.routing.models import ClockStatus, Metric, SlaClock, SlaEvent, SlaPolicy

from .calendars import PolicyFacts, calendar_for_team, measuring_calendar, policy_matches
from .clocks import STOPPED_NOTE

LIVE = (ClockStatus.RUNNING, ClockStatus.WARNING, ClockStatus.BREACHED)


class _Log:
    """The event log of one complaint's clocks while replaying its transitions."""

    def __init__(self, policy: SlaPolicy | None) -> None:
        self.policy = policy
        self.cycles: dict[str, int] = {}
        self.events: dict[str, list[ClockEvent]] = {}  # current cycle of each metric
        self.history: list[tuple[str, int, ClockEvent]] = []

    def add(self, metric: str, event: ClockEvent) -> None:
        self.events[metric].append(event)
        self.history.append((metric, self.cycles[metric], event))

    def start(self, metric: str, at: dt.datetime) -> None:
        if self.policy is None or self.policy.target(metric)[0] is None:
            return
        self.cycles[metric] = self.cycles.get(metric, 0) + 1
        self.events[metric] = []
        self.add(metric, ClockEvent(kind=EventKind.STARTED, at=at))

    def live(self, *metrics: str) -> list[str]:
        return [m for m, evs in self.events.items()
                if (not metrics or m in metrics) and not any(e.kind == EventKind.FULFILLED for e in evs)]

    def finish(self, metrics: list[str], at: dt.datetime, *, stopped: bool) -> None:
        for m in metrics:
            self.add(m, ClockEvent(kind=EventKind.FULFILLED, at=at, note=STOPPED_NOTE if stopped else ""))

    def paused(self, metric: str) -> bool:
        kinds = [e.kind for e in self.events[metric] if e.kind in (EventKind.PAUSED, EventKind.RESUMED)]
        return bool(kinds) and kinds[-1] == EventKind.PAUSED


def _replay(log: _Log, received_at: dt.datetime, transitions: list[tuple[dt.datetime, str]]) -> None:
    log.start(Metric.FIRST_RESPONSE, received_at)
    log.start(Metric.RESOLUTION, received_at)
    before = lifecycle.RECEIVED
    for at, to in transitions:
        if before == lifecycle.RECEIVED and to != lifecycle.CLOSED and log.live(Metric.FIRST_RESPONSE):
            log.finish(log.live(Metric.FIRST_RESPONSE), at, stopped=False)
            log.start(Metric.NEXT_UPDATE, at)
        if before == lifecycle.WAITING_ON_CUSTOMER and to != lifecycle.CLOSED:
            for m in log.live():
                if log.paused(m):
                    log.add(m, ClockEvent(kind=EventKind.RESUMED, at=at))
        if to == lifecycle.WAITING_ON_CUSTOMER:
            for m in log.live():
                if not log.paused(m):
                    log.add(m, ClockEvent(kind=EventKind.PAUSED, at=at))
        elif to == lifecycle.FOLLOW_UP:
            log.finish(log.live(Metric.RESOLUTION), at, stopped=False)
            log.finish(log.live(Metric.NEXT_UPDATE), at, stopped=True)
            log.start(Metric.FOLLOW_UP, at)
        elif to == lifecycle.CLOSED:
            log.finish(log.live(Metric.FOLLOW_UP), at, stopped=False)
            log.finish(log.live(), at, stopped=True)
        elif to == lifecycle.REOPENED:
            log.start(Metric.RESOLUTION, at)
            log.start(Metric.NEXT_UPDATE, at)
        before = to


@transaction.atomic
def sla_backfill(*, now: dt.datetime | None = None) -> int:
    """Clocks for every open complaint that has none yet; returns how many clocks were written."""
    now = now or timezone.now()
    policies = list(SlaPolicy.objects.filter(active=True).order_by("position", "id"))
    rows = list(Complaint.objects.filter(status__in=lifecycle.OPEN_STATUSES, sla_clocks__isnull=True)
                .values_list("pk", "received_at", "priority", "channel", "team_id"))
    transitions: dict[int, list[tuple[dt.datetime, str]]] = defaultdict(list)
    for cid, at, after in (TimelineEvent.objects.filter(complaint_id__in=[r[0] for r in rows],
                                                       kind=TimelineKind.TRANSITION)
                           .order_by("at", "id").values_list("complaint_id", "at", "after")):
        if isinstance(after, str):
            transitions[cid].append((at, after))
    calendars: dict[int | None, object] = {}
    clocks: list[SlaClock] = []
    logs: list[list[tuple[str, int, ClockEvent]]] = []
    next_due: dict[int, dt.datetime | None] = {}
    for pk, received_at, priority, channel, team_id in rows:
        facts = PolicyFacts(priority=priority or "", channel=channel or "")
        policy = next((p for p in policies if policy_matches(p, facts)), None)
        log = _Log(policy)
        _replay(log, received_at, transitions.get(pk, []))
        if team_id not in calendars:
            calendars[team_id] = calendar_for_team(team_id)
        for metric, events in log.events.items():
            clock = _fold(pk, metric, log.cycles[metric], events, policy, calendars[team_id], now)
            clocks.append(clock)
            logs.append([h for h in log.history if h[0] == metric])
            if clock.status in LIVE and clock.due_at is not None:
                current = next_due.get(pk)
                next_due[pk] = clock.due_at if current is None else min(current, clock.due_at)
    SlaClock.objects.bulk_create(clocks, batch_size=1000)
    SlaEvent.objects.bulk_create([
        SlaEvent(clock_id=clock.pk, cycle=cycle, kind=event.kind, at=event.at, note=event.note)
        for clock, history in zip(clocks, logs, strict=True) for _metric, cycle, event in history
    ], batch_size=2000)
    Complaint.objects.bulk_update([Complaint(pk=pk, next_action_due_at=due) for pk, due in next_due.items()],
                                  ["next_action_due_at"], batch_size=1000)
    return len(clocks)


def _fold(complaint_id: int, metric: str, cycle: int, events: list[ClockEvent], policy: SlaPolicy,
          team_calendar, now: dt.datetime) -> SlaClock:
    minutes, basis = policy.target(metric)
    target = dt.timedelta(minutes=minutes)
    state = compute_clock(events, measuring_calendar(basis, team_calendar), target,
                          warn_ratio=policy.warn_ratio, now=max(now, events[-1].at))
    clock = SlaClock(complaint_id=complaint_id, metric=metric, policy=policy, cycle=cycle,
                     target_seconds=minutes * 60, time_basis=basis, warn_ratio=policy.warn_ratio,
                     started_at=state.started_at or events[0].at, due_at=state.due_at, warn_at=state.warn_at,
                     paused=state.is_paused, fulfilled_at=state.fulfilled_at)
    if state.fulfilled_at is not None:
        stopped = any(e.kind == EventKind.FULFILLED and e.note == STOPPED_NOTE for e in events)
        clock.status = ClockStatus.STOPPED if stopped else ClockStatus.FULFILLED
    elif state.is_paused:
        clock.status = ClockStatus.PAUSED
    elif state.due_at is not None and state.due_at <= now:
        clock.status, clock.breached_at = ClockStatus.BREACHED, state.due_at
        clock.warned_at = state.warn_at
    elif state.warn_at is not None and state.warn_at <= now:
        clock.status, clock.warned_at = ClockStatus.WARNING, state.warn_at
    else:
        clock.status = ClockStatus.RUNNING
    return clock
