"""Webhook intake through gunicorn on loopback with PostgreSQL, plus an in-process profile.

  .venv/bin/python bench/intake_bench.py [--seconds 10] [--workers 2] [--threads 4]
                                          [--concurrency 16] [--in-process 300]

A webhook delivery is verified, validated (the channel's schema and the complaint
checks), made idempotent and stored with a reserved complaint number, then
answered; the worker (`manage.py run_worker`, running alongside as in
production) settles the stored deliveries into complaints (extraction,
matching, repeats, triage, routing, SLA, acknowledgement).

Phase 0 (in process, no HTTP): per-delivery CPU ms and queries of acceptance
(`receive_webhook`) and of settling (`deliveries_settle`): less noisy than
HTTP figures on a shared machine. Phase 1 saturates the server (accepted
deliveries/s, idempotency and extraction on, ~10% re-deliveries); phase 2
offers a steady 100 req/s and measures p50/p95/p99 latency — both while the
workers settle. Then the bench waits until the workers (one per core, nice 10)
have settled every accepted delivery and reports their rate. Production settings (DEBUG off).
Requests are signed before the clock starts (the 300 s signature window
covers the run) and sent over keep-alive connections with the standard
library's http.client, so the load generator takes as little of the 2 cores
as possible.
Database: BIHUAN_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bihuan_bench),
dropped and re-created.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = os.environ.get("BIHUAN_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bihuan_bench")
PORT = 0  # a free port, chosen at start (a fixed one may belong to another server on the machine)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
CHANNELS = ("phone", "web", "app", "email", "wechat", "weibo", "douyin", "xiaohongshu", "ecommerce",
            "public_platform", "regulator", "api")


def env() -> dict:
    e = dict(os.environ, DATABASE_URL=DB, DJANGO_SETTINGS_MODULE="config.settings.production",
             SECRET_KEY="bench-not-a-secret", BIHUAN_DEBUG="0", BIHUAN_SSL_REDIRECT="0")
    for channel in CHANNELS:
        e[f"BIHUAN_INTAKE_SECRET_{channel.upper()}"] = f"bench-{channel}"
    return e


def psql(sql: str) -> None:
    url = urlparse(DB)
    subprocess.run(["psql", "-h", url.hostname or "127.0.0.1", "-p", str(url.port or 5432), "-U",
                    url.username or "postgres", "-d", "postgres", "-c", sql], check=True, capture_output=True)


def prepare() -> None:
    name = urlparse(DB).path.lstrip("/")
    psql(f"DROP DATABASE IF EXISTS {name}")
    psql(f"CREATE DATABASE {name}")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env(), check=True)


def setup_django() -> None:
    os.environ.update(env())
    import django

    django.setup()


def payloads(count: int, seed: int) -> list[tuple[str, bytes]]:
    from bihuan.intake.demo import stream

    return [(channel, json.dumps(payload, ensure_ascii=False).encode())
            for channel, payload in stream(count, seed=seed)]


def in_process(count: int) -> dict:
    """receive_webhook then deliveries_settle called directly: CPU ms and queries of each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bihuan.intake.services import deliveries_settle, deliveries_settle_all, receive_webhook
    from bihuan.intake.services.signatures import signed_headers

    reqs = payloads(count + 100, seed=int(time.time()) + 1)

    def deliver(channel: str, body: bytes) -> int:
        headers = signed_headers(f"bench-{channel}", body)
        result = receive_webhook(channel=channel, body=body, headers=headers, remote_addr="127.0.0.1")
        return 201 if result.created else 200

    for channel, body in reqs[:50]:  # warm caches, triage engine, prepared catalogue
        deliver(channel, body)
    deliveries_settle_all()
    statuses: dict[int, int] = {}
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for channel, body in reqs[50:50 + count]:
        code = deliver(channel, body)
        statuses[code] = statuses.get(code, 0) + 1
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    with CaptureQueriesContext(connection) as ctx:
        for channel, body in reqs[50 + count:]:
            deliver(channel, body)
    accept_queries = len(ctx.captured_queries) / 50
    with CaptureQueriesContext(connection) as ctx:
        settled_sample = deliveries_settle(limit=50).settled
    settle_queries = len(ctx.captured_queries) / max(settled_sample, 1)
    swall0, scpu0 = time.perf_counter(), time.process_time()
    settled = deliveries_settle_all()
    swall, scpu = time.perf_counter() - swall0, time.process_time() - scpu0
    return {"deliveries": count, "statuses": statuses, "wall_ms": round(wall / count * 1000, 2),
            "cpu_ms": round(cpu / count * 1000, 2), "queries": round(accept_queries, 1),
            "settle": {"complaints": settled, "wall_ms": round(swall / max(settled, 1) * 1000, 2),
                       "cpu_ms": round(scpu / max(settled, 1) * 1000, 2), "queries": round(settle_queries, 1)}}


