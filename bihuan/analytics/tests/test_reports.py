"""Report periods, KPI changes and rising lists are pure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from bihuan.analytics import reports
from bihuan.analytics.reports import BadReportPeriod, ReportPeriod

MONDAY = dt.date(2026, 11, 23)


def test_default_is_the_last_complete_week_or_month():
    week = reports.parse_period("weekly", "", today=MONDAY)
    assert (week.code, week.start, week.end) == ("2026-W47", dt.date(2026, 11, 16), dt.date(2026, 11, 22))
    month = reports.parse_period("monthly", None, today=MONDAY)
    assert (month.code, month.start, month.end) == ("2026-10", dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert week.complete(MONDAY) and not reports.period_containing("weekly", MONDAY).complete(MONDAY)


def test_iso_weeks_and_months_parse_and_step_across_years():
    week = reports.parse_period("weekly", "2026-W01", today=MONDAY)
    assert week.start == dt.date(2025, 12, 29) and week.previous().code == "2025-W52"
    assert reports.parse_period("weekly", "2026w5", today=MONDAY).code == "2026-W05"
    month = reports.parse_period("monthly", "2024-2", today=MONDAY)
    assert month.end == dt.date(2024, 2, 29) and month.previous().code == "2024-01"
    assert ReportPeriod("monthly", dt.date(2026, 1, 1), dt.date(2026, 1, 31)).previous().code == "2025-12"
    assert reports.parse_period("weekly", "2026-W48", today=MONDAY).code == "2026-W48"  # current, partial


@pytest.mark.parametrize(("kind", "raw"), [
    ("weekly", "garbage"), ("weekly", "2026-W54"), ("weekly", "2026-W00"), ("weekly", "2026-11"),
    ("weekly", "9999-W01"), ("weekly", "0001-W01"), ("weekly", "2026-W49"), ("monthly", "2026-13"),
    ("monthly", "2026-00"), ("monthly", "2026-W47"), ("monthly", "2027-01"), ("monthly", "１２３４-11"),
])
def test_malformed_or_future_periods_are_refused_with_a_reason(kind, raw):
    with pytest.raises(BadReportPeriod) as error:
        reports.parse_period(kind, raw, today=MONDAY)
    assert str(error.value)


def test_unknown_kind_is_refused():
    assert reports.parse_kind(None) == "weekly" and reports.parse_kind("Monthly") == "monthly"
    with pytest.raises(BadReportPeriod):
        reports.parse_kind("daily")


@translation.override("en")
def test_change_says_which_way_is_good():
    assert reports.change("fcr", "pct", 0.9, 0.8) == {"delta": pytest.approx(0.1), "text": "+10.0 pts",
                                                      "good": True}
    assert reports.change("first_response", "min", 12.0, 15.5)["good"] is True
    assert reports.change("volume", "n", 150, 100)["text"] == "+50 (+50%)"
    assert reports.change("volume", "n", 150, 100)["good"] is False
    assert reports.change("compensation", "yuan", 10.0, 5.0)["good"] is None
    assert reports.change("transfer", "pct", 0.07601, 0.076) == {"delta": pytest.approx(0.00001),
                                                                "text": "+0.0 pts", "good": None}
    assert reports.change("csat", "score", None, 4.0) == {"delta": None, "text": "—", "good": None}


@translation.override("en")
def test_rising_ranks_growth_and_ignores_single_newcomers():
    rows = [("a", 10, 4), ("b", 3, 0), ("c", 1, 0), ("d", 5, 9), ("e", 8, 2), ("", 50, 0)]
    assert [r[0] for r in reports.rising(rows)] == ["a", "e", "b"]
    assert reports.growth_text(6, 0) == "new" and reports.growth_text(15, 10) == "+50%"
