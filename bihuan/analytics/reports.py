"""Weekly and monthly reports: periods, comparisons and "rising" lists. Pure Python.

A report period is an ISO week ("2026-W47", Monday–Sunday) or a calendar month
("2026-11"). The default is the last complete one, so a report never shows a partial
week unless asked for. The report compares each KPI with the previous period of the
same kind and with its target; the KPI values themselves come from the dashboard
selectors (kpis.kpi_values over the rollups), never recomputed here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

WEEKLY = "weekly"
MONTHLY = "monthly"
KINDS = (WEEKLY, MONTHLY)
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")

# KPIs where a fall is good news; compensation and volume of surveys are neither good nor bad.
LOWER_IS_BETTER = frozenset({"volume", "first_response", "resolution", "aht", "repeat", "escalation", "transfer",
                             "reopen"})
NEUTRAL = frozenset({"compensation"})


class BadReportPeriod(ValueError):
    """The asked-for report period cannot be read or lies outside what can be reported."""


@dataclass(frozen=True)
class ReportPeriod:
    kind: str  # WEEKLY or MONTHLY
    start: dt.date
    end: dt.date  # inclusive

    @property
    def code(self) -> str:
        """The period as written in URLs and dedup keys: 2026-W47 or 2026-11."""
        if self.kind == WEEKLY:
            year, week, _day = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.start.year}-{self.start.month:02d}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> ReportPeriod:
        return period_containing(self.kind, self.start - dt.timedelta(days=1))

    def next(self) -> ReportPeriod:
        return period_containing(self.kind, self.end + dt.timedelta(days=1))

    def complete(self, today: dt.date) -> bool:
        return self.end < today


def period_containing(kind: str, day: dt.date) -> ReportPeriod:
    if kind == WEEKLY:
        start = day - dt.timedelta(days=day.weekday())
        return ReportPeriod(WEEKLY, start, start + dt.timedelta(days=6))
    last = calendar.monthrange(day.year, day.month)[1]
    return ReportPeriod(MONTHLY, day.replace(day=1), day.replace(day=last))


def last_complete(kind: str, today: dt.date) -> ReportPeriod:
    """The latest period of `kind` that ended before `today`."""
    return period_containing(kind, today).previous()


def parse_kind(raw: str | None) -> str:
    kind = (raw or WEEKLY).strip().lower()
    if kind not in KINDS:
        raise BadReportPeriod(_("The report kind must be “weekly” or “monthly”."))
    return kind


def parse_period(kind: str, raw: str | None, *, today: dt.date) -> ReportPeriod:
    """The period written as 2026-W47 (weekly) or 2026-11 (monthly); empty = the last complete one.

    Raises BadReportPeriod with a readable message for anything else, including periods
    that have not started yet.
    """
    raw = (raw or "").strip()
    if not raw:
        return last_complete(kind, today)
    if kind == WEEKLY:
        match = _WEEK.match(raw)
        if not match:
            raise BadReportPeriod(_("Write a week as YYYY-Www, for example 2026-W47."))
        year, number = int(match[1]), int(match[2])
        _check_year(year)
        try:
            start = dt.date.fromisocalendar(year, number, 1)
        except ValueError:
            raise BadReportPeriod(_("%(year)d has no week %(week)d.") % {"year": year, "week": number}) from None
        period = period_containing(WEEKLY, start)
    else:
        match = _MONTH.match(raw)
        if not match:
            raise BadReportPeriod(_("Write a month as YYYY-MM, for example 2026-11."))
        year, month = int(match[1]), int(match[2])
        _check_year(year)
        if not 1 <= month <= 12:
            raise BadReportPeriod(_("A month is a number from 1 to 12."))
        period = period_containing(MONTHLY, dt.date(year, month, 1))
    if period.start > today:
        raise BadReportPeriod(_("The period %(period)s has not started yet.") % {"period": period.code})
    return period


def _check_year(year: int) -> None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise BadReportPeriod(_("The year must be between %(low)d and %(high)d.")
                              % {"low": EARLIEST_YEAR, "high": LATEST_YEAR})


def change(code: str, unit: str, current: float | None, previous: float | None) -> dict:
    """How a KPI moved against the previous period: delta, readable text and whether that is good.

    Rates move in percentage points, durations and counts in their own unit; volume also
    gets its relative change. `good` is None when the move is neutral or unknown.
    """
    if current is None or previous is None:
        return {"delta": None, "text": "—", "good": None}
    delta = current - previous
    if unit == "pct":
        text = _("%(sign)s%(value).1f pts") % {"sign": "+" if delta >= 0 else "−", "value": abs(delta) * 100}
    elif unit == "yuan":
        text = f"{'+' if delta >= 0 else '−'}¥{abs(delta):,.2f}"
    elif unit in ("min", "h"):
        text = f"{'+' if delta >= 0 else '−'}{abs(delta):.1f}"
    elif unit == "score":
        text = f"{'+' if delta >= 0 else '−'}{abs(delta):.2f}"
    else:
        text = f"{'+' if delta >= 0 else '−'}{abs(delta):,.0f}"
        if code == "volume" and previous:
            text += f" ({'+' if delta >= 0 else '−'}{abs(delta) / previous * 100:.0f}%)"
    shown = {"pct": round(delta * 100, 1), "min": round(delta, 1), "h": round(delta, 1), "score": round(delta, 2),
             "yuan": round(delta, 2)}.get(unit, round(delta))
    if shown == 0 or code in NEUTRAL:  # a change too small to show is no news either way
        good = None
    else:
        good = (delta < 0) if code in LOWER_IS_BETTER else (delta > 0)
    return {"delta": delta, "text": text, "good": good}


def rising(rows: list[tuple[str, int, int]], *, limit: int = 10, min_count: int = 2) -> list[tuple[str, int, int]]:
    """(key, current, previous) rows that grew, biggest absolute growth first.

    A key needs at least `min_count` complaints in the current period, so one complaint
    against none before does not top the list.
    """
    grown = [(key, cur, prev) for key, cur, prev in rows if key and cur > prev and cur >= min_count]
    grown.sort(key=lambda r: (-(r[1] - r[2]), -r[1], r[0]))
    return grown[:limit]


def growth_text(current: int, previous: int) -> str:
    if not previous:
        return _("new")
    return f"+{(current - previous) / previous * 100:.0f}%"
