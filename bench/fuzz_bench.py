"""Bad input at volume: schemathesis over every operation of the OpenAPI schema, through a real server.

    .venv/bin/python bench/fuzz_bench.py [--requests 5000] [--workers 2] [--threads 2]

Starts gunicorn (production settings, DEBUG off) on a free loopback port against its own
PostgreSQL database (BIHUAN_BENCH_DATABASE_URL with "_fuzz" appended, dropped and created afresh
each run), creates a team lead with a few complaints and an API token (`api_token_create`, the
service behind `manage.py create_api_token`), then lets schemathesis generate requests for every
operation of /api/openapi.json with `Authorization: Bearer <token>` — except the intake webhooks,
which authenticate by signature: the server gets a secret per channel and each generated body is
sent HMAC-signed as a channel would (so it reaches the parser). Examples are spread evenly over
the operations; rounds with new seeds run until at least --requests requests were sent (an
operation whose input space is small stops early in one round). Any 5xx is a failure.

Driven through schemathesis' Python API (operation strategies + hypothesis), as
tests/fuzz/test_openapi_fuzz.py is: its pytest plugin does not support pytest 9.

Writes bench/results/fuzz_bench.json: requests, status-code histogram (overall and per
operation), server errors with the request that caused them. Exits 1 on any server error.
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.history import database_url, setup_django  # noqa: E402 - after the path tweak above
from bench.server import Server, percentile  # noqa: E402


def fresh_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare(url: str) -> str:
    """Migrate, create a team lead with complaints, return a raw API token."""
    setup_django(url)
    from bihuan.accounts.models import Department, Role, Team, User
    from bihuan.accounts.services import api_token_create
    from bihuan.complaints import services

    department = Department.objects.create(code="fuzz-cs", name="客户服务部")
    team = Team.objects.create(name="客服一组", department=department)
    lead = User.objects.create_user(username="fuzz-lead", password="fuzz-lead-pw-1", role=Role.TEAM_LEAD,
                                    team=team, department=department)
    texts = ["电饭煲用了两天就不加热了，要求换新。", "快递三天没到，客服也不回复，太差了！",
             "奶粉罐里有异物，孩子喝了拉肚子，要求赔偿"]
    for text in texts:
        services.complaint_create(actor=lead, owner=lead, channel="phone", description=text, auto_triage=False)
    token = api_token_create(user=lead, name="fuzz-bench")
    from django.db import connections

    connections.close_all()
    return token


INTAKE_PREFIX = "/api/v1/intake/"
INTAKE_SECRET = "fuzz-bench-渠道-secret"


def intake_env(channels: list[str]) -> dict[str, str]:
    """A webhook secret for every channel, so signed deliveries get past the signature check."""
    return {f"BIHUAN_INTAKE_SECRET_{channel.upper()}": INTAKE_SECRET for channel in channels}


def _signed_call(case, base: str):
    """Intake webhooks authenticate by HMAC over the raw body, not by token: send the generated
    body as JSON bytes, signed like a real channel (bihuan.intake.services.signatures)."""
    import requests
    from schemathesis.core import NotSet

    from bihuan.intake.services.signatures import signed_headers

    unset = case.body is NotSet or isinstance(case.body, NotSet)
    body = b"" if unset else json.dumps(case.body, ensure_ascii=False).encode()
    return requests.post(f"{base}{case.formatted_path}", data=body, params=case.query or None,
                         headers=signed_headers(INTAKE_SECRET, body), timeout=60)


class Tally:
    """What the server answered, over every generated request."""

    def __init__(self) -> None:
        self.sent = 0
        self.statuses: collections.Counter[str] = collections.Counter()
        self.by_operation: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
        self.errors: list[dict] = []
        self.transport: collections.Counter[str] = collections.Counter()
        self.latencies: list[float] = []

    def send(self, case, label: str, base: str, headers: dict[str, str]) -> None:
        started = time.perf_counter()
        try:
            if case.path.startswith(INTAKE_PREFIX) and case.method.upper() == "POST":
                response = _signed_call(case, base)
            else:
                response = case.call(base_url=base, headers=headers, timeout=60)
        except Exception as exc:  # noqa: BLE001 - a dropped connection counts as a server failure
            self.sent += 1
            self.transport[type(exc).__name__] += 1
            self.errors.append({"operation": label, "status": None, "error": repr(exc)[:300],
                                "path": case.formatted_path, "query": _short(case.query), "body": _short(case.body)})
            return
        self.latencies.append(time.perf_counter() - started)
        self.sent += 1
        code = str(response.status_code)
        self.statuses[code] += 1
        self.by_operation[label][code] += 1
        if response.status_code >= 500:
            self.errors.append({"operation": label, "status": response.status_code, "path": case.formatted_path,
                                "query": _short(case.query), "body": _short(case.body),
                                "response": response.text[:300]})


def _sender(tally: Tally, operation, base: str, headers: dict[str, str]):
    label = f"{operation.method.upper()} {operation.path}"

    def send(case) -> None:
        tally.send(case, label, base, headers)

    return send


def fuzz(base: str, token: str, target: int, max_rounds: int) -> dict:
    import schemathesis
    from hypothesis import HealthCheck, given, seed, settings

    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_url(f"{base}/api/openapi.json", timeout=60)
    operations = [result.ok() for result in schema.get_all_operations()]
    per_op = math.ceil(target / len(operations))
    tally = Tally()
    rounds = 0
    while tally.sent < target and rounds < max_rounds:
        # Later rounds (new seed) only need what is missing; operations with a small input space
        # stop early, so ask the others for twice their share.
        examples = per_op if rounds == 0 else max(20, math.ceil((target - tally.sent) / len(operations)) * 2)
        for operation in operations:
            run = given(case=operation.as_strategy())(_sender(tally, operation, base, headers))
            run = settings(max_examples=examples, deadline=None, database=None,
                           suppress_health_check=list(HealthCheck))(run)
            seed(20261123 + rounds)(run)()
        rounds += 1
        print(f"round {rounds}: {tally.sent:,} requests so far, {len(tally.errors)} server errors", flush=True)
    latencies = tally.latencies
    return {
        "operations": len(operations), "examples_per_operation_first_round": per_op, "rounds": rounds,
        "requests": tally.sent, "statuses": dict(sorted(tally.statuses.items())),
        "server_errors": len(tally.errors), "transport_errors": dict(tally.transport), "errors": tally.errors[:50],
        "by_operation": {op: dict(sorted(c.items())) for op, c in sorted(tally.by_operation.items())},
        "latency_ms": {q: round(1000 * percentile(latencies, n), 1) if latencies else None
                       for q, n in (("p50", 50), ("p95", 95), ("p99", 99))},
    }


def _short(value) -> str | None:
    if value is None:
        return None
    try:
        text = json.dumps(value, ensure_ascii=False, default=repr)
    except (TypeError, ValueError):
        text = repr(value)
    return text[:300]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=5000, help="generate at least this many requests")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=2, help="gunicorn threads per worker")
    parser.add_argument("--max-rounds", type=int, default=6)
    args = parser.parse_args()
    url = database_url("_fuzz")
    total = time.monotonic()
    fresh_database(url)
    token = prepare(url)
    from bihuan.complaints.choices import Channel

    server = Server(url, workers=args.workers, threads=args.threads, env=intake_env(list(Channel.values)))
    with server as base:
        print(f"server ready after {server.ready_s:.1f} s", flush=True)
        started = time.monotonic()
        result = fuzz(base, token, args.requests, args.max_rounds)
        fuzz_s = time.monotonic() - started
    out = {"benchmark": "fuzz", "server": f"gunicorn gthread {args.workers}x{args.threads}, production settings, "
           "loopback", "database": url.rsplit("@", 1)[-1], "target_requests": args.requests, **result,
           "fuzz_s": round(fuzz_s, 1), "requests_per_s": round(result["requests"] / fuzz_s, 1),
           "total_s": round(time.monotonic() - total, 1), "server_log": str(server.log_path)}
    print(f"\n{'operation':<58} {'requests':>8}  statuses")
    for op, counts in out["by_operation"].items():
        print(f"{op:<58} {sum(counts.values()):>8}  {' '.join(f'{k}:{v}' for k, v in counts.items())}")
    print(f"\nschemathesis: {out['requests']:,} requests over {out['operations']} operations in {out['fuzz_s']} s "
          f"({out['requests_per_s']} req/s, p50 {out['latency_ms']['p50']} ms, p95 {out['latency_ms']['p95']} ms)")
    print(f"status codes: {' '.join(f'{k}:{v}' for k, v in out['statuses'].items())}")
    print(f"server errors (5xx or dropped connection): {out['server_errors']}")
    for err in out["errors"][:10]:
        print(f"  {err['operation']} → {err['status']}: path={err['path']} query={err['query']} body={err['body']}")
    path = ROOT / "bench" / "results" / "fuzz_bench.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")
    ok = out["server_errors"] == 0 and out["requests"] >= args.requests
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
