"""Before/after comparison is pure: given daily measures, when compared around the done date, then …"""

from __future__ import annotations

import datetime as dt

from bihuan.analytics.improvement import compare, improved, target_met

DONE = dt.date(2026, 10, 1)


def _daily(before: dict, after: dict, weeks: int = 4) -> dict:
    out = {}
    for i in range(1, 7 * weeks + 1):
        out[DONE - dt.timedelta(days=i)] = before
    for i in range(7 * weeks):
        out[DONE + dt.timedelta(days=i)] = after
    return out


def test_volume_per_week_falls_and_counts_as_improved():
    daily = _daily({"count": 10}, {"count": 4})
    effect = compare(daily, metric="volume", done_on=DONE, weeks=4, today=DONE + dt.timedelta(days=60))
    assert (effect.before, effect.after, effect.final) == (70, 28, True)
    assert improved("volume", effect) is True and target_met("volume", effect.after, 30) is True


def test_a_rate_uses_its_own_population_and_a_partial_after_window_is_not_final():
    daily = _daily({"count": 10, "closed": 10, "fcr": 7}, {"count": 10, "closed": 10, "fcr": 9})
    effect = compare(daily, metric="fcr", done_on=DONE, weeks=2, today=DONE + dt.timedelta(days=3))
    assert effect.before == 0.7 and effect.after == 0.9 and effect.after_days == 4 and not effect.final
    assert improved("fcr", effect) is True and target_met("fcr", effect.after, 0.85) is True


def test_no_data_means_unknown():
    effect = compare({}, metric="fcr", done_on=DONE, weeks=4, today=DONE)
    assert effect.before is None and effect.after is None and improved("fcr", effect) is None
