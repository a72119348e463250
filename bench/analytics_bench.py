"""Analytics at scale: dashboard panel latency with 1M complaints, and the refresh of a 50k-complaint day.

    .venv/bin/python bench/analytics_bench.py [--complaints 1000000] [--day 50000] [--reuse]

Database: BIHUAN_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bihuan_bench) with
"_analytics" appended to the database name — this script empties the complaint table, and other
benchmarks (intake_bench) write to the base database, possibly at the same time. Created and
migrated here. The history comes from bench/history.py (shared with scale_bench.py, which
reuses this 1M database): COPY straight into complaints, timeline events and their analytics
facts (one year, demo seasons and weekly rhythm, 40 products, 31 provinces, 300 agents);
the rollups are then built by the real code (`rollups_rebuild_days`). Measured:

1. every dashboard panel's selector (the function its view calls), p95 over repeated
   calls, for the default 90-day period and a full year (target < 300 ms);
2. `rollups_refresh` after a day of 50k new complaints with their timeline events
   (COPY, then the real incremental path: watermark → facts → that day's rollups;
   target < 10 s).

Writes bench/results/analytics.json. `--reuse` keeps an already loaded history.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.history import (  # noqa: E402 - after the path tweak above
    COMPLAINT_COLUMNS,
    EVENT_COLUMNS,
    copy_rows,
    database_url,
    ensure_database,
    ensure_history,
    generate,
    setup_django,
)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def measure_panels(repeats: int) -> list[dict]:
    from bihuan.accounts.models import Role, User
    from bihuan.analytics import selectors, tables
    from bihuan.analytics.dimensions import BREAKDOWN_DIMENSIONS

    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"role": Role.ADMINISTRATOR,
                                                                            "is_superuser": True})
    today = dt.date.today()
    periods = {"90 d": selectors.Period(today - dt.timedelta(days=89), today),
               "365 d": selectors.Period(today - dt.timedelta(days=364), today)}
    panels = {
        "kpi_cards": selectors.kpi_cards, "daily_trend": selectors.daily_trend,
        **{f"breakdown:{d}": (lambda p, d=d: selectors.breakdown(p, d)) for d in BREAKDOWN_DIMENSIONS},
        "weekday_hour": selectors.weekday_hour, "region_category": selectors.region_category,
        "channel_time": selectors.channel_time, "province_map": selectors.province_counts,
        "stage_waterfall": selectors.stage_waterfall, "agent_scorecards": selectors.agent_scorecards,
        "hotspot_alerts": selectors.recent_alerts,
        "drilldown_page:category=product": lambda p: list(selectors.drill_complaints(
            user=admin, filters=selectors.drill_filters({"from": p.start.isoformat(), "to": p.end.isoformat(),
                                                         "dim": "category", "key": "product"}),
            page=1, page_size=25).items),
        "export:breakdown_category": lambda p: tables.breakdown(p, "category"),
    }
    out = []
    for label, period in periods.items():
        for name, fn in panels.items():
            fn(period)  # warm the plan cache
            samples = []
            for _ in range(repeats):
                started = time.perf_counter()
                fn(period)
                samples.append((time.perf_counter() - started) * 1000)
            out.append({"panel": name, "period": label, "p50_ms": round(statistics.median(samples), 1),
                        "p95_ms": round(p95(samples), 1), "runs": repeats})
    return out


def refresh_day(n: int, now: dt.datetime) -> dict:
    """COPY a day of `n` new complaints with timeline events, then time the real incremental refresh."""
    from django.db import connection, transaction
    from django.db.models import Max, Min

    from bihuan.accounts.models import User
    from bihuan.analytics.models import RefreshState
    from bihuan.analytics.services import rollups_rebuild_days, rollups_refresh
    from bihuan.complaints.models import Complaint, TimelineEvent

    first = (Complaint.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    agents = list(User.objects.filter(username__startswith="bench-agent-").values_list("pk", "team_id"))
    yesterday = now.astimezone(ZoneInfo("Asia/Shanghai")).date() - dt.timedelta(days=1)
    rng = random.Random(50_000)
    complaints, events = [], []
    for c, _fact in generate(rng, n, first_id=first, days=[yesterday], weights=[1.0], agents=agents,
                             departments=[None], now=now):
        complaints.append(c)
        received, cid, owner = c[7], c[0], c[18]
        events.append((cid, "created", None, received, "", None, None, "", "", False))
        events.append((cid, "assignment", None, received + dt.timedelta(seconds=30), "owner",
                       json.dumps({"owner": None}), json.dumps({"owner": owner}), "", "", False))
        steps = ["assessed", "verifying", "resolving", "executing", "follow_up", "closed"]
        at, before = received, "received"
        for step in steps[:rng.randint(1, len(steps))]:
            at = at + dt.timedelta(minutes=rng.randint(5, 240))
            events.append((cid, "transition", None, min(at, now), "status", json.dumps(before), json.dumps(step),
                           "", "", False))
            before = step
    started = time.monotonic()
    with transaction.atomic():
        copy_rows("complaints_complaint", COMPLAINT_COLUMNS, complaints)
        copy_rows("complaints_timelineevent", EVENT_COLUMNS, events)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('complaints_complaint', 'id'), %s)", [first + n])
        cursor.execute("ANALYZE complaints_timelineevent")
    copy_s = time.monotonic() - started
    # The watermark sits just below the new events, as after the previous tick.
    high = (TimelineEvent.objects.filter(complaint_id__gte=first).aggregate(m=Min("id"))["m"] or 1) - 1
    RefreshState.objects.update_or_create(name="rollups", defaults={"last_event_id": high,
                                                                    "last_run_at": now - dt.timedelta(minutes=1)})
    started = time.monotonic()
    report = rollups_refresh(now=now)
    seconds = time.monotonic() - started
    # Leave the database as it was (so --reuse measures the same history next time).
    with transaction.atomic(), connection.cursor() as cursor:
        for table in ("analytics_complaintfact", "complaints_timelineevent"):
            cursor.execute(f"DELETE FROM {table} WHERE complaint_id >= %s", [first])
        cursor.execute("DELETE FROM complaints_complaint WHERE id >= %s", [first])
    rollups_rebuild_days([yesterday])
    return {"new_complaints": n, "timeline_events": len(events), "copy_s": round(copy_s, 2),
            "refresh_s": round(seconds, 2), "complaints_refreshed": report.complaints, "days": report.days,
            "rollup_rows": report.rollup_rows}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--day", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="keep the loaded history if it has the right size")
    args = parser.parse_args()
    url = database_url("_analytics")
    total = time.monotonic()
    ensure_database(url)
    setup_django(url)
    from django.utils import timezone

    now = timezone.now()
    load = ensure_history(args.complaints, now, reuse=args.reuse)
    if not load["reused"]:
        print(f"loaded {args.complaints:,} complaints: generate {load['generate_s']} s, COPY {load['copy_s']} s, "
              f"full rollup rebuild {load['full_rebuild_s']} s ({load['rollup_rows']:,} rollup rows)")
    panels = measure_panels(args.repeats)
    print(f"\n{'panel':<36} {'period':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for row in panels:
        flag = "" if row["p95_ms"] < 300 else "  > 300 ms"
        print(f"{row['panel']:<36} {row['period']:>6} {row['p50_ms']:>8} {row['p95_ms']:>8}{flag}")
    dashboard = [r for r in panels if not r["panel"].startswith(("drilldown", "export"))]
    worst = max(dashboard, key=lambda r: r["p95_ms"])
    refresh = refresh_day(args.day, now)
    print(f"\nrefresh after a day of {refresh['new_complaints']:,} new complaints "
          f"({refresh['timeline_events']:,} events): {refresh['refresh_s']} s "
          f"({refresh['complaints_refreshed']:,} complaints, {refresh['rollup_rows']:,} rollup rows)")
    out = {
        "benchmark": "analytics", "database": url.rsplit("@", 1)[-1], "complaints": args.complaints,
        "load": load, "panels": panels,
        "worst_dashboard_panel": worst, "dashboard_panels_p95_under_300ms": worst["p95_ms"] < 300,
        "refresh_day": refresh, "refresh_under_10s": refresh["refresh_s"] < 10,
        "targets": {"panel_p95_ms": 300, "refresh_day_s": 10},
        "total_s": round(time.monotonic() - total, 1),
    }
    print(f"\nworst dashboard panel p95: {worst['panel']} ({worst['period']}) {worst['p95_ms']} ms; "
          f"total {out['total_s']} s")
    path = ROOT / "bench" / "results" / "analytics.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
