"""Benchmark: business-time arithmetic and SLA clock folding (pure Python).

Run:  .venv/bin/python bench/sla_clock_bench.py [--calls N] [--seed S]
Prints a table (per-call µs, p50/p99) and writes bench/results/sla_clock.json.
Timings are measured per call with perf_counter_ns over random start instants
spread across 2025–2026 (so holidays and 调休 days are hit), on a warm
calendar (one untimed pass first: the per-date interval cache a long-lived
worker has), plus one cold row that builds the calendar from its stored dict
on every call (what happens if a caller does not reuse calendar objects).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bihuan.routing.clock import (  # noqa: E402
    BusinessCalendar,
    CalendarTime,
    ClockEvent,
    EventKind,
    add_business_time,
    business_time_between,
    compute_clock,
    package_version,
)

SH = ZoneInfo("Asia/Shanghai")
H = dt.timedelta(hours=1)
BASE = dt.datetime(2025, 1, 1, tzinfo=SH)
SPAN_MIN = 2 * 365 * 24 * 60


def _starts(rng: random.Random, n: int) -> list[dt.datetime]:
    return [
        BASE + dt.timedelta(minutes=rng.randrange(SPAN_MIN), seconds=rng.randrange(60))
        for _ in range(n)
    ]


def _log(rng: random.Random, start: dt.datetime, pauses: int) -> list[ClockEvent]:
    events = [ClockEvent(EventKind.STARTED, start)]
    t = start
    for _ in range(pauses):
        t += dt.timedelta(minutes=rng.randrange(30, 3000))
        events.append(ClockEvent(EventKind.PAUSED, t))
        t += dt.timedelta(minutes=rng.randrange(30, 3000))
        events.append(ClockEvent(EventKind.RESUMED, t))
    return events


def _time_calls(fn: Callable[[int], object], n: int) -> list[float]:
    for i in range(n):  # one untimed pass: warm per-date caches as a long-lived worker has them
        fn(i)
    out = []
    clock = time.perf_counter_ns
    for i in range(n):
        t0 = clock()
        fn(i)
        out.append((clock() - t0) / 1000)
    return out


def _row(name: str, samples: list[float]) -> dict[str, float | str | int]:
    qs = statistics.quantiles(samples, n=100)
    return {
        "case": name,
        "calls": len(samples),
        "mean_us": round(statistics.fmean(samples), 2),
        "p50_us": round(qs[49], 2),
        "p99_us": round(qs[98], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/sla_clock.json")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    n = args.calls

    cal = BusinessCalendar()  # Mon–Fri 09:00–12:00 & 13:00–21:00, statutory calendar on
    stored = cal.as_dict()
    cal24 = CalendarTime()
    starts = _starts(rng, n + 200)
    ends = [s + dt.timedelta(minutes=rng.randrange(10, 60 * 24 * 30)) for s in starts]
    logs = {k: [_log(rng, s, k) for s in starts] for k in (0, 2, 10)}
    # "now" a few days after the last event, as for a clock the sweep looks at;
    # one row also measures a clock left open for two years (worst realistic case).
    nows = {
        k: [lg[-1].at + dt.timedelta(minutes=rng.randrange(60 * 24 * 5)) for lg in logs[k]]
        for k in logs
    }
    two_years = BASE + dt.timedelta(days=800)

    cases: list[tuple[str, Callable[[int], object]]] = [
        ("add_business_time 2h (red)", lambda i: add_business_time(cal, starts[i], 2 * H)),
        ("add_business_time 24h", lambda i: add_business_time(cal, starts[i], 24 * H)),
        ("add_business_time 5 days (55h)", lambda i: add_business_time(cal, starts[i], 55 * H)),
        ("add_business_time 30 days (330h)", lambda i: add_business_time(cal, starts[i], 330 * H)),
        ("add_business_time 2h, cold calendar", lambda i: add_business_time(
            BusinessCalendar.from_dict(stored), starts[i], 2 * H)),
        ("add calendar-time (24x7) 2h", lambda i: add_business_time(cal24, starts[i], 2 * H)),
        ("business_time_between <=30 days", lambda i: business_time_between(
            cal, starts[i], ends[i])),
        ("compute_clock started only, 24h", lambda i: compute_clock(
            logs[0][i], cal, 24 * H, now=nows[0][i])),
        ("compute_clock 2 pauses, 24h", lambda i: compute_clock(
            logs[2][i], cal, 24 * H, now=nows[2][i])),
        ("compute_clock 10 pauses, 72h", lambda i: compute_clock(
            logs[10][i], cal, 72 * H, now=nows[10][i])),
        ("compute_clock 2 pauses, 24x7", lambda i: compute_clock(
            logs[2][i], cal24, 24 * H, now=nows[2][i])),
        ("compute_clock open ~1-2 years", lambda i: compute_clock(
            logs[0][i], cal, 24 * H, now=two_years)),
    ]  # fmt: skip
    rows = [_row(name, _time_calls(fn, n)) for name, fn in cases]

    header = f"{'case':<40} {'calls':>7} {'mean µs':>9} {'p50 µs':>9} {'p99 µs':>9}"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['case']:<40} {r['calls']:>7} {r['mean_us']:>9} {r['p50_us']:>9} {r['p99_us']:>9}"
        )

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "benchmark": "sla_clock",
                "python": platform.python_version(),
                "machine": platform.machine(),
                "chinese_calendar": package_version(),
                "calls_per_case": n,
                "seed": args.seed,
                "results": rows,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\nwrote {args.out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
