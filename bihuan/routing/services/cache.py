"""Per-process caches for the assignment decision (bench/assignment_bench.py).

- Routing rules: reloaded when the rule table changes. One tiny query (row
  count and newest `updated_at`) checks it on every use, so an edit in the
  admin (any process) takes effect on the next complaint.
- Agents' skills: kept per (user id, date joined) for `SKILLS_TTL` seconds.
  Skills change rarely and an outdated skill set only shifts a preference
  (skills are a soft need), so a short staleness is acceptable; availability,
  seniority, role and load are read fresh on every decision.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

from django.db import connection

from bihuan.accounts.models import User
from bihuan.routing.matching import RuleSpec
from bihuan.routing.models import RoutingRule

SKILLS_TTL = 60.0

_lock = threading.Lock()
_rules: tuple[tuple, list[RuleSpec]] | None = None
_skills: dict[tuple[int, dt.datetime], tuple[float, frozenset[str]]] = {}


def cached_rules(build) -> list[RuleSpec]:
    """The active rules as specs; `build()` loads them when the table changed since last time."""
    global _rules
    # A plain cursor: this runs for every new complaint and the ORM's aggregate costs more
    # CPU to build than the database takes to answer.
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), MAX({qn('updated_at')}) FROM {qn(RoutingRule._meta.db_table)}")
        key = tuple(cursor.fetchone())
    current = _rules
    if current is not None and current[0] == key:
        return current[1]
    rules = build()
    with _lock:
        _rules = (key, rules)
    return rules


def skills_for(users: list[User]) -> dict[int, frozenset[str]]:
    """Skill codes per user id; one query for the users not cached (or expired)."""
    now = time.monotonic()
    out: dict[int, frozenset[str]] = {}
    missing: dict[int, tuple[int, dt.datetime]] = {}
    for u in users:
        key = (u.pk, u.date_joined)
        hit = _skills.get(key)
        if hit is not None and hit[0] > now:
            out[u.pk] = hit[1]
        else:
            missing[u.pk] = key
    if missing:
        found: dict[int, set[str]] = {pk: set() for pk in missing}
        through = User.skills.through
        for user_id, code in through.objects.filter(user_id__in=list(missing)).values_list("user_id", "skill__code"):
            found[user_id].add(code)
        with _lock:
            for pk, codes in found.items():
                out[pk] = frozenset(codes)
                _skills[missing[pk]] = (now + SKILLS_TTL, out[pk])
            if len(_skills) > 50_000:  # bounded: drop everything expired
                for key in [k for k, v in _skills.items() if v[0] <= now]:
                    _skills.pop(key, None)
    return out


def no_jit() -> None:
    """Switch PostgreSQL's JIT off for this connection, once.

    The planner's row estimate for a busy owner index (1M open complaints over
    a few dozen owners) crosses jit_above_cost, and compiling then costs ~30 ms
    for a query that runs in under 1 ms. A session setting, so one statement per
    connection; `OPTIONS={"options": "-c jit=off"}` in DATABASES does the same for all.
    """
    if connection.vendor != "postgresql":
        return
    connection.ensure_connection()
    raw = connection.connection
    if getattr(connection, "_bihuan_no_jit", None) is raw:
        return
    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    connection._bihuan_no_jit = raw


def clear() -> None:
    """Forget everything (tests, or after a bulk change of skills)."""
    global _rules
    with _lock:
        _rules = None
        _skills.clear()
