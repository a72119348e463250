"""Hotspot detectors are pure: given daily counts, when judged, then only real surges alarm."""

from __future__ import annotations

import random

from bihuan.analytics.hotspots import detect_new_product, detect_spike, detect_trend, scan_day


def _poisson(rng: random.Random, lam: float) -> int:
    # Knuth's method is fine for the small means of a test.
    limit, k, p = pow(2.718281828459045, -lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _history(rng, days=36, base=4.0, rest=60.0):
    counts = [_poisson(rng, base) for _ in range(days)]
    rests = [_poisson(rng, rest) for _ in range(days)]
    return counts, rests


def test_a_clear_spike_alarms_and_ordinary_days_do_not():
    rng = random.Random(7)
    counts, rests = _history(rng)
    assert detect_spike("奶粉", counts, rests) is None
    counts[-1] = 20
    found = detect_spike("奶粉", counts, rests)
    assert found is not None and found.kind == "spike" and found.observed == 20
    assert 2 < found.expected < 7 and found.score >= 4


def test_a_festival_that_lifts_everything_is_not_a_spike():
    # given a series that doubles together with the rest of the volume (双11)
    rng = random.Random(3)
    counts, rests = _history(rng, base=6, rest=80)
    counts[-1], rests[-1] = 14, 190
    assert detect_spike("物流", counts, rests) is None


def test_small_numbers_never_alarm_and_short_history_is_not_judged():
    rng = random.Random(5)
    counts, rests = _history(rng, base=0.2)
    counts[-1] = 5  # 25× the baseline, but below the minimum volume
    assert detect_spike("x", counts, rests) is None
    assert detect_spike("x", [0] * 5 + [30], [50] * 6) is None


def test_a_partial_day_is_judged_against_the_volume_so_far():
    # given two hours into the day: 10 of this series against 20 others, usually 1 : 15
    rng = random.Random(11)
    counts, rests = _history(rng, base=4, rest=60)
    counts[-1], rests[-1] = 10, 20
    assert detect_spike("空调", counts, rests) is not None


def test_new_product_surge():
    assert detect_new_product("折叠屏", [0] * 30 + [1, 0, 0, 0, 0, 7]).kind == "new_product"
    assert detect_new_product("折叠屏", [0] * 30 + [1, 0, 0, 0, 0, 3]) is None
    assert detect_new_product("电饭煲", [2] * 35 + [9]) is None  # has history: the spike detector's job


def test_trend_needs_two_significant_rises_in_a_row():
    assert detect_trend("logistics", [(200, 1000), (260, 1000), (330, 1000)]).kind == "trend"
    assert detect_trend("logistics", [(200, 1000), (190, 1000), (330, 1000)]) is None  # fell, then rose
    assert detect_trend("logistics", [(200, 1000), (205, 1000), (212, 1000)]) is None  # noise
    assert detect_trend("logistics", [(2, 10), (4, 10), (6, 10)]) is None  # too few


def test_scan_day_uses_the_rest_of_the_volume():
    rng = random.Random(2)
    a, _ = _history(rng, base=5)
    b, _ = _history(rng, base=30)
    other = [_poisson(rng, 40) for _ in a]
    a[-1] = 25
    totals = [x + y + z for x, y, z in zip(a, b, other, strict=True)]
    assert [f.key for f in scan_day({"a": a, "b": b}, totals)] == ["a"]
