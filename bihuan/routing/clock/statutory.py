"""Mainland-China statutory calendar (法定节假日 and 调休) from `chinese_calendar`.

A thin, cached adapter: the package holds a static table per year, published
after the State Council's notice (usually each November for the next year).
Outside the years it knows it raises NotImplementedError; we answer `None`
instead so that callers fall back to plain weekdays plus administrator
overrides and the UI can warn with `known_range()`.
"""

from __future__ import annotations

import datetime as dt
import enum
from functools import lru_cache

import chinese_calendar
from chinese_calendar import constants as _cc_constants


class StatutoryKind(enum.StrEnum):
    WORKDAY = "workday"  # ordinary Monday–Friday
    REST_DAY = "rest_day"  # ordinary weekend
    HOLIDAY = "holiday"  # public holiday (incl. the weekend days inside a holiday span)
    MAKEUP_WORKDAY = "makeup_workday"  # 调休: a weekend day that is a working day


@lru_cache(maxsize=1)
def known_range() -> tuple[dt.date, dt.date]:
    """First and last date the installed package has data for (whole years)."""
    # Same rule the package uses in its own validation: whole years between the
    # first and last year mentioned in its holiday table.
    years = [d.year for d in _cc_constants.holidays]
    return dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)


def package_version() -> str:
    return str(getattr(chinese_calendar, "__version__", "unknown"))


@lru_cache(maxsize=8192)
def statutory_day(day: dt.date) -> tuple[StatutoryKind, str | None] | None:
    """Kind and holiday name of `day`, or None when the package has no data for it.

    The name is the package's English festival name ("Spring Festival",
    "National Day", ...) for holidays and for 调休 working days.
    """
    first, last = known_range()
    if not first <= day <= last:
        return None
    is_holiday, name = chinese_calendar.get_holiday_detail(day)
    weekend = day.weekday() >= 5
    if is_holiday:
        # A weekend day with a festival name lies inside a holiday span; treat
        # it as a holiday so weekend service hours do not apply on it either.
        if weekend and name is None:
            return StatutoryKind.REST_DAY, None
        return StatutoryKind.HOLIDAY, name
    if weekend:
        return StatutoryKind.MAKEUP_WORKDAY, name
    return StatutoryKind.WORKDAY, None