def pending_count() -> tuple[int, int]:
    """(accepted deliveries, of which not yet settled), read with psql: the bench process's own
    Django connection is not used once the server runs."""
    url = urlparse(DB)
    out = subprocess.run(
        ["psql", "-h", url.hostname or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or "postgres",
         "-d", url.path.lstrip("/"), "-Atc",
         "SELECT count(*), count(*) FILTER (WHERE settled_at IS NULL) FROM intake_accepteddelivery"],
        check=True, capture_output=True, text=True).stdout.strip()
    total, pending = out.split("|")
    return int(total), int(pending)


def signed(count: int) -> list[tuple[str, bytes, dict]]:
    from bihuan.intake.services.signatures import signed_headers

    return [(channel, body, signed_headers(f"bench-{channel}", body))
            for channel, body in payloads(count, seed=int(time.time()))]


def run(reqs, *, seconds: float, concurrency: int, rate: float | None):
    latencies, statuses, lock = [], {}, threading.Lock()
    index = iter(range(len(reqs)))
    start = time.monotonic()

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        while True:
            with lock:
                i = next(index, None)
            if i is None:
                return
            if rate:  # open-loop schedule: request i is due at start + i/rate
                delay = start + i / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            if time.monotonic() - start > seconds:
                return
            channel, body, headers = reqs[i]
            t0 = time.monotonic()
            try:
                conn.request("POST", f"/api/v1/intake/{channel}", body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (http.client.HTTPException, OSError):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                status = 0
            dt = time.monotonic() - t0
            with lock:
                latencies.append(dt)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    lat = sorted(latencies)
    pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else 0  # noqa: E731
    return {"requests": len(lat), "seconds": round(elapsed, 2), "req_per_s": round(len(lat) / elapsed, 1),
            "new_per_s": round(statuses.get(201, 0) / elapsed, 1), "statuses": statuses,
            "p50_ms": round(pct(0.50), 1), "p95_ms": round(pct(0.95), 1), "p99_ms": round(pct(0.99), 1),
            "mean_ms": round(statistics.mean(lat) * 1000, 1) if lat else 0}


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu(server_pid: int) -> tuple[float, float]:
    """CPU seconds so far of the gunicorn processes and of PostgreSQL's backends for the bench
    database: what serving costs, whatever else the machine is doing."""
    workers = [server_pid, *(int(p) for p in Path(f"/proc/{server_pid}/task/{server_pid}/children")
                             .read_text().split())]
    url = urlparse(DB)
    backends = subprocess.run(
        ["psql", "-h", url.hostname or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or "postgres",
         "-d", "postgres", "-Atc", f"SELECT pid FROM pg_stat_activity WHERE datname = '{url.path.lstrip('/')}'"],
        check=True, capture_output=True, text=True).stdout.split()
    return sum(map(_cpu_seconds, workers)), sum(_cpu_seconds(int(p)) for p in backends)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn processes (one per core)")
    parser.add_argument("--threads", type=int, default=4, help="gthread threads per process")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--in-process", type=int, default=300, help="deliveries for phase 0 (0: skip)")
    parser.add_argument("--settle-workers", type=int, default=os.cpu_count() or 2,
                        help="run_worker processes settling deliveries, one per core")
    parser.add_argument("--worker-nice", type=int, default=10, help="their CPU priority (nice)")
    args = parser.parse_args()
    global PORT
    PORT = free_port()
    load_before = os.getloadavg()[0]
    prepare()
    setup_django()
    profile = in_process(args.in_process) if args.in_process else None
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi:application", "-b", f"127.0.0.1:{PORT}",
         "-w", str(args.workers), "-k", "gthread", "--threads", str(args.threads),
         "--keep-alive", "30", "--access-logfile", "/dev/null", "--log-level", "warning"],
        cwd=ROOT, env=env())
    # The workers run at the lowest CPU priority, as docs/intake.md recommends: answering
    # senders comes first, settling catches up in the gaps.
    workers = [subprocess.Popen([sys.executable, "manage.py", "run_worker"], cwd=ROOT, env=env(),
                                stdout=subprocess.DEVNULL, preexec_fn=lambda: os.nice(args.worker_nice))
               for _ in range(args.settle_workers)]
    try:
        for _ in range(100):
            if server.poll() is not None:
                raise SystemExit(f"gunicorn exited with {server.returncode}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
                c.request("GET", "/api/openapi.json")
                c.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        reqs = signed(int(args.seconds * 600) + int(args.seconds * 100) + 400)
        warm = run(reqs[:400], seconds=5, concurrency=4, rate=None)  # warm-up: every worker loads triage
        if not any(200 <= code < 300 for code in warm["statuses"]):
            raise SystemExit(f"the server under test answers {warm['statuses']}, not 2xx")
        reqs = reqs[400:]
        settle_start, backlog0 = time.monotonic(), pending_count()
        cpu0 = server_cpu(server.pid)
        saturated = run(reqs, seconds=args.seconds, concurrency=args.concurrency, rate=None)
        # App + database CPU per request; 1000 * cores / this = the rate an otherwise idle
        # machine could sustain (the load generator's own CPU excluded).
        cpu1, n = server_cpu(server.pid), max(saturated["requests"], 1)
        saturated["cpu_ms_per_request"] = {"gunicorn": round((cpu1[0] - cpu0[0]) * 1000 / n, 2),
                                           "postgresql": round((cpu1[1] - cpu0[1]) * 1000 / n, 2)}
        steady = run(reqs[saturated["requests"]:], seconds=args.seconds, concurrency=32, rate=100)
        total, pending = pending_count()
        deadline = time.monotonic() + 900
        while pending and time.monotonic() < deadline and any(w.poll() is None for w in workers):
            time.sleep(1)
            total, pending = pending_count()
        elapsed = time.monotonic() - settle_start
        settled_now = (total - pending) - (backlog0[0] - backlog0[1])
        settling = {"settled": settled_now, "left_pending": pending, "seconds": round(elapsed, 1),
                    "complaints_per_s": round(settled_now / elapsed, 1), "workers": args.settle_workers}
    finally:
        for process in (server, *workers):
            process.terminate()
        for process in (server, *workers):
            process.wait(10)
    result = {"benchmark": "intake_webhook", "workers": args.workers, "threads": args.threads,
              "cpus": os.cpu_count(), "in_process": profile, "saturated": saturated,
              "at_100_per_s": steady, "worker_settling": settling,
              "targets": {"new_per_s": 300, "p99_ms_at_100": 100},
              # Other jobs on a shared machine take CPU from the server: the 1-minute load
              # average before and after says how much the figures above were contended.
              "load_average": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)}}
    if profile:
        print(f"in process: accept {profile['wall_ms']} ms wall, {profile['cpu_ms']} ms CPU, "
              f"{profile['queries']} queries per delivery ({profile['statuses']}); settle "
              f"{profile['settle']['cpu_ms']} ms CPU, {profile['settle']['queries']} queries per complaint")
    print(f"{'phase':14} {'req/s':>8} {'new/s':>10} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  statuses")
    for name, r in (("saturated", saturated), ("100/s offered", steady)):
        print(f"{name:14} {r['req_per_s']:>8} {r['new_per_s']:>10} {r['p50_ms']:>8} {r['p95_ms']:>8} "
              f"{r['p99_ms']:>8}  {r['statuses']}")
    print(f"worker settled {settling['settled']} deliveries into complaints in {settling['seconds']} s "
          f"({settling['complaints_per_s']}/s, {settling['workers']} worker processes), "
          f"{settling['left_pending']} left")
    out = ROOT / "bench" / "results" / "intake_bench.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
