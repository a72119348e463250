"""The scaling curve: page and API latency at 10k, 100k and 1M complaints, over real HTTP.

    .venv/bin/python bench/scale_bench.py [--sizes 10000,100000,1000000] [--requests 40] [--rebuild]

For each size, a PostgreSQL database holds a year of synthetic history built by bench/history.py
(Chinese titles and descriptions, 300 agents in 30 teams, two timeline events per complaint,
analytics facts and rollups, all with COPY). Databases: BIHUAN_BENCH_DATABASE_URL's name with
"_scale_10k" / "_scale_100k" appended, and for 1M the "_analytics" database that
analytics_bench.py builds with the same builder (so `make bench` loads a million rows once).
A database that already holds exactly that history is reused; --rebuild forces a new load.

Each size is measured in its own process: gunicorn (2 workers x 2 threads, DEBUG off,
config.settings.base so pages render without a collectstatic manifest) on a free loopback
port, and sequential `requests` calls — one client, no concurrency, so the figures are
per-request latency, not throughput — with a logged-in session (a real session row, the
same cookie the login form sets) or an API token:

- agent queue page        GET /complaints/                    agent bench-agent-0, default view (mine, open)
- agent team queue        GET /complaints/?scope=team         the agent's team (~1/30 of all complaints)
- complaint detail page   GET /complaints/<id>/               a different complaint of that agent each time
- list API                GET /api/v1/complaints?scope=team   Bearer token of the agent
- dashboard overview      GET /analytics/                     administrator; KPI cards, 90-day trend, alerts
                                                              (rollups: 120 days below 1M, the year at 1M)

p50/p95 over --requests calls after 3 warm-up calls. Writes bench/results/scale_bench.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.history import database_url, ensure_database, ensure_history, setup_django  # noqa: E402
from bench.server import Server, percentile  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000)


def label(n: int) -> str:
    return f"{n // 1_000_000}m" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


def url_for(n: int) -> str:
    # The million-row history is the one analytics_bench.py measures: build it once for both.
    return database_url("_analytics") if n == 1_000_000 else database_url(f"_scale_{label(n)}")


def session_cookie(user) -> tuple[str, str]:
    """A logged-in session for `user`, exactly as django.contrib.auth.login stores it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return settings.SESSION_COOKIE_NAME, store.session_key


def measure(session, urls, requests_n: int) -> dict:
    """Sequential GETs; `urls` is a callable giving the next URL. Non-200 answers are counted."""
    for _ in range(3):
        session.get(urls(), timeout=120)
    samples, statuses = [], {}
    for _ in range(requests_n):
        started = time.perf_counter()
        response = session.get(urls(), timeout=120)
        samples.append((time.perf_counter() - started) * 1000)
        statuses[str(response.status_code)] = statuses.get(str(response.status_code), 0) + 1
    return {"p50_ms": round(statistics.median(samples), 1), "p95_ms": round(percentile(samples, 95), 1),
            "mean_ms": round(statistics.fmean(samples), 1), "requests": requests_n, "statuses": statuses}


