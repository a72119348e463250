"""Time slots inside a local day, and the calendar error type.

Kept apart from `calendar.py` so the editor/API layer can validate a slot
list without building a whole calendar.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

MINUTES_PER_DAY = 24 * 60
_HHMM = re.compile(r"^(\d{1,2}):(\d{2})$")


class CalendarError(ValueError):
    """Invalid calendar data. `code` is stable; `field` points into the dict."""

    def __init__(self, message: str, *, code: str = "invalid_calendar", field: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.field = field


@dataclass(frozen=True, slots=True, order=True)
class TimeSlot:
    """One opening period inside a local day, in minutes after midnight.

    `end` may be 1440 (24:00) so a slot can run to midnight; a night shift
    crossing midnight is two slots (22:00–24:00 and 00:00–06:00 next day).
    """

    start: int
    end: int

    def __post_init__(self) -> None:
        if not (0 <= self.start < self.end <= MINUTES_PER_DAY):
            raise CalendarError(
                f"time slot {self.label()} must satisfy 00:00 <= start < end <= 24:00",
                code="invalid_slot",
            )

    @classmethod
    def parse(cls, value: Any) -> TimeSlot:
        """Accept ["09:00", "12:00"], ("09:00", "12:00") or "09:00-12:00"."""
        if isinstance(value, TimeSlot):
            return value
        if isinstance(value, str) and "-" in value:
            value = value.split("-", 1)
        if not (isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 2):
            raise CalendarError(f"time slot {value!r} must be a pair of HH:MM", code="invalid_slot")
        return cls(_parse_hhmm(value[0]), _parse_hhmm(value[1]))

    def label(self) -> str:
        return f"{_fmt_hhmm(self.start)}-{_fmt_hhmm(self.end)}"

    def as_pair(self) -> list[str]:
        return [_fmt_hhmm(self.start), _fmt_hhmm(self.end)]

    @property
    def minutes(self) -> int:
        return self.end - self.start


Slots = tuple[TimeSlot, ...]


def _parse_hhmm(text: Any) -> int:
    m = _HHMM.match(str(text).strip())
    if not m or int(m.group(2)) >= 60:
        raise CalendarError(f"{text!r} is not a time of day (HH:MM)", code="invalid_slot")
    return int(m.group(1)) * 60 + int(m.group(2))


def _fmt_hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_slots(values: Iterable[Any], *, where: str = "slots") -> Slots:
    """Parse, sort and validate a day's slots: no overlaps (touching is fine)."""
    try:
        slots = tuple(sorted(TimeSlot.parse(v) for v in values))
    except CalendarError as exc:
        exc.field = where
        raise
    for a, b in zip(slots, slots[1:], strict=False):
        if b.start < a.end:
            raise CalendarError(
                f"time slots {a.label()} and {b.label()} overlap",
                code="overlapping_slots",
                field=where,
            )
    return slots
