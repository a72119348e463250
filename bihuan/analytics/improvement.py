"""Before/after effect of an improvement action on a KPI over a complaint cluster. Pure Python.

`daily` maps a day to the summed rollup measures of the cluster on that day. The
"before" window is the `weeks` weeks ending the day before `done_on`; the "after"
window starts on `done_on` and is cut at `today` until it is complete. Volume is
reported per week (so a partial after-window compares fairly); every other KPI is
its ratio over the window's summed measures (kpis.kpi_values).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from .kpis import KPI_BY_CODE, MEASURES, kpi_values

ACTION_METRICS = ("volume", "first_response", "first_response_met", "resolution", "sla", "fcr", "repeat",
                  "escalation", "transfer", "reopen", "repurchase_72h", "repurchase_30d")
LOWER_IS_BETTER = frozenset({"volume", "first_response", "resolution", "repeat", "escalation", "transfer",
                             "reopen"})


@dataclass(frozen=True)
class Effect:
    before: float | None
    after: float | None
    after_days: int
    final: bool

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def _window_value(daily: Mapping[dt.date, Mapping[str, int]], start: dt.date, days: int, metric: str
                  ) -> float | None:
    if days <= 0:
        return None
    total = dict.fromkeys(MEASURES, 0)
    for i in range(days):
        for name, value in daily.get(start + dt.timedelta(days=i), {}).items():
            if name in total:
                total[name] += value or 0
    if metric == "volume":
        return total["count"] * 7 / days
    return kpi_values(total).get(metric)


def compare(daily: Mapping[dt.date, Mapping[str, int]], *, metric: str, done_on: dt.date, weeks: int,
            today: dt.date) -> Effect:
    span = 7 * max(1, weeks)
    before = _window_value(daily, done_on - dt.timedelta(days=span), span, metric)
    after_days = max(0, min(span, (today - done_on).days + 1))
    after = _window_value(daily, done_on, after_days, metric)
    return Effect(before, after, after_days, after_days >= span)


def improved(metric: str, effect: Effect) -> bool | None:
    """Did the KPI move the good way? None while unknown."""
    if effect.change is None or effect.change == 0:
        return None
    return (effect.change < 0) == (metric in LOWER_IS_BETTER)


def target_met(metric: str, value: float | None, target: float | None) -> bool | None:
    if value is None or target is None:
        return None
    return value <= target if metric in LOWER_IS_BETTER else value >= target


def metric_label(metric: str) -> str:
    kpi = KPI_BY_CODE.get(metric)
    return str(kpi.label) if kpi else metric


def metric_unit(metric: str) -> str:
    kpi = KPI_BY_CODE.get(metric)
    return kpi.unit if kpi else "n"
