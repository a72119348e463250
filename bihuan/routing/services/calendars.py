"""Team calendars and SLA policies, loaded once per process and refreshed when edited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bihuan.routing.clock import AnyCalendar, BusinessCalendar, calendar_for_target, load_calendar
from bihuan.routing.models import BusinessCalendarModel, SlaPolicy

# (pk, updated_at) -> calendar: parsing a calendar costs ~50 µs and its per-date
# interval cache is worth keeping, so one object per stored version per process.
_CACHE: dict[tuple[int, dt.datetime], BusinessCalendar] = {}
DEFAULT = BusinessCalendar()


def calendar_for_team(team_id: int | None) -> BusinessCalendar:
    """The team's own calendar, else the default one (team empty), else the built-in default."""
    rows = list(BusinessCalendarModel.objects.filter(team_id__in=[t for t in (team_id,) if t])
                .only("pk", "updated_at", "data", "team_id"))
    if not rows:
        rows = list(BusinessCalendarModel.objects.filter(team__isnull=True).order_by("pk")
                    .only("pk", "updated_at", "data", "team_id")[:1])
    if not rows:
        return DEFAULT
    return calendar_from_row(rows[0])


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


def policy_for(*, priority: str, channel: str) -> SlaPolicy | None:
    facts = PolicyFacts(priority=priority or "", channel=channel or "")
    for policy in SlaPolicy.objects.filter(active=True).order_by("position", "id"):
        if policy_matches(policy, facts):
            return policy
    return None
