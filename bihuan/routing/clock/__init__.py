"""Pure-Python business calendars and SLA clock arithmetic (no Django).

The Django layer (models, sweeps, editors) stores `BusinessCalendar.as_dict()`
and the clock event log, and calls these functions; see docs/sla-calendar.md.
"""

from .arithmetic import (
    CalendarNeverOpens,
    add_business_time,
    business_time_between,
    is_open,
    next_open,
    open_periods,
)
from .calendar import (
    DEFAULT_TIMEZONE,
    AnyCalendar,
    BusinessCalendar,
    CalendarTime,
    DayInfo,
    calendar_for_target,
    load_calendar,
)
from .sla import ClockEvent, ClockState, ClockStatus, EventKind, compute_clock
from .slots import CalendarError, TimeSlot, parse_slots
from .statutory import StatutoryKind, package_version, statutory_day

__all__ = [
    "DEFAULT_TIMEZONE",
    "AnyCalendar",
    "BusinessCalendar",
    "CalendarError",
    "CalendarNeverOpens",
    "CalendarTime",
    "ClockEvent",
    "ClockState",
    "ClockStatus",
    "DayInfo",
    "EventKind",
    "StatutoryKind",
    "TimeSlot",
    "add_business_time",
    "business_time_between",
    "calendar_for_target",
    "compute_clock",
    "is_open",
    "load_calendar",
    "next_open",
    "open_periods",
    "package_version",
    "parse_slots",
    "statutory_day",
]
