"""KPI arithmetic and targets are pure."""

from __future__ import annotations

from bihuan.analytics.kpis import KPI_BY_CODE, Target, format_target, format_value, kpi_values


def test_rates_divide_by_their_own_population():
    v = kpi_values({"count": 200, "closed": 100, "fcr": 86, "repeat": 10, "fr_sum": 600 * 30, "fr_n": 30,
                    "rp30": 5, "rp30_n": 50})
    assert v["fcr"] == 0.86 and v["repeat"] == 0.05 and v["first_response"] == 10 and v["repurchase_30d"] == 0.1
    assert v["sla"] is None and v["csat"] is None  # no clocks finished, no surveys yet


def test_targets_say_met_or_missed_and_read_well():
    assert Target(0.85, None).met(0.86) is True and Target(0.85, None).met(0.5) is False
    assert Target(3, 5).met(6) is False and Target().met(1) is None
    assert format_target(KPI_BY_CODE["fcr"], Target(0.85, None)) == "≥ 85%"
    assert format_target(KPI_BY_CODE["aht"], Target(3, 5)) == "3–5"
    assert format_value(KPI_BY_CODE["fcr"], 0.8612) == "86.1%"
