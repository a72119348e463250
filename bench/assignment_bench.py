"""Assignment decision latency: rule match + candidate pool (skills, availability, weighted load) + choice.

Measures `choose_owner` (3 indexed queries + the pure choice) and the pure `choose_agent` alone,
for a 20-agent team whose agents own open complaints. Prints a table, writes bench/results/assignment.json.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/bihuan_bench_sla python bench/assignment_bench.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bihuan_bench_sla")


def pct(samples: list[float], p: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(len(s) * p))] * 1000


def main() -> None:
    import django

    django.setup()
    from django.db import connection

    from bihuan.accounts.models import Department, Role, Skill, Team, User
    from bihuan.complaints.models import Complaint
    from bihuan.routing.matching import ComplaintFacts, Need, match_rule, need_for
    from bihuan.routing.services.assignment import active_rules, candidate_pool, choose_owner
    from bihuan.routing.services.seed import seed_routing

    dept, _ = Department.objects.get_or_create(code="bench-cs", defaults={"name": "bench", "kind": "customer_service"})
    team, _ = Team.objects.get_or_create(name="bench-team", defaults={"department": dept})
    skill, _ = Skill.objects.get_or_create(code="appliances", defaults={"name": "家电"})
    agents = list(User.objects.filter(team=team))
    for i in range(len(agents), 20):
        u = User.objects.create_user(username=f"bench-agent-{i}", role=Role.AGENT if i % 4 else Role.SENIOR_AGENT,
                                     team=team, department=dept, seniority=1 + i % 5)
        if i % 2:
            u.skills.add(skill)
        agents.append(u)
    # give the agents open complaints (load) from the bench rows, ~30 each
    # top up to 600 open complaints owned by the team (30 per agent), across repeated runs
    owned = Complaint.objects.filter(team=team).count()
    ids = list(Complaint.objects.exclude(team=team).order_by("-pk").values_list("pk", flat=True)[:max(0, 600 - owned)])
    for n, pk in enumerate(ids):
        Complaint.objects.filter(pk=pk).update(owner=agents[n % len(agents)], team=team)
    seed_routing()
    need = Need(skills=frozenset({"appliances"}), min_seniority=3)
    facts = ComplaintFacts(category="service", priority="red", text="再不处理我就找律师")
    for _ in range(50):
        choose_owner(team_id=team.pk, department_id=None, need=need)
    samples, pure, rules_t = [], [], []
    rules = active_rules()
    for _ in range(2000):
        t0 = time.perf_counter()
        choose_owner(team_id=team.pk, department_id=None, need=need)
        samples.append(time.perf_counter() - t0)
    pool = candidate_pool(team_id=team.pk, department_id=None, roles=frozenset())
    from bihuan.routing.matching import choose_agent

    for _ in range(20000):
        t0 = time.perf_counter()
        rule = match_rule(rules, facts)
        choose_agent(pool.facts, need_for(facts, rule))
        pure.append(time.perf_counter() - t0)
    for _ in range(2000):
        t0 = time.perf_counter()
        active_rules()
        rules_t.append(time.perf_counter() - t0)
    # Reference: a bare round trip under the same machine load (the p99 floor of any query).
    roundtrip = []
    with connection.cursor() as cur:
        for _ in range(2000):
            t0 = time.perf_counter()
            cur.execute("SELECT 1")
            cur.fetchall()
            roundtrip.append(time.perf_counter() - t0)
    results = {
        "database": connection.vendor, "load_average_1m": round(os.getloadavg()[0], 2),
        "select_1_p50_ms": round(pct(roundtrip, 0.5), 3), "select_1_p99_ms": round(pct(roundtrip, 0.99), 3),
        "team_size": len(agents), "open_complaints_owned": Complaint.objects.filter(team=team).count(),
        "choose_owner_p50_ms": round(pct(samples, 0.5), 3), "choose_owner_p99_ms": round(pct(samples, 0.99), 3),
        "choose_owner_mean_ms": round(statistics.mean(samples) * 1000, 3),
        "load_rules_p99_ms": round(pct(rules_t, 0.99), 3),
        "pure_match_and_choose_p50_us": round(pct(pure, 0.5) * 1000, 1),
        "pure_match_and_choose_p99_us": round(pct(pure, 0.99) * 1000, 1),
    }
    out = ROOT / "bench" / "results" / "assignment.json"
    out.write_text(json.dumps(results, indent=2))
    width = max(len(k) for k in results)
    for k, v in results.items():
        print(f"{k:<{width}}  {v}")


if __name__ == "__main__":
    main()
