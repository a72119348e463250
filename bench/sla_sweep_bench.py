"""SLA sweep at scale: 1M open complaints, 50k clocks due in the next hour (PostgreSQL).

Builds the data with COPY into a scratch database, then measures:
- find: the indexed range query for clocks due within the next hour (what the at-risk page reads),
- tick: one realistic sweep a minute later (clocks crossing their due time in that minute),
- burst: after an hour of downtime all remaining clocks breach at once. Each sweep call is bounded
  (BIHUAN_SLA_SWEEP_BUDGET_SECONDS, 0.5 s, plus the batch in progress): the bench reports the first
  call, the longest call and the total over the calls (ticks) it takes to escalate everything,
  with outbox notifications to the owner (SMS) and the team lead (WeCom) of each complaint.
Pass --reuse to keep the loaded rows of an earlier run (the clocks are reset to running).

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/bihuan_bench_sla python bench/sla_sweep_bench.py [--rows N]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bihuan_bench_sla")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=50_000)
    parser.add_argument("--reuse", action="store_true", help="keep the rows of an earlier run")
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bihuan.accounts.models import Department, Role, Team, User
    from bihuan.notifications.models import Outbox
    from bihuan.routing.models import AgentStatus, SlaClock, SlaPolicy
    from bihuan.routing.services import sla_sweep

    assert connection.vendor == "postgresql", "this benchmark is for PostgreSQL"
    call_command("migrate", verbosity=0)
    now = timezone.now()
    dept, _ = Department.objects.get_or_create(code="bench-sla", defaults={"name": "bench", "kind": "customer_service"})
    team, _ = Team.objects.get_or_create(name="bench-sla-team", defaults={"department": dept})
    if not User.objects.filter(username="bench-sla-lead").exists():
        User.objects.create_user(username="bench-sla-lead", role=Role.TEAM_LEAD, team=team, department=dept)
    owners = []
    for i in range(50):
        u = User.objects.filter(username=f"bench-sla-agent-{i}").first() or User.objects.create_user(
            username=f"bench-sla-agent-{i}", role=Role.AGENT, team=team, department=dept)
        AgentStatus.objects.update_or_create(user=u, defaults={"mobile": f"139{i:08d}"})
        owners.append(u.pk)
    # The red policy's breach actions: SMS to the owner, WeCom notice to the lead (routing defaults).
    policy = SlaPolicy.objects.filter(priorities=["red"]).first() or SlaPolicy.objects.order_by("position").first()
    results: dict = {"rows": args.rows, "due_next_hour": args.due}
    reuse = args.reuse and SlaClock.objects.count() == args.rows
    if reuse:
        t0 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("TRUNCATE notifications_outbox RESTART IDENTITY")
            # the first `due` clocks fall due within the next hour again, the rest days ahead
            cur.execute("UPDATE routing_slaclock SET status='running', breached_at=NULL, warned_at=NULL, "
                        "due_at = %s + make_interval(secs => ((id * 3600 / %s) %% 3600) + 1), "
                        "warn_at = %s + make_interval(secs => ((id * 3600 / %s) %% 3600) + 3601) "
                        "WHERE id <= %s", [now, args.due, now, args.due, args.due])
            cur.execute("UPDATE routing_slaclock SET due_at = %s + make_interval(days => 2, secs => id %% 86400), "
                        "warn_at = %s + make_interval(days => 2, secs => id %% 86400) - interval '2 hours' "
                        "WHERE id > %s", [now, now, args.due])
            cur.execute("ANALYZE routing_slaclock")
        results["reset_s"] = round(time.perf_counter() - t0, 2)
    else:
        results.update(_load(args, now, policy, owners, team.pk, connection))
    # find: clocks due in the next hour, through the (status, due_at) index
    t0 = time.perf_counter()
    found = SlaClock.objects.filter(status="running", due_at__lte=now + timedelta(hours=1)).count()
    results["find_due_next_hour_s"] = round(time.perf_counter() - t0, 4)
    results["find_count"] = found
    with connection.cursor() as cur:
        cur.execute("EXPLAIN SELECT id FROM routing_slaclock WHERE status='running' AND due_at <= %s "
                    "ORDER BY due_at LIMIT 1000", [now + timedelta(minutes=1)])
        results["plan"] = " / ".join(r[0].strip() for r in cur.fetchall()[:3])
    # an idle sweep (nothing due yet)
    idle = sla_sweep(now=now)
    results["idle_sweep_s"] = round(idle.seconds, 4)
    # one tick: a minute later, ~1/60 of the hour's clocks breach
    tick = sla_sweep(now=now + timedelta(minutes=1))
    results["tick_1min_breached"], results["tick_1min_s"] = tick.breached, round(tick.seconds, 3)
    results["tick_1min_notifications"] = tick.notifications
    # burst: an hour of downtime, everything left breaches in one sweep
    later = now + timedelta(hours=1, seconds=5)
    first = sla_sweep(now=later)
    results["burst_first_call_breached"], results["burst_first_call_s"] = first.breached, round(first.seconds, 3)
    calls, total, seconds, worst = [first], first, first.seconds, first.seconds
    while calls[-1].more:
        r = sla_sweep(now=later)
        calls.append(r)
        seconds += r.seconds
        worst = max(worst, r.seconds)
        total.breached += r.breached
        total.notifications += r.notifications
    results["burst_calls"] = len(calls)
    results["burst_worst_call_s"] = round(worst, 3)
    results["burst_breached"], results["burst_total_s"] = total.breached, round(seconds, 2)
    results["burst_notifications"] = total.notifications
    results["outbox_rows"] = Outbox.objects.count()
    out = ROOT / "bench" / "results" / "sla_sweep.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    width = max(len(k) for k in results)
    for k, v in results.items():
        print(f"{k:<{width}}  {v}")


def _load(args, now, policy, owners, team_id, connection) -> dict:
    """COPY `rows` open red complaints (owned by the bench agents) and one resolution clock each."""
    with connection.cursor() as cur:
        cur.execute("TRUNCATE notifications_outbox, routing_slaevent, routing_slaclock, complaints_complaint "
                    "RESTART IDENTITY CASCADE")
    t0 = time.perf_counter()
    stamp = now.isoformat()
    buf = io.StringIO()
    for i in range(1, args.rows + 1):
        buf.write(f"{i}\tTS-B-{i:08d}\tphone\t\tt\td\t\t{stamp}\t\t\t\tred\t3\t\t[]\tverifying\t"
                  f"f\t0\t{stamp}\t{stamp}\t{owners[i % len(owners)]}\t{team_id}\n")
    buf.seek(0)
    cols = ("id, number, channel, channel_message_id, title, description, scenario, received_at, demand, "
            "category, subcategory, priority, priority_rank, emotion, tags, status, restricted, reopen_count, "
            "created_at, updated_at, owner_id, team_id")
    with connection.cursor() as cur:
        with cur.copy(f"COPY complaints_complaint ({cols}) FROM STDIN") as copy:
            copy.write(buf.read())
    load_complaints = time.perf_counter() - t0
    # Clocks: `due` of them fall due within the next hour, the rest days ahead.
    t0 = time.perf_counter()
    buf = io.StringIO()
    for i in range(1, args.rows + 1):
        due = now + timedelta(seconds=(i * 3600 // args.due) % 3600 + 1) if i <= args.due else \
            now + timedelta(days=2, seconds=i % 86400)
        warn = due + timedelta(hours=1) if i <= args.due else due - timedelta(hours=2)  # only breaches here
        buf.write(f"{i}\t{i}\tresolution\t{policy.pk}\t1\t28800\tbusiness\t0.75\trunning\t{stamp}\t"
                  f"{due.isoformat()}\t{warn.isoformat()}\tf\t{stamp}\n")
    buf.seek(0)
    with connection.cursor() as cur:
        with cur.copy("COPY routing_slaclock (id, complaint_id, metric, policy_id, cycle, target_seconds, "
                      "time_basis, warn_ratio, status, started_at, due_at, warn_at, paused, updated_at) "
                      "FROM STDIN") as copy:
            copy.write(buf.read())
        cur.execute("ANALYZE routing_slaclock; ANALYZE complaints_complaint")
    return {"load_complaints_s": round(load_complaints, 2), "load_clocks_s": round(time.perf_counter() - t0, 2)}

if __name__ == "__main__":
    main()
