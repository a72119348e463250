"""Business-time arithmetic over a `BusinessCalendar` (or 24×7 `CalendarTime`).

All functions are pure and take aware datetimes. Internally everything is
integer microseconds since the epoch, so results are exact (the round-trip
property `business_time_between(s, add_business_time(s, d)) == d` holds to
the microsecond) and independent of the caller's time zone. Results are
returned in the calendar's time zone.

Conventions (half-open slots [open, close)):
- `is_open(t)` is true from a slot's opening up to, not including, its close.
- `add_business_time` never lands inside a closed period: counting starts at
  the next opening, and when the duration is used up exactly at a close, the
  due time is that close (12:00, not 13:00). A zero duration from a closed
  instant gives the next opening.
- Days are walked one at a time with cached per-day intervals; nothing steps
  minute by minute, so cost grows with calendar days spanned, not minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from .calendar import AnyCalendar, BusinessCalendar, CalendarTime
from .instants import from_us, local_date, to_us
from .slots import CalendarError

_ONE_DAY = dt.timedelta(days=1)
_ONE_US = dt.timedelta(microseconds=1)
# Longest run of closed days we search before declaring the calendar dead.
# Real closures (Spring Festival) are ~9 days; two years means misconfiguration.
MAX_CLOSED_DAYS = 2 * 366


class CalendarNeverOpens(CalendarError):
    def __init__(self, after: dt.date) -> None:
        super().__init__(
            f"the calendar has no open time in the {MAX_CLOSED_DAYS} days after {after}",
            code="calendar_never_opens",
        )


def is_open(cal: AnyCalendar, t: dt.datetime) -> bool:
    """Is the service open at instant `t`?"""
    us = to_us(t)
    if isinstance(cal, CalendarTime):
        return True
    return any(s <= us < e for s, e in cal.day_intervals(local_date(us, cal.tz)))


def next_open(cal: AnyCalendar, t: dt.datetime) -> dt.datetime:
    """`t` itself if open, otherwise the next opening instant."""
    if isinstance(cal, CalendarTime):
        return t.astimezone(cal.tz)
    return from_us(_advance(cal, to_us(t), 0), cal.tz)


def add_business_time(cal: AnyCalendar, start: dt.datetime, duration: dt.timedelta) -> dt.datetime:
    """The instant at which `duration` of open time has elapsed after `start`.

    Precondition: duration >= 0 (a due time is never before its start).
    """
    if duration < dt.timedelta(0):
        raise ValueError("duration must not be negative")
    if isinstance(cal, CalendarTime):
        to_us(start)  # same aware-datetime check as the business path
        return (start + duration).astimezone(cal.tz)
    return from_us(_advance(cal, to_us(start), duration // _ONE_US), cal.tz)


def business_time_between(cal: AnyCalendar, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
    """Open time in [a, b); negative when b < a (so it is antisymmetric)."""
    ua, ub = to_us(a), to_us(b)
    if ub < ua:
        return -business_time_between(cal, b, a)
    if isinstance(cal, CalendarTime):
        return dt.timedelta(microseconds=ub - ua)
    return dt.timedelta(microseconds=_open_us_between(cal, ua, ub))


def open_periods(
    cal: AnyCalendar, a: dt.datetime, b: dt.datetime
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """The open periods intersecting [a, b), clipped to it (for previews/timelines)."""
    ua, ub = to_us(a), to_us(b)
    if ub <= ua:
        return
    if isinstance(cal, CalendarTime):
        yield a.astimezone(cal.tz), b.astimezone(cal.tz)
        return
    day, last = local_date(ua, cal.tz), local_date(ub, cal.tz)
    while day <= last:
        for s, e in cal.day_intervals(day):
            s, e = max(s, ua), min(e, ub)
            if s < e:
                yield from_us(s, cal.tz), from_us(e, cal.tz)
        day += _ONE_DAY


# ---------------------------------------------------------------- internals
def _advance(cal: BusinessCalendar, t: int, remaining: int) -> int:
    """Walk open intervals from instant t until `remaining` µs are used up."""
    day = local_date(t, cal.tz)
    closed_days = 0
    while True:
        intervals = cal.day_intervals(day)
        if intervals:
            closed_days = 0
            # Whole-day skip: the day starts after t and is not enough on its
            # own, so take all of it without looking at the slots' positions.
            if t <= intervals[0][0]:
                total = _total(intervals)
                if remaining > total:
                    remaining -= total
                    day += _ONE_DAY
                    continue
            for s, e in intervals:
                if e <= t:
                    continue
                if s < t:
                    s = t
                available = e - s
                if remaining <= available:
                    return s + remaining
                remaining -= available
        else:
            closed_days += 1
            if closed_days > MAX_CLOSED_DAYS:
                raise CalendarNeverOpens(day - dt.timedelta(days=MAX_CLOSED_DAYS))
        day += _ONE_DAY


def _open_us_between(cal: BusinessCalendar, ua: int, ub: int) -> int:
    day, last = local_date(ua, cal.tz), local_date(ub, cal.tz)
    total = 0
    while day <= last:
        intervals = cal.day_intervals(day)
        if intervals:
            if ua <= intervals[0][0] and intervals[-1][1] <= ub:
                total += _total(intervals)
            else:
                for s, e in intervals:
                    overlap = min(e, ub) - max(s, ua)
                    if overlap > 0:
                        total += overlap
        day += _ONE_DAY
    return total


def _total(intervals: tuple[tuple[int, int], ...]) -> int:
    # A day has a handful of slots, so summing beats caching a second table.
    return sum(e - s for s, e in intervals)
