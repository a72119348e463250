"""Analytics at scale: dashboard panel latency with 1M complaints, and the refresh of a 50k-complaint day.

    .venv/bin/python bench/analytics_bench.py [--complaints 1000000] [--day 50000] [--reuse]

Database: BIHUAN_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bihuan_bench) with
"_analytics" appended to the database name — this script empties the complaint table, and other
benchmarks (intake_bench) write to the base database, possibly at the same time. Created and
migrated here. The history is written with COPY straight into complaints
and their analytics facts (one year, demo seasons and weekly rhythm, 40 products,
31 provinces, 300 agents); the rollups are then built by the real code
(`rollups_rebuild_days`). Measured:

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
import os
import random
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bihuan_bench"

PRODUCTS = [f"产品{i:02d}" for i in range(40)] + ["婴儿配方奶粉 800g", "变频空调 1.5匹", "折叠屏手机 Fold"]
PROVINCES = ["广东", "江苏", "浙江", "山东", "河南", "四川", "湖北", "湖南", "河北", "福建", "上海", "北京", "安徽",
             "辽宁", "陕西", "江西", "重庆", "广西", "云南", "山西", "内蒙古", "贵州", "新疆", "天津", "吉林",
             "黑龙江", "甘肃", "海南", "宁夏", "青海", "西藏"]
CHANNELS = ["phone", "web", "app", "wechat", "weibo", "douyin", "ecommerce", "email", "regulator"]
CATEGORIES = {"product": ["quality_defect", "malfunction", "safety", "wrong_item"],
              "logistics": ["delivery_delay", "lost", "damaged", "late_dispatch"],
              "service": ["attitude", "slow_response", "broken_promise"], "other": ["other"]}
STATUSES = ["closed"] * 7 + ["resolving", "follow_up", "verifying", "received"]
HOURS = [1, 1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 12, 9, 10, 11, 11, 10, 9, 9, 10, 11, 9, 5, 2]


def analytics_url(url: str) -> str:
    """Our own database next to the shared bench database: we TRUNCATE complaints."""
    base, _sep, query = url.partition("?")
    head, name = base.rsplit("/", 1)
    name = name if name.endswith("_analytics") else f"{name}_analytics"
    return f"{head}/{name}" + (f"?{query}" if query else "")


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("migrate", verbosity=0)


def _copy(table: str, columns: list[str], rows) -> int:
    from django.db import connection

    n = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
    return n


COMPLAINT_COLUMNS = ["id", "number", "channel", "channel_message_id", "title", "description", "scenario",
                     "received_at", "demand", "category", "subcategory", "priority", "priority_rank", "emotion",
                     "tags", "status", "restricted", "reopen_count", "owner_id", "created_at", "updated_at"]
FACT_COLUMNS = ["complaint_id", "received_at", "day", "hour", "weekday", "category", "subcategory", "channel",
                "priority", "status", "department_id", "owner_id", "customer_id", "province", "member_level",
                "product", "batch", "first_response_seconds", "resolution_seconds", "closed", "reopened", "repeat",
                "repeated_later", "escalated", "transfers", "fcr", "sla_done", "sla_met", "repurchase_72h",
                "repurchase_30d", "stage_seconds", "computed_at"]


def _season(day: dt.date) -> float:
    from bihuan.analytics.demo import season_weight

    return season_weight(day)


def generate(rng: random.Random, n: int, *, first_id: int, days: list[dt.date], weights: list[float],
             agents: list[int], departments: list[int], now: dt.datetime):
    """Yield (complaint row, fact row) pairs."""
    zone = ZoneInfo(os.environ.get("BIHUAN_TIME_ZONE", "Asia/Shanghai"))
    cats = list(CATEGORIES)
    day_pick = rng.choices(days, weights=weights, k=n)
    hour_pick = rng.choices(range(24), weights=HOURS, k=n)
    for i in range(n):
        cid = first_id + i
        day = day_pick[i]
        local = dt.datetime.combine(day, dt.time(hour_pick[i], rng.randrange(60), rng.randrange(60)), tzinfo=zone)
        received = min(local, now - dt.timedelta(seconds=1)).astimezone(dt.UTC)
        cat = rng.choices(cats, weights=(45, 30, 20, 5))[0]
        sub = rng.choice(CATEGORIES[cat])
        channel = rng.choice(CHANNELS)
        priority = rng.choices(("red", "yellow", "green"), weights=(1, 4, 10))[0]
        status = rng.choice(STATUSES) if day < now.date() - dt.timedelta(days=14) else rng.choice(STATUSES[5:])
        owner = rng.choice(agents)
        closed = status == "closed"
        fr = int(rng.lognormvariate(math.log(600), 0.9))
        res = int(rng.lognormvariate(math.log(3 * 86400), 0.8)) if closed else None
        reopened, escalated = rng.random() < 0.04, rng.random() < 0.07
        transfers = 1 if rng.random() < 0.1 else 0
        repeated_later = rng.random() < 0.05
        stages = {"received": fr, "assessed": int(rng.lognormvariate(math.log(10800), 0.7)),
                  "resolving": int(rng.lognormvariate(math.log(72000), 0.7))}
        old = day < now.date() - dt.timedelta(days=31)
        complaint = (cid, f"TS{cid:09d}", channel, "", "", "投诉内容（基准数据）", "", received, "", cat, sub, priority,
                     {"red": 0, "yellow": 1, "green": 2}[priority], "", "[]", status, False, int(reopened), owner,
                     received, received)
        fact = (cid, received, day, local.hour, day.weekday(), cat, sub, channel, priority, status,
                rng.choice(departments), owner, None, rng.choice(PROVINCES), rng.randrange(-1, 6),
                rng.choice(PRODUCTS), f"B{day:%y%m}{rng.randint(1, 9)}", fr, res, closed, reopened,
                rng.random() < 0.03, repeated_later, escalated, transfers,
                closed and not (reopened or escalated or transfers or repeated_later), 2 if closed else 1,
                (2 if closed else 1) if rng.random() < 0.9 else 0,
                rng.random() < 0.2 if old else None, rng.random() < 0.45 if old else None, json.dumps(stages), now)
        yield complaint, fact


def _drop_secondary_indexes(tables: list[str]) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i LEFT JOIN pg_constraint c ON c.conname = i.indexname "
            "WHERE i.tablename = ANY(%s) AND c.conname IS NULL", [tables])
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in found]


def load_history(n: int, now: dt.datetime) -> dict:
    from django.db import connection, transaction

    from bihuan.accounts.models import Department, DepartmentKind, Role, User
    from bihuan.analytics.services import rollups_rebuild_days, rollups_reset

    timings = {}
    rollups_reset()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE complaints_complaint RESTART IDENTITY CASCADE")
    departments = [Department.objects.update_or_create(code=code, defaults={"name": name, "kind": kind})[0].pk
                   for code, name, kind in (("cs", "客户服务部", DepartmentKind.CUSTOMER_SERVICE),
                                            ("product", "产品部", DepartmentKind.PRODUCT),
                                            ("logistics", "仓储物流部", DepartmentKind.LOGISTICS))]
    agents = []
    for i in range(300):
        user, _ = User.objects.get_or_create(username=f"bench-agent-{i}", defaults={"role": Role.AGENT})
        agents.append(user.pk)
    today = now.astimezone(ZoneInfo("Asia/Shanghai")).date()
    days = [today - dt.timedelta(days=d) for d in range(1, 366)]
    weights = [_season(d) * (1 + 0.3 * (365 - i) / 365) for i, d in enumerate(days)]
    rng = random.Random(20261123)
    started = time.monotonic()
    complaints, facts = [], []
    for c, f in generate(rng, n, first_id=1, days=days, weights=weights, agents=agents, departments=departments,
                         now=now):
        complaints.append(c)
        facts.append(f)
    timings["generate_s"] = round(time.monotonic() - started, 1)
    started = time.monotonic()
    with transaction.atomic():
        # Secondary indexes are dropped for the load and rebuilt after (a sorted build is
        # far cheaper than a million random inserts into 20 B-trees).
        indexes = _drop_secondary_indexes(["complaints_complaint", "analytics_complaintfact"])
        _copy("complaints_complaint", COMPLAINT_COLUMNS, complaints)
        _copy("analytics_complaintfact", FACT_COLUMNS, facts)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # run the deferred FK checks before CREATE INDEX
            for definition in indexes:
                cursor.execute(definition)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('complaints_complaint', 'id'), %s)", [n])
        cursor.execute("ANALYZE complaints_complaint")
        cursor.execute("ANALYZE analytics_complaintfact")
    timings["copy_s"] = round(time.monotonic() - started, 1)
    started = time.monotonic()
    timings["rollup_rows"] = rollups_rebuild_days(days)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE analytics_rollup")
        cursor.execute("ANALYZE analytics_stagerollup")
    timings["full_rebuild_s"] = round(time.monotonic() - started, 1)
    return timings


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
    agents = list(User.objects.filter(username__startswith="bench-agent-").values_list("pk", flat=True))
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
    columns = ["complaint_id", "kind", "actor_id", "at", "field", "before", "after", "reason", "body", "internal"]
    started = time.monotonic()
    with transaction.atomic():
        _copy("complaints_complaint", COMPLAINT_COLUMNS, complaints)
        _copy("complaints_timelineevent", columns, events)
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
    url = analytics_url(os.environ.get("BIHUAN_BENCH_DATABASE_URL", DEFAULT_URL))
    total = time.monotonic()
    ensure_database(url)
    setup_django(url)
    from django.utils import timezone

    from bihuan.analytics.models import ComplaintFact

    now = timezone.now()
    load = {"reused": True}
    if not (args.reuse and ComplaintFact.objects.count() == args.complaints):
        load = load_history(args.complaints, now)
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
