"""Hotspot detection over daily complaint counts. Pure Python (no Django): tested and benchmarked alone.

Three detectors, each a function of plain numbers:

- `detect_spike`: one series on one day. The baseline is leave-one-out and robust:
  over the previous `window` days we take the median *ratio* of the series to the
  rest of the volume (all complaints minus this series), so seasons, weekdays and
  shopping festivals that lift every series lift the expectation too, while the
  incident itself does not inflate its own baseline. Expected = that ratio × the
  rest of today's volume. The spread is Poisson (√expected) plus the robust day-to-
  day spread of the ratio (1.4826 × MAD × rest), so noisy series need more to alarm.
  A day alarms when count ≥ `min_count`, count ≥ `min_ratio` × expected and the
  z-score ≥ `z`. Works on a partial day (rest-of-volume so far scales the baseline).
- `detect_new_product`: a product with (almost) no history that suddenly has
  ≥ `min_count` complaints in a day.
- `detect_trend`: a category whose weekly share rose two weeks in a row, by more
  than noise (each step ≥ `min_step`, total rise ≥ `min_rise` and ≥ 2.5 binomial σ).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

MAD_SCALE = 1.4826  # MAD × this estimates σ for normal noise


@dataclass(frozen=True)
class SpikeParams:
    window: int = 28  # days of history the baseline is taken from
    min_history: int = 14  # days with any volume needed before a series is judged
    min_count: int = 6  # fewer complaints than this never alarm
    min_ratio: float = 2.0  # … nor fewer than this multiple of the expectation
    z: float = 4.5  # robust z-score threshold (tuned in bench/hotspot_eval.py on its tuning seed)
    floor: float = 0.5  # expected count floor (a 0-baseline series still needs a real jump)


@dataclass(frozen=True)
class Finding:
    kind: str  # "spike" | "new_product" | "trend"
    key: str
    observed: float
    expected: float
    score: float


def _mad(values: Sequence[float], centre: float) -> float:
    return median(abs(v - centre) for v in values) if values else 0.0


def spike_score(counts: Sequence[int], rests: Sequence[int], *, params: SpikeParams = SpikeParams()
                ) -> tuple[float, float]:
    """(expected, z) for the last element of `counts` given the history before it.

    `counts[i]` is the series on day i, `rests[i]` every other complaint that day
    (same length; the last day may be partial). Returns (nan, 0) without enough history.
    """
    hist_c = list(counts[-params.window - 1:-1])
    hist_r = list(rests[-params.window - 1:-1])
    today, rest_today = counts[-1], rests[-1]
    days = [(c, r) for c, r in zip(hist_c, hist_r, strict=True) if r > 0]
    if len(days) < params.min_history:
        return math.nan, 0.0
    ratios = [c / r for c, r in days]
    ratio = median(ratios)
    if ratio == 0:  # a mostly-empty series: the mean ratio is a gentler baseline than zero
        ratio = sum(c for c, _r in days) / sum(r for _c, r in days)
    expected = max(ratio * rest_today, params.floor)
    # Poisson noise of today plus the ratio's day-to-day spread: the sum is deliberately
    # conservative (the spread also carries past Poisson noise and the baseline's own error).
    spread = MAD_SCALE * _mad(ratios, median(ratios)) * rest_today
    sigma = math.sqrt(expected + spread * spread)
    return expected, (today - expected) / sigma


def detect_spike(key: str, counts: Sequence[int], rests: Sequence[int], *,
                 params: SpikeParams = SpikeParams()) -> Finding | None:
    today = counts[-1]
    if today < params.min_count:
        return None
    expected, z = spike_score(counts, rests, params=params)
    if math.isnan(expected) or z < params.z or today < params.min_ratio * expected:
        return None
    return Finding("spike", key, float(today), round(expected, 2), round(z, 2))


@dataclass(frozen=True)
class NewProductParams:
    window: int = 28
    max_history: int = 2  # at most this many complaints in the window before: "no history"
    min_count: int = 5


def detect_new_product(key: str, counts: Sequence[int], *, params: NewProductParams = NewProductParams()
                       ) -> Finding | None:
    before = sum(counts[-params.window - 1:-1])
    today = counts[-1]
    if before > params.max_history or today < params.min_count:
        return None
    return Finding("new_product", key, float(today), float(before), float(today - before))


@dataclass(frozen=True)
class TrendParams:
    min_week_count: int = 20  # the series needs this many complaints in the latest week
    min_step: float = 0.01  # each weekly rise in share at least this (absolute)
    min_rise: float = 0.04  # the two-week rise at least this
    z: float = 2.5  # … and at least this many binomial σ of the first week's share


def detect_trend(key: str, weeks: Sequence[tuple[int, int]], *, params: TrendParams = TrendParams()
                 ) -> Finding | None:
    """`weeks`: (series count, total count) for three consecutive complete weeks, oldest first."""
    if len(weeks) < 3:
        return None
    (c0, t0), (c1, t1), (c2, t2) = weeks[-3:]
    if min(t0, t1, t2) == 0 or c2 < params.min_week_count:
        return None
    s0, s1, s2 = c0 / t0, c1 / t1, c2 / t2
    if s1 - s0 < params.min_step or s2 - s1 < params.min_step:
        return None
    rise = s2 - s0
    sigma = math.sqrt(max(s0 * (1 - s0), 1e-6) * (1 / t0 + 1 / t2))
    if rise < params.min_rise or rise / sigma < params.z:
        return None
    return Finding("trend", key, round(s2, 4), round(s0, 4), round(rise / sigma, 2))


def scan_day(series: dict[str, Sequence[int]], totals: Sequence[int], *,
             params: SpikeParams = SpikeParams()) -> list[Finding]:
    """Spikes on the last day of every series; `totals` is the whole volume per day (same length)."""
    out = []
    for key, counts in series.items():
        rests = [t - c for c, t in zip(counts, totals, strict=True)]
        found = detect_spike(key, counts, rests, params=params)
        if found:
            out.append(found)
    return out
