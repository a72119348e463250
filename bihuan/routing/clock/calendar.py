"""Business calendars as plain, immutable data.

A `BusinessCalendar` says *when the service is open*: a time zone, one or more
time slots per weekday (lunch breaks and split shifts are simply two slots),
the mainland-China statutory calendar (public holidays and 调休 make-up working
days) and administrator overrides. It round-trips through a JSON-able dict
(`from_dict` / `as_dict`) so the database can store it in one JSON column and
a calendar change is a new value, never a mutation.

`CalendarTime` is the 24×7 variant: SLA targets measured "in calendar time"
use it through the same functions (see `arithmetic.py`).

Precedence for one local date (first match wins):
1. administrator override (extra holiday / extra working day),
2. the statutory calendar, if enabled and the package knows the year,
3. the plain week: Monday–Friday working days, Saturday/Sunday rest days.
Working days use that weekday's slots, except a working day falling on a
weekend (调休) which uses `makeup_slots` (default: Monday's slots); holidays
use `holiday_slots` (default: closed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import statutory
from .instants import Interval, local_us
from .slots import CalendarError, Slots, parse_slots
from .statutory import StatutoryKind

DEFAULT_TIMEZONE = "Asia/Shanghai"
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Bound the per-calendar interval cache; a sweep touches only a few weeks.
_CACHE_LIMIT = 4096

# The spec's example: a lunch break and a long afternoon/evening shift.
DEFAULT_WEEKDAY_SLOTS: Slots = parse_slots(["09:00-12:00", "13:00-21:00"])
DEFAULT_WEEKLY: tuple[Slots, ...] = (DEFAULT_WEEKDAY_SLOTS,) * 5 + ((), ())


@dataclass(frozen=True, slots=True)
class DayInfo:
    """What the calendar says about one local date (for editors and previews)."""

    date: dt.date
    kind: StatutoryKind
    slots: Slots
    name: str | None  # festival name from the statutory calendar, if any
    source: Literal["override", "statutory", "weekday", "beyond_known_range"]

    @property
    def is_open_day(self) -> bool:
        return bool(self.slots)


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    """Service hours. Construct directly, or from the stored dict via `from_dict`."""

    timezone: str = DEFAULT_TIMEZONE
    weekly: tuple[Slots, ...] = DEFAULT_WEEKLY  # index 0 = Monday
    use_statutory: bool = True
    makeup_slots: Slots | None = None  # None: a 调休 day works Monday's slots
    holiday_slots: Slots = ()
    extra_holidays: frozenset[dt.date] = frozenset()
    extra_workdays: frozenset[dt.date] = frozenset()
    # Derived, excluded from equality/hash: resolved tz and a per-date cache of
    # open intervals (pure function of the fields, so caching is safe).
    _tz: ZoneInfo = field(init=False, repr=False, compare=False, hash=False)
    _cache: dict[dt.date, tuple[Interval, ...]] = field(
        init=False, repr=False, compare=False, hash=False
    )

    kind = "business"

    def __post_init__(self) -> None:
        try:
            tz = ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
            raise CalendarError(
                f"unknown time zone {self.timezone!r}", code="invalid_timezone", field="timezone"
            ) from exc
        if len(self.weekly) != 7:
            raise CalendarError("weekly must have 7 days (Monday first)", field="weekly")
        clash = self.extra_holidays & self.extra_workdays
        if clash:
            first = min(clash).isoformat()
            raise CalendarError(
                f"{first} is both an extra holiday and an extra working day",
                code="conflicting_overrides",
                field="extra_workdays",
            )
        object.__setattr__(self, "_tz", tz)
        object.__setattr__(self, "_cache", {})

    # ----------------------------------------------------------------- data
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BusinessCalendar:
        """Build from the stored dict; raises CalendarError with a `field` path."""
        allowed = {
            "kind", "version", "timezone", "weekly", "use_statutory",
            "makeup_slots", "holiday_slots", "extra_holidays", "extra_workdays",
        }  # fmt: skip
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise CalendarError(f"unknown keys: {', '.join(unknown)}", field=unknown[0])
        if data.get("kind", "business") != "business":
            raise CalendarError("kind must be 'business'", field="kind")
        weekly_raw = data.get("weekly")
        if weekly_raw is None:
            weekly = DEFAULT_WEEKLY
        else:
            if not isinstance(weekly_raw, Mapping):
                raise CalendarError("weekly must map mon..sun to slot lists", field="weekly")
            bad = sorted(set(weekly_raw) - set(WEEKDAY_KEYS))
            if bad:
                raise CalendarError(f"unknown weekday {bad[0]!r}", field=f"weekly.{bad[0]}")
            weekly = tuple(
                parse_slots(weekly_raw.get(k) or (), where=f"weekly.{k}") for k in WEEKDAY_KEYS
            )
        makeup_raw = data.get("makeup_slots")
        return cls(
            timezone=str(data.get("timezone") or DEFAULT_TIMEZONE),
            weekly=weekly,
            use_statutory=bool(data.get("use_statutory", True)),
            makeup_slots=None
            if makeup_raw is None
            else parse_slots(makeup_raw, where="makeup_slots"),
            holiday_slots=parse_slots(data.get("holiday_slots") or (), where="holiday_slots"),
            extra_holidays=_parse_dates(data.get("extra_holidays") or (), "extra_holidays"),
            extra_workdays=_parse_dates(data.get("extra_workdays") or (), "extra_workdays"),
        )

    def as_dict(self) -> dict[str, Any]:
        """Canonical JSON-able form; `from_dict(c.as_dict()) == c`."""
        return {
            "kind": "business",
            "version": 1,
            "timezone": self.timezone,
            "weekly": {
                k: [s.as_pair() for s in self.weekly[i]] for i, k in enumerate(WEEKDAY_KEYS)
            },
            "use_statutory": self.use_statutory,
            "makeup_slots": None
            if self.makeup_slots is None
            else [s.as_pair() for s in self.makeup_slots],
            "holiday_slots": [s.as_pair() for s in self.holiday_slots],
            "extra_holidays": sorted(d.isoformat() for d in self.extra_holidays),
            "extra_workdays": sorted(d.isoformat() for d in self.extra_workdays),
        }

    # -------------------------------------------------------------- queries
    @property
    def tz(self) -> ZoneInfo:
        return self._tz

    def known_range(self) -> tuple[dt.date, dt.date] | None:
        """Dates the statutory calendar covers, or None if it is switched off.

        Outside this range only weekdays and overrides apply: the UI should
        warn administrators to add next year's holidays as overrides until
        the package is upgraded.
        """
        return statutory.known_range() if self.use_statutory else None

    def day_info(self, day: dt.date) -> DayInfo:
        if day in self.extra_holidays:
            return DayInfo(day, StatutoryKind.HOLIDAY, self.holiday_slots, None, "override")
        if day in self.extra_workdays:
            kind = StatutoryKind.MAKEUP_WORKDAY if day.weekday() >= 5 else StatutoryKind.WORKDAY
            return DayInfo(day, kind, self._working_slots(day, kind), None, "override")
        source: Literal["statutory", "weekday", "beyond_known_range"] = "weekday"
        if self.use_statutory:
            found = statutory.statutory_day(day)
            if found is not None:
                kind, name = found
                return DayInfo(day, kind, self._slots_for(day, kind), name, "statutory")
            source = "beyond_known_range"
        kind = StatutoryKind.REST_DAY if day.weekday() >= 5 else StatutoryKind.WORKDAY
        return DayInfo(day, kind, self.weekly[day.weekday()], None, source)

    def slots_on(self, day: dt.date) -> Slots:
        return self.day_info(day).slots

    def _working_slots(self, day: dt.date, kind: StatutoryKind) -> Slots:
        if kind is StatutoryKind.MAKEUP_WORKDAY:
            return self.weekly[0] if self.makeup_slots is None else self.makeup_slots
        return self.weekly[day.weekday()]

    def _slots_for(self, day: dt.date, kind: StatutoryKind) -> Slots:
        if kind is StatutoryKind.HOLIDAY:
            return self.holiday_slots
        if kind is StatutoryKind.MAKEUP_WORKDAY:
            return self._working_slots(day, kind)
        return self.weekly[day.weekday()]

    def day_intervals(self, day: dt.date) -> tuple[Interval, ...]:
        """Open intervals of a local date as absolute [start, end) microseconds.

        Working in absolute instants (not wall-clock minutes) keeps durations
        right in zones with daylight saving; in Asia/Shanghai it is exact.
        """
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        out: list[Interval] = []
        midnight = dt.datetime(day.year, day.month, day.day)
        last_end = None
        for slot in self.slots_on(day):
            s = local_us(midnight + dt.timedelta(minutes=slot.start), self._tz)
            e = local_us(midnight + dt.timedelta(minutes=slot.end), self._tz)
            # A wall time inside a DST gap can map past the next slot; clamp so
            # intervals stay ordered and non-overlapping, and drop empty ones.
            if last_end is not None and s < last_end:
                s = last_end
            if e <= s:
                continue
            if out and out[-1][1] == s:  # touching slots behave as one period
                out[-1] = (out[-1][0], e)
            else:
                out.append((s, e))
            last_end = e
        result = tuple(out)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[day] = result
        return result

    def has_any_open_slot(self) -> bool:
        """False when no day type has slots: such a calendar can never open."""
        makeup = self.weekly[0] if self.makeup_slots is None else self.makeup_slots
        return any(self.weekly) or bool(makeup) or bool(self.holiday_slots)


@dataclass(frozen=True, slots=True)
class CalendarTime:
    """24×7: every instant counts. The time zone only matters for display."""

    timezone: str = DEFAULT_TIMEZONE
    _tz: ZoneInfo = field(init=False, repr=False, compare=False, hash=False)

    kind = "calendar"

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "_tz", ZoneInfo(self.timezone))
        except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
            raise CalendarError(
                f"unknown time zone {self.timezone!r}", code="invalid_timezone", field="timezone"
            ) from exc

    @property
    def tz(self) -> ZoneInfo:
        return self._tz

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CalendarTime:
        if data.get("kind") != "calendar":
            raise CalendarError("kind must be 'calendar'", field="kind")
        return cls(timezone=str(data.get("timezone") or DEFAULT_TIMEZONE))

    def as_dict(self) -> dict[str, Any]:
        return {"kind": "calendar", "version": 1, "timezone": self.timezone}

    def known_range(self) -> None:
        return None


AnyCalendar = BusinessCalendar | CalendarTime


def load_calendar(data: Mapping[str, Any]) -> AnyCalendar:
    """Dispatch on data["kind"] ("business" by default, or "calendar" = 24×7)."""
    if not isinstance(data, Mapping):
        raise CalendarError("calendar data must be an object")
    if data.get("kind", "business") == "calendar":
        return CalendarTime.from_dict(data)
    return BusinessCalendar.from_dict(data)


def calendar_for_target(
    time_basis: Literal["business", "calendar"], calendar: BusinessCalendar
) -> AnyCalendar:
    """The calendar an SLA target is measured in: the team's hours or 24×7."""
    if time_basis == "business":
        return calendar
    if time_basis == "calendar":
        return CalendarTime(timezone=calendar.timezone)
    raise CalendarError(f"unknown time basis {time_basis!r}", field="time_basis")


def _parse_dates(values: Iterable[Any], where: str) -> frozenset[dt.date]:
    out = set()
    if isinstance(values, str):
        raise CalendarError(f"{where} must be a list of dates", field=where)
    for v in values:
        if isinstance(v, dt.datetime):
            raise CalendarError(f"{v!r} is a datetime, expected a date", field=where)
        if isinstance(v, dt.date):
            out.add(v)
            continue
        try:
            out.add(dt.date.fromisoformat(str(v)))
        except ValueError as exc:
            raise CalendarError(f"{v!r} is not a date (YYYY-MM-DD)", field=where) from exc
    return frozenset(out)
