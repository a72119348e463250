"""Team calendars and SLA policies, loaded once per process and refreshed when edited."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db import connection

from bihuan.routing.clock import AnyCalendar, BusinessCalendar, calendar_for_target, load_calendar
from bihuan.routing.models import BusinessCalendarModel, SlaPolicy

# (pk, updated_at) -> calendar: parsing a calendar costs ~50 µs and its per-date
# interval cache is worth keeping, so one object per stored version per process.
_CACHE: dict[tuple, BusinessCalendar] = {}
DEFAULT = BusinessCalendar()


_lock = threading.Lock()


def _raw(sql: str, params: list) -> list[tuple]:
    """A plain cursor query: these run for every new complaint, and the ORM's query building
    cost more CPU than the database's answer."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def calendar_for_team(team_id: int | None) -> BusinessCalendar:
    """The team's own calendar, else the default one (team empty), else the built-in default.

    One query for the candidates' (pk, updated_at); the calendar itself comes from the
    per-process cache, loaded only for a version not seen yet.
    """
    qn = connection.ops.quote_name
    rows = _raw(f"SELECT {qn('id')}, {qn('updated_at')}, {qn('team_id')} FROM "
                f"{qn(BusinessCalendarModel._meta.db_table)} WHERE {qn('team_id')} IS NULL"
                + (f" OR {qn('team_id')} = %s" if team_id else "") + f" ORDER BY {qn('id')}",
                [team_id] if team_id else [])
    row = next((r for r in rows if team_id and r[2] == team_id), None) or next(
        (r for r in rows if r[2] is None), None)
    if row is None:
        return DEFAULT
    cal = _CACHE.get(("raw", row[0], row[1]))
    if cal is None:
        model = BusinessCalendarModel.objects.filter(pk=row[0]).first()
        if model is None:  # deleted since
            return calendar_for_team(team_id)
        cal = calendar_from_row(model)
        with _lock:
            _CACHE[("raw", row[0], row[1])] = cal
    return cal


def calendar_from_row(row: BusinessCalendarModel) -> BusinessCalendar:
    key = (row.pk, row.updated_at)
    cal = _CACHE.get(key)
    if cal is None:
        loaded = load_calendar(row.data)
        cal = loaded if isinstance(loaded, BusinessCalendar) else BusinessCalendar(timezone=loaded.timezone)
        if len(_CACHE) > 256:
            _CACHE.clear()
        _CACHE[key] = cal
    return cal


def measuring_calendar(basis: str, team_calendar: BusinessCalendar) -> AnyCalendar:
    return calendar_for_target("calendar" if basis == "calendar" else "business", team_calendar)


@dataclass(frozen=True)
class PolicyFacts:
    priority: str
    channel: str


def policy_matches(policy: SlaPolicy, facts: PolicyFacts) -> bool:
    if policy.priorities and facts.priority not in policy.priorities:
        return False
    return not (policy.channels and facts.channel not in policy.channels)


_policies: tuple[tuple, list[SlaPolicy]] | None = None


def active_policies() -> list[SlaPolicy]:
    """Active policies in order, from a per-process copy checked against the table each call.

    The check reads every column of the active rows with a plain cursor, so any change
    (a save, a queryset update, a delete, from any process) is seen on the next call.
    The instances are shared: read them, do not change them.
    """
    global _policies
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in SlaPolicy._meta.concrete_fields)
    rows = tuple(tuple(r) for r in _raw(
        f"SELECT {columns} FROM {qn(SlaPolicy._meta.db_table)} WHERE {qn('active')} "
        f"ORDER BY {qn('position')}, {qn('id')}", []))
    cached = _policies
    if cached is not None and cached[0] == rows:
        return cached[1]
    policies = list(SlaPolicy.objects.filter(active=True).order_by("position", "id"))
    with _lock:
        _policies = (rows, policies)  # a change in between only costs one more reload
    return policies


def policy_for(*, priority: str, channel: str) -> SlaPolicy | None:
    facts = PolicyFacts(priority=priority or "", channel=channel or "")
    for policy in active_policies():
        if policy_matches(policy, facts):
            return policy
    return None
