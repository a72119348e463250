"""Exact instant arithmetic: aware datetimes <-> integer microseconds.

Integers (not floats, not timedelta objects) keep the business-time round
trip exact to the microsecond and make the hot loops cheap.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_ONE_US = dt.timedelta(microseconds=1)

Interval = tuple[int, int]  # [start, end) in microseconds since the Unix epoch


def local_us(naive_local: dt.datetime, tz: ZoneInfo) -> int:
    """Local wall time in `tz` -> epoch µs (fold=0 for ambiguous/missing times)."""
    return (naive_local.replace(tzinfo=tz) - _EPOCH) // _ONE_US


def to_us(moment: dt.datetime) -> int:
    """Aware datetime -> microseconds since the epoch (exact integer arithmetic)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: SLA arithmetic needs aware datetimes")
    return (moment - _EPOCH) // _ONE_US


def from_us(us: int, tz: dt.tzinfo) -> dt.datetime:
    return (_EPOCH + dt.timedelta(microseconds=us)).astimezone(tz)


def local_date(us: int, tz: dt.tzinfo) -> dt.date:
    return from_us(us, tz).date()
