"""Reads for dashboards: rollup tables only (DESIGN rule 8), plus the drill-down queue.

Every panel returns plain data with a drill-down URL per number; the drill-down
lists complaints through the permission chokepoint (visible_complaints).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from bihuan.accounts.models import Department, Role, User
from bihuan.complaints import lifecycle
from bihuan.complaints.choices import Category, Channel, Priority, Status, subcategory_label
from bihuan.complaints.permissions import visible_complaints
from bihuan.core.pagination import Page, paginate

from .dimensions import DAILY_DIMENSIONS
from .kpis import KPIS, MEASURES, TARGET_ALIASES, Target, format_target, format_value, kpi_values
from .models import ComplaintFact, Grain, KpiTarget, Rollup, StageRollup

ANALYTICS_ROLES = frozenset({Role.ANALYST, Role.TEAM_LEAD, Role.DEPARTMENT_OWNER, Role.ADMINISTRATOR,
                             Role.QUALITY_INSPECTOR})
MAX_PERIOD_DAYS = 731
FLAGS = {
    "responded": {"first_response_seconds__isnull": False}, "closed": {"closed": True},
    "fcr": {"fcr": True}, "repeat": {"repeat": True}, "escalated": {"escalated": True},
    "transferred": {"transfers__gt": 0}, "reopened": {"reopened": True},
    "rp72": {"repurchase_72h": True}, "rp30": {"repurchase_30d": True},
    "handled": {"handle_sessions__gt": 0}, "surveyed": {"survey_sent": True}, "answered": {"survey_answered": True},
    "refund": {"refund_agreed": True}, "refund_done": {"refund_done": True}, "compensated": {"compensation_fen__gt": 0},
    "repeated_later": {"repeated_later": True},
}


def can_view_analytics(user: User) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or user.role in ANALYTICS_ROLES)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @property
    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def query(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def period_from(params, *, today: dt.date | None = None, default_days: int = 90) -> Period:
    """The period asked for in `from`/`to` (YYYY-MM-DD), clamped to two years; never raises."""
    today = today or timezone.localdate()
    end = _date(params.get("to")) or today
    start = _date(params.get("from")) or end - dt.timedelta(days=default_days - 1)
    if start > end:
        start, end = end, start
    start = max(start, end - dt.timedelta(days=MAX_PERIOD_DAYS))
    return Period(start, end)


def _date(raw) -> dt.date | None:
    """A date of this era, or None: year 1 would overflow the period arithmetic."""
    try:
        value = parse_date(str(raw)) if raw else None
    except ValueError:
        return None
    return value if value and 2000 <= value.year <= 2100 else None


def drill_url(period: Period, *, dim: str = "", key: str = "", flag: str = "", **extra) -> str:
    query = period.query()
    if dim and dim != "all":
        query.update(dim=dim, key=key)
    if flag:
        query["flag"] = flag
    query.update({k: v for k, v in extra.items() if v not in ("", None)})
    return f"{reverse('analytics:complaints')}?{urlencode(query)}"


def _rollups(period: Period, dim: str, grain: str = Grain.DAY):
    return Rollup.objects.filter(grain=grain, dim=dim, day__gte=period.start, day__lte=period.end)


def _sum(qs) -> dict[str, int]:
    row = qs.aggregate(**{m: Sum(m) for m in MEASURES})
    return {k: v or 0 for k, v in row.items()}


def targets() -> dict[str, Target]:
    out = {}
    for name, (low, high) in getattr(settings, "BIHUAN_ANALYTICS_TARGETS", {}).items():
        out[TARGET_ALIASES.get(name, name)] = Target(low, high)
    for row in KpiTarget.objects.all():
        out[TARGET_ALIASES.get(row.kpi, row.kpi)] = Target(row.low, row.high)
    return out


def kpi_cards(period: Period) -> list[dict]:
    values = kpi_values(_sum(_rollups(period, "all")))
    goals = targets()
    cards = []
    for kpi in KPIS:
        value = values.get(kpi.code)
        target = goals.get(kpi.code, Target())
        unavailable = str(kpi.unavailable) if kpi.unavailable else ""
        if kpi.code == "sla" and value is None:
            unavailable = _("n/a: no finished SLA clocks in the period")
        elif value is None and not unavailable:  # e.g. CSAT before any survey is answered
            unavailable = _("n/a: nothing to measure in the period")
        cards.append({
            "code": kpi.code, "label": str(kpi.label), "definition": str(kpi.definition), "unit": kpi.unit,
            "value": value, "text": unavailable or format_value(kpi, value),
            "target": format_target(kpi, target), "met": target.met(value),
            "unavailable": bool(unavailable),
            "url": "" if unavailable else drill_url(period, flag=kpi.flag),
        })
    return cards


def daily_trend(period: Period) -> dict:
    by_day = {r.day: r for r in _rollups(period, "all")}
    out = {"days": [], "count": [], "first_response": [], "fcr": [], "urls": []}
    for day in period.days:
        m = {k: getattr(by_day[day], k) for k in MEASURES} if day in by_day else {}
        v = kpi_values(m)
        out["days"].append(day.isoformat())
        out["count"].append(v["volume"])
        out["first_response"].append(None if v["first_response"] is None else round(v["first_response"], 1))
        out["fcr"].append(None if v["fcr"] is None else round(v["fcr"] * 100, 1))
        out["urls"].append(drill_url(Period(day, day)))
    return out


def key_labels(dim: str, keys) -> dict[str, str]:
    keys = list(keys)
    if dim == "category":
        return {k: str(Category(k).label) if k in Category.values else k or _("Unclassified") for k in keys}
    if dim == "channel":
        return {k: str(Channel(k).label) if k in Channel.values else k for k in keys}
    if dim == "priority":
        return {k: str(Priority(k).label) if k in Priority.values else _("None") for k in keys}
    if dim == "subcategory":
        return {k: subcategory_label(k) if k else _("Unclassified") for k in keys}
    if dim == "department":
        names = dict(Department.objects.filter(pk__in=[int(k) for k in keys if k.isdigit()]).values_list("pk", "name"))
        return {k: names.get(int(k), k) if k.isdigit() else _("No department") for k in keys}
    if dim == "agent":
        users = {u.pk: str(u) for u in User.objects.filter(pk__in=[int(k) for k in keys if k.isdigit()])}
        return {k: users.get(int(k), k) if k.isdigit() else _("Unassigned") for k in keys}
    if dim == "level":
        return {k: _("No customer") if k == "-1" else _("Level %s") % k for k in keys}
    return {k: k or _("Unknown") for k in keys}


def breakdown(period: Period, dim: str, *, limit: int = 20) -> list[dict]:
    if dim not in DAILY_DIMENSIONS or dim == "all":
        return []
    rows = (_rollups(period, dim).values("key").annotate(**{m: Sum(m) for m in MEASURES}).order_by("-count")[:limit])
    rows = list(rows)
    labels = key_labels(dim, [r["key"] for r in rows])
    out = []
    for r in rows:
        v = kpi_values(r)
        out.append({"key": r["key"], "label": labels[r["key"]], "count": r["count"], "values": v,
                    "url": drill_url(period, dim=dim, key=r["key"])})
    return out


def weekday_hour(period: Period) -> dict:
    cells: dict[tuple[int, int], int] = defaultdict(int)
    for day, hour, count in _rollups(period, "all", Grain.HOUR).values_list("day", "hour", "count"):
        cells[(day.weekday(), hour)] += count
    return {"cells": [[h, d, n] for (d, h), n in cells.items()]}


def region_category(period: Period) -> dict:
    rows = _rollups(period, "region_category").values("key").annotate(n=Sum("count"))
    regions: dict[str, int] = defaultdict(int)
    cells = []
    for r in rows:
        region, _sep, category = r["key"].partition("|")
        regions[region] += r["n"]
        cells.append((region, category, r["n"]))
    region_order = sorted(regions, key=lambda k: -regions[k])[:20]
    categories = list(Category.values)
    labels = key_labels("category", categories)
    return {
        "regions": [r or _("Unknown") for r in region_order],
        "categories": [labels[c] for c in categories],
        "cells": [[categories.index(c), region_order.index(reg), n] for reg, c, n in cells
                  if reg in region_order and c in categories],
        "urls": {f"{categories.index(c)},{region_order.index(reg)}": drill_url(period, dim="region_category",
                                                                               key=f"{reg}|{c}")
                 for reg, c, _n in cells if reg in region_order and c in categories},
    }


def channel_time(period: Period) -> dict:
    cells: dict[tuple[str, int], int] = defaultdict(int)
    for key, hour, count in _rollups(period, "channel", Grain.HOUR).values_list("key", "hour", "count"):
        cells[(key, hour)] += count
    channels = sorted({k for k, _h in cells}, key=lambda k: -sum(n for (c, _h), n in cells.items() if c == k))
    labels = key_labels("channel", channels)
    return {"channels": [labels[c] for c in channels], "keys": channels,
            "cells": [[h, channels.index(c), n] for (c, h), n in cells.items()]}


def province_counts(period: Period) -> list[dict]:
    rows = _rollups(period, "region").values("key").annotate(n=Sum("count")).order_by("-n")
    return [{"name": r["key"], "value": r["n"], "url": drill_url(period, dim="region", key=r["key"])}
            for r in rows if r["key"]]


STAGE_ORDER = [s for s in lifecycle.ALL_STATUSES if s != lifecycle.CLOSED]


def stage_waterfall(period: Period) -> list[dict]:
    """Mean hours per lifecycle status (complaints that left it), in lifecycle order, with shares."""
    rows = (StageRollup.objects.filter(day__gte=period.start, day__lte=period.end)
            .values("status").annotate(seconds=Sum("seconds"), n=Sum("n")))
    by_status = {r["status"]: r for r in rows}
    total = sum(r["seconds"] for r in by_status.values()) or 1
    labels = dict(Status.choices)
    out = []
    for status in STAGE_ORDER:
        r = by_status.get(status)
        if not r:
            continue
        out.append({"status": status, "label": str(labels.get(status, status)), "share": r["seconds"] / total,
                    "hours": r["seconds"] / 3600 / max(r["n"], 1), "total_hours": r["seconds"] / 3600,
                    "url": drill_url(period, status=status)})
    return out


def agent_scorecards(period: Period) -> list[dict]:
    rows = list(_rollups(period, "agent").exclude(key="").values("key")
                .annotate(**{m: Sum(m) for m in MEASURES}).order_by("-count")[:50])
    labels = key_labels("agent", [r["key"] for r in rows])
    out = []
    for r in rows:
        v = kpi_values(r)
        out.append({"agent": labels[r["key"]], "key": r["key"], "count": r["count"], "closed": r["closed"],
                    "first_response": v["first_response"], "resolution": v["resolution"], "fcr": v["fcr"],
                    "reopen": v["reopen"], "escalation": v["escalation"], "csat": v["csat"],
                    "aht": v["aht"],
                    "url": drill_url(period, dim="agent", key=r["key"])})
    return out


@dataclass(frozen=True)
class DrillFilters:
    period: Period
    dim: str = ""
    key: str = ""
    flag: str = ""
    status: str = ""
    weekday: int | None = None
    hour: int | None = None


def _small_int(raw, upper: int) -> int | None:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return None
    return value if 0 <= value <= upper else None


def drill_filters(params) -> DrillFilters:
    dim = params.get("dim", "")
    flag = params.get("flag", "")
    status = params.get("status", "")
    return DrillFilters(
        period=period_from(params), dim=dim if dim in DAILY_DIMENSIONS else "",
        key=str(params.get("key", ""))[:200], flag=flag if flag in FLAGS else "",
        status=status if status in lifecycle.ALL_STATUSES else "",
        weekday=_small_int(params.get("weekday"), 6), hour=_small_int(params.get("hour"), 23),
    )


def drill_complaints(*, user: User, filters: DrillFilters, page: int, page_size: int) -> Page:
    """The complaints behind a dashboard number, newest first, as far as `user` may see them."""
    return paginate(drill_queryset(user=user, filters=filters), page=page, page_size=page_size)


def drill_facts(filters: DrillFilters):
    """The facts matching a drill-down filter (no visibility applied: callers add it)."""
    facts = ComplaintFact.objects.filter(day__gte=filters.period.start, day__lte=filters.period.end)
    if filters.dim and filters.dim != "all":
        fields = DAILY_DIMENSIONS[filters.dim]
        parts = filters.key.split("|") if len(fields) > 1 else [filters.key]
        for field, value in zip(fields, parts, strict=False):
            if field.endswith("_id") or field == "member_level":
                facts = facts.filter(**{field: int(value)}) if value.lstrip("-").isdigit() else facts.filter(
                    **{f"{field}__isnull": True})
            else:
                facts = facts.filter(**{field: value})
    if filters.flag:
        facts = facts.filter(**FLAGS[filters.flag])
    if filters.weekday is not None:
        facts = facts.filter(weekday=filters.weekday)
    if filters.hour is not None:
        facts = facts.filter(hour=filters.hour)
    if filters.status:
        facts = facts.filter(stage_seconds__has_key=filters.status)
    return facts


def drill_queryset(*, user: User, filters: DrillFilters):
    return (visible_complaints(user).filter(pk__in=drill_facts(filters).values("complaint_id"))
            .select_related("owner", "department", "customer", "order").order_by("-received_at", "-id"))


def flag_label(flag: str) -> str:
    from .kpis import KPIS

    for kpi in KPIS:
        if kpi.flag == flag and flag:
            return str(kpi.label)
    return ""


def status_label(status: str) -> str:
    return str(dict(Status.choices).get(status, "")) if status else ""


def recent_alerts(period: Period, *, limit: int = 30) -> list:
    """Alerts of the period, unacknowledged first, each with readable dimension and value labels."""
    from .dimensions import DIMENSION_LABELS
    from .models import HotspotAlert

    alerts = list(HotspotAlert.objects.filter(day__gte=period.start, day__lte=period.end)
                  .select_related("department", "acknowledged_by")
                  .order_by(F("acknowledged_by").asc(nulls_first=True), "-day", "-score")[:limit])
    for alert in alerts:
        alert.dim_label = DIMENSION_LABELS.get(alert.dim, alert.dim)
        alert.key_label = key_labels(alert.dim, [alert.key]).get(alert.key, alert.key)
    return alerts


def alert_or_none(raw):
    from .models import HotspotAlert

    try:
        return HotspotAlert.objects.filter(pk=int(raw)).first() if raw else None
    except (TypeError, ValueError):
        return None


def remedy_outcomes(period: Period) -> list[dict]:
    """Remedy type vs what happened next: CSAT, complained again, reopened, bought again (72 h / 30 d).

    One row per granted remedy type plus the complaints without one as the baseline; from the
    daily "remedy" rollups, so the page never scans facts.
    """
    rows = list(_rollups(period, "remedy").values("key").annotate(**{m: Sum(m) for m in MEASURES})
                .order_by("-count"))
    labels = _remedy_labels()
    out = []
    for r in rows:
        v = kpi_values(r)
        out.append({
            "key": r["key"], "label": labels.get(r["key"], r["key"]) if r["key"] else _("No remedy"),
            "count": r["count"], "csat": v["csat"], "repeated_later": v["repeated_later"],
            "reopen": v["reopen"], "repurchase_72h": v["repurchase_72h"], "repurchase_30d": v["repurchase_30d"],
            "spend_per_case": (v["compensation"] / r["count"]) if r["key"] and r["count"] else None,
            "url": drill_url(period, dim="remedy", key=r["key"]),
        })
    return out


def _remedy_labels() -> dict[str, str]:
    try:
        from bihuan.resolution.choices import RemedyType
    except ImportError:  # resolution not installed: show the codes
        return {}
    return {code: str(label) for code, label in RemedyType.choices}