def child(n: int, requests_n: int, rebuild: bool) -> dict:
    """Build or reuse the history of `n` complaints, then measure it over HTTP (one Django setup)."""
    import requests

    url = url_for(n)
    ensure_database(url)
    setup_django(url)
    from django.db import connections
    from django.utils import timezone

    from bihuan.accounts.models import Role, User
    from bihuan.accounts.services import api_token_create
    from bihuan.complaints import lifecycle
    from bihuan.complaints.models import Complaint

    started = time.monotonic()
    # The measured dashboard reads the last 90 days: smaller histories get rollups for 120 days (the
    # rebuild costs the same per day at any size); the shared 1M one has the whole year (analytics_bench).
    load = ensure_history(n, timezone.now(), reuse=not rebuild, rollup_days=365 if n >= 1_000_000 else 120)
    load["seconds"] = round(time.monotonic() - started, 1)
    agent = User.objects.get(username="bench-agent-0")
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"role": Role.ADMINISTRATOR,
                                                                            "is_superuser": True})
    agent_cookie, admin_cookie = session_cookie(agent), session_cookie(admin)
    token = api_token_create(user=agent, name="scale-bench")
    mine = list(Complaint.objects.filter(owner=agent).values_list("pk", flat=True)[:5000])
    open_mine = Complaint.objects.filter(owner=agent, status__in=lifecycle.OPEN_STATUSES).count()
    team_size = Complaint.objects.filter(team_id=agent.team_id).count()
    connections.close_all()
    rng = random.Random(n)
    server = Server(url, settings_module="config.settings.base")
    with server as base:
        as_agent, as_admin, as_api = requests.Session(), requests.Session(), requests.Session()
        as_agent.cookies.set(*agent_cookie)
        as_admin.cookies.set(*admin_cookie)
        as_api.headers["Authorization"] = f"Bearer {token}"
        endpoints = {
            "agent queue page": (as_agent, lambda: f"{base}/complaints/"),
            "agent team queue page": (as_agent, lambda: f"{base}/complaints/?scope=team"),
            "complaint detail page": (as_agent, lambda: f"{base}/complaints/{rng.choice(mine)}/"),
            "list API (team scope)": (as_api, lambda: f"{base}/api/v1/complaints?scope=team"),
            "dashboard overview (90 d)": (as_admin, lambda: f"{base}/analytics/"),
        }
        results = {name: measure(session, urls, requests_n) for name, (session, urls) in endpoints.items()}
    return {"complaints": n, "database": url.rsplit("@", 1)[-1], "load": load, "server_ready_s":
            round(server.ready_s, 1), "agent_owns": len(mine), "agent_open": open_mine, "team_complaints": team_size,
            "endpoints": results}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--requests", type=int, default=40, help="measured requests per endpoint and size")
    parser.add_argument("--rebuild", action="store_true", help="load the history even if it is already there")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.requests, args.rebuild), ensure_ascii=False))
        return 0
    total = time.monotonic()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    runs, failed = [], []
    for n in sizes:
        print(f"== {n:,} complaints", flush=True)
        command = [sys.executable, __file__, "--child", str(n), "--requests", str(args.requests)]
        done = subprocess.run(command + (["--rebuild"] if args.rebuild else []), cwd=ROOT, capture_output=True,
                              text=True, env=os.environ)
        if done.returncode != 0:
            failed.append(n)
            print(f"size {n:,} failed (exit {done.returncode}):\n{done.stderr[-3000:]}", flush=True)
            runs.append({"complaints": n, "failed": done.stderr[-3000:]})
            continue
        run = json.loads(done.stdout.strip().splitlines()[-1])
        runs.append(run)
        load = run["load"]
        how = "reused" if load["reused"] else (f"built in {load['seconds']} s (generate {load['generate_s']} s, "
                                                f"COPY+index {load['copy_s']} s, rollups {load['full_rebuild_s']} s)")
        print(f"history {how}; agent owns {run['agent_owns']:,} ({run['agent_open']:,} open), "
              f"team {run['team_complaints']:,}", flush=True)
    names = [name for run in runs if "endpoints" in run for name in run["endpoints"]]
    names = list(dict.fromkeys(names))
    measured = [run for run in runs if "endpoints" in run]
    header = f"{'endpoint (p50 / p95 ms)':<28}" + "".join(f"{label(r['complaints']):>18}" for r in measured)
    print(f"\n{header}")
    for name in names:
        cells = []
        for run in measured:
            e = run["endpoints"][name]
            bad = "" if set(e["statuses"]) == {"200"} else " !"
            cells.append(f"{e['p50_ms']:>8} / {e['p95_ms']:<6}{bad}")
        print(f"{name:<28}" + "".join(f"{c:>18}" for c in cells))
    non_200 = {f"{label(r['complaints'])}: {name}": e["statuses"] for r in measured
               for name, e in r["endpoints"].items() if set(e["statuses"]) != {"200"}}
    if non_200:
        print(f"\nnon-200 answers: {non_200}")
    out = {"benchmark": "scale", "method": "real HTTP: gunicorn gthread 2x2 on loopback, one sequential client "
           "(requests), logged-in agent session / Bearer token / administrator session",
           "requests_per_endpoint": args.requests, "sizes": runs, "non_200": non_200,
           "total_s": round(time.monotonic() - total, 1)}
    print(f"\ntotal {out['total_s']} s (timings are noisy: a shared 2-core machine)")
    path = ROOT / "bench" / "results" / "scale_bench.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")
    return 1 if failed or non_200 else 0


if __name__ == "__main__":
    sys.exit(main())
