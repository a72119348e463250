"""SLA clocks as data: an append-only event log folded into a `ClockState`.

The database keeps, per complaint and metric, the events (started, paused,
resumed, fulfilled, target_changed, recomputed) and a denormalised copy of
the computed state (due_at for the sweep index). The state is always
`compute_clock(events, calendar, target, now=...)`; nothing else is
authoritative, so a policy or calendar change is handled by recomputing from
the log, and the same inputs always give the same answer.

Semantics:
- The clock measures *active* open time: open time (per the calendar) while
  started and not paused. Pauses (e.g. waiting_on_customer) add the open time
  they cover to `paused_total`, which pushes the due time later by exactly
  that much (if the pause begins before the due time).
- The target is the `target` argument unless a `target_changed` event sets a
  new one; the latest wins and applies to the whole clock (counted from the
  start), like Zendesk/Zammad re-evaluating a policy after a priority change.
  A shorter target can therefore put the due time in the past: breached.
- `recomputed` events are audit markers (calendar or policy edited); the fold
  ignores them because the caller already passes the current calendar.
- Events after `fulfilled`, events later than `now`, duplicates (a second
  start, pause while paused, resume while running) are ignored, so a retried
  writer cannot corrupt a clock. A reopened complaint starts a new clock.
- Events are folded in time order; events at the same instant keep the order
  given, so the caller must pass the log ordered by (at, id) as appended.
- Breached means the reference instant (fulfilment, else `now`) is strictly
  after due_at: fulfilling exactly at the due time is on time.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .arithmetic import add_business_time, business_time_between
from .calendar import AnyCalendar
from .instants import to_us

_ZERO = dt.timedelta(0)


class EventKind(enum.StrEnum):
    STARTED = "started"
    PAUSED = "paused"
    RESUMED = "resumed"
    FULFILLED = "fulfilled"
    TARGET_CHANGED = "target_changed"
    RECOMPUTED = "recomputed"


@dataclass(frozen=True, slots=True)
class ClockEvent:
    kind: EventKind
    at: dt.datetime  # aware
    target: dt.timedelta | None = None  # required for TARGET_CHANGED only
    note: str = ""  # free text for the audit trail; ignored by the fold

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", EventKind(self.kind))
        to_us(self.at)  # reject naive datetimes early, at the writer
        if self.kind is EventKind.TARGET_CHANGED and (self.target is None or self.target < _ZERO):
            raise ValueError("target_changed needs a non-negative target")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ClockEvent:
        at = data["at"]
        target = data.get("target_seconds")
        return cls(
            kind=EventKind(data["kind"]),
            at=dt.datetime.fromisoformat(at) if isinstance(at, str) else at,
            target=None if target is None else dt.timedelta(seconds=target),
            note=str(data.get("note") or ""),
        )

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind.value, "at": self.at.isoformat()}
        if self.target is not None:
            out["target_seconds"] = self.target.total_seconds()
        if self.note:
            out["note"] = self.note
        return out


ClockStatus = Literal["not_started", "running", "warning", "paused", "breached", "fulfilled"]


@dataclass(frozen=True, slots=True)
class ClockState:
    now: dt.datetime
    target: dt.timedelta  # effective target after target_changed events
    started_at: dt.datetime | None
    fulfilled_at: dt.datetime | None
    is_paused: bool
    paused_since: dt.datetime | None
    paused_total: dt.timedelta  # open time spent paused, up to the reference instant
    elapsed: dt.timedelta  # active open time counted, up to the reference instant
    # due_at/warn_at: when the threshold was or will be reached. None before the
    # start, and while paused (or fulfilled while paused) if not yet reached;
    # the sweep's index on due_at therefore skips paused clocks by itself.
    due_at: dt.datetime | None
    warn_at: dt.datetime | None
    breached_at: dt.datetime | None

    @property
    def reference_at(self) -> dt.datetime:
        """The instant the clock is measured at: fulfilment if any, else now."""
        return self.fulfilled_at or self.now

    @property
    def is_breached(self) -> bool:
        return self.breached_at is not None

    @property
    def is_warned(self) -> bool:
        return self.warn_at is not None and self.warn_at <= self.reference_at

    @property
    def remaining(self) -> dt.timedelta:
        """Open time left before breach; negative = overdue by that much."""
        return self.target - self.elapsed

    @property
    def status(self) -> ClockStatus:
        """One badge for queues; `is_breached` still tells a late fulfilment."""
        if self.started_at is None:
            return "not_started"
        if self.fulfilled_at is not None:
            return "fulfilled"
        if self.is_breached:
            return "breached"
        if self.is_paused:
            return "paused"
        return "warning" if self.is_warned else "running"


def compute_clock(
    events: Iterable[ClockEvent],
    cal: AnyCalendar,
    target: dt.timedelta,
    *,
    warn_ratio: float | None = 0.75,
    now: dt.datetime,
) -> ClockState:
    """Fold the event log into the clock's state at `now` (pure, deterministic).

    `cal` is the calendar the target is measured in (a `BusinessCalendar`, or
    `CalendarTime` for 24×7 targets). `warn_ratio` of None disables warnings.
    """
    if target < _ZERO:
        raise ValueError("target must not be negative")
    if warn_ratio is not None and not 0 < warn_ratio <= 1:
        raise ValueError("warn_ratio must be in (0, 1]")
    now_us = to_us(now)
    # Stable sort: events at the same instant keep their append order.
    log = sorted((e for e in events if to_us(e.at) <= now_us), key=lambda e: to_us(e.at))

    started_at: dt.datetime | None = None
    fulfilled_at: dt.datetime | None = None
    running_since: dt.datetime | None = None
    paused_since: dt.datetime | None = None
    segments: list[tuple[dt.datetime, dt.datetime]] = []  # closed running segments
    pauses: list[tuple[dt.datetime, dt.datetime]] = []
    for ev in log:
        if fulfilled_at is not None:
            break
        if ev.kind is EventKind.TARGET_CHANGED:
            assert ev.target is not None  # checked in ClockEvent
            target = ev.target
        elif ev.kind is EventKind.STARTED:
            if started_at is None:
                started_at = running_since = ev.at
        elif started_at is None or ev.kind is EventKind.RECOMPUTED:
            continue
        elif ev.kind is EventKind.PAUSED:
            if running_since is not None:
                segments.append((running_since, ev.at))
                running_since, paused_since = None, ev.at
        elif ev.kind is EventKind.RESUMED:
            if paused_since is not None:
                pauses.append((paused_since, ev.at))
                paused_since, running_since = None, ev.at
        elif ev.kind is EventKind.FULFILLED:
            fulfilled_at = ev.at

    end = fulfilled_at or now
    if paused_since is not None:
        pauses.append((paused_since, end))
    paused_total = sum((business_time_between(cal, a, b) for a, b in pauses), _ZERO)

    thresholds = {"due": target}
    if warn_ratio is not None:
        thresholds["warn"] = target * warn_ratio
    reached: dict[str, dt.datetime | None] = dict.fromkeys(thresholds)
    consumed = _ZERO
    for s, e in segments:
        seg = business_time_between(cal, s, e)
        for name, limit in thresholds.items():
            if reached[name] is None and consumed + seg >= limit:
                reached[name] = add_business_time(cal, s, limit - consumed)
        consumed += seg
    if running_since is not None:
        # Still running at the reference instant: the threshold instant is
        # exact whether it is already past or still ahead (a projection).
        for name, limit in thresholds.items():
            if reached[name] is None:
                reached[name] = add_business_time(cal, running_since, max(limit - consumed, _ZERO))
        consumed += business_time_between(cal, running_since, end)

    due_at = reached["due"]
    breached_at = due_at if due_at is not None and due_at < end else None
    return ClockState(
        now=now,
        target=target,
        started_at=started_at,
        fulfilled_at=fulfilled_at,
        is_paused=paused_since is not None and fulfilled_at is None,
        paused_since=paused_since if fulfilled_at is None else None,
        paused_total=paused_total,
        elapsed=consumed,
        due_at=due_at,
        warn_at=reached.get("warn"),
        breached_at=breached_at,
    )
