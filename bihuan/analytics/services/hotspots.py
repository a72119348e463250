"""Run hotspot detection over the daily rollups, store alerts and tell the owning department.

Idempotent: an alert is unique per (kind, dimension, value, day), so re-running on the
same data creates nothing new, and its outbox messages carry `hotspot:<id>:<user>` as
dedup key. Today's partial day is judged too (the leave-one-out baseline scales with
the volume received so far), which is what gets an alert out within two hours.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bihuan.accounts.models import Department, DepartmentKind, Role, User
from bihuan.core.errors import NotFound
from bihuan.notifications.services import Message, notifications_enqueue

from .. import hotspots
from ..models import AlertKind, ComplaintFact, DeliveryStatus, Grain, HotspotAlert, Rollup

SPIKE_DIMS = ("category", "product", "region")
TREND_DIMS = ("category",)
HISTORY_DAYS = 35
_KIND_BY_CATEGORY = {"product": DepartmentKind.PRODUCT, "logistics": DepartmentKind.LOGISTICS,
                     "service": DepartmentKind.CUSTOMER_SERVICE, "other": DepartmentKind.CUSTOMER_SERVICE}


@dataclass
class HotspotReport:
    checked_series: int = 0
    created: list[int] = field(default_factory=list)
    notifications: int = 0


def _counts(dims: tuple[str, ...], start: dt.date, end: dt.date) -> tuple[dict, dict[dt.date, int]]:
    series: dict[tuple[str, str], dict[dt.date, int]] = defaultdict(dict)
    totals: dict[dt.date, int] = {}
    rows = (Rollup.objects.filter(grain=Grain.DAY, dim__in=(*dims, "all"), day__gte=start, day__lte=end)
            .values_list("dim", "key", "day", "count"))
    for dim, key, day, count in rows:
        if dim == "all":
            totals[day] = count
        elif key:
            series[(dim, key)][day] = count
    return series, totals


def _findings_for_day(day: dt.date) -> tuple[int, list[tuple[str, hotspots.Finding]]]:
    start = day - dt.timedelta(days=HISTORY_DAYS)
    days = [start + dt.timedelta(days=i) for i in range(HISTORY_DAYS + 1)]
    series, totals = _counts(SPIKE_DIMS, start, day)
    total = [totals.get(d, 0) for d in days]
    out = []
    for (dim, key), by_day in series.items():
        counts = [by_day.get(d, 0) for d in days]
        found = hotspots.detect_new_product(key, counts) if dim == "product" else None
        if found is None:
            rests = [t - c for c, t in zip(counts, total, strict=True)]
            found = hotspots.detect_spike(key, counts, rests)
        if found:
            out.append((dim, found))
    return len(series), out


def _trend_findings(last_sunday: dt.date) -> list[tuple[str, hotspots.Finding]]:
    start = last_sunday - dt.timedelta(days=20)
    series, totals = _counts(TREND_DIMS, start, last_sunday)
    week_of = {start + dt.timedelta(days=i): i // 7 for i in range(21)}
    week_totals = [0, 0, 0]
    for day, n in totals.items():
        week_totals[week_of[day]] += n
    out = []
    for (dim, key), by_day in series.items():
        weeks = [0, 0, 0]
        for day, n in by_day.items():
            weeks[week_of[day]] += n
        found = hotspots.detect_trend(key, list(zip(weeks, week_totals, strict=True)))
        if found:
            out.append((dim, found))
    return out


def owning_department(dim: str, key: str, start: dt.date, end: dt.date) -> Department | None:
    """The department that owns the problem: product issues go to Product, logistics to Logistics.

    For a region the dominant category of the complaints behind the alert decides; when no
    department of that kind exists, the department most of those complaints were routed to.
    """
    facts = ComplaintFact.objects.filter(day__gte=start, day__lte=end)
    facts = facts.filter(**{"province" if dim == "region" else dim: key})
    if dim == "product":
        category = "product"
    elif dim == "category":
        category = key
    else:
        category = Counter(facts.values_list("category", flat=True)[:2000]).most_common(1)
        category = category[0][0] if category else ""
    kind = _KIND_BY_CATEGORY.get(category)
    department = Department.objects.filter(kind=kind).order_by("pk").first() if kind else None
    if department is None:
        routed = Counter(d for d in facts.values_list("department_id", flat=True)[:2000] if d)
        department = Department.objects.filter(pk=routed.most_common(1)[0][0]).first() if routed else None
    return department


def site_url() -> str:
    return str(getattr(settings, "BIHUAN_PUBLIC_BASE_URL", "") or "http://127.0.0.1:8000").rstrip("/")


def _alert_text(alert: HotspotAlert) -> str:
    from ..dimensions import DIMENSION_LABELS

    if alert.kind == AlertKind.TREND:
        text = _("[Bihuan] Hotspot: the share of %(dim)s “%(key)s” rose two weeks in a row to %(obs).1f%% "
                 "(from %(exp).1f%%). Complaints: %(url)s")
        values = {"obs": alert.observed * 100, "exp": alert.expected * 100}
    elif alert.kind == AlertKind.NEW_PRODUCT:
        text = _("[Bihuan] Hotspot: new product “%(key)s” has %(obs)d complaints on %(day)s with almost no "
                 "history. Complaints: %(url)s")
        values = {"obs": alert.observed}
    else:
        text = _("[Bihuan] Hotspot: %(dim)s “%(key)s” has %(obs)d complaints on %(day)s, %(exp).1f expected. "
                 "Complaints: %(url)s")
        values = {"obs": alert.observed, "exp": alert.expected}
    return text % {"dim": DIMENSION_LABELS.get(alert.dim, alert.dim), "key": alert.key, "day": alert.day,
                   "url": site_url() + alert.drilldown, **values}


def _messages(alert: HotspotAlert) -> list[Message]:
    owners = list(User.objects.filter(role=Role.DEPARTMENT_OWNER, department_id=alert.department_id,
                                      is_active=True).order_by("pk")) if alert.department_id else []
    with translation.override(settings.LANGUAGE_CODE):
        body = _alert_text(alert)
    if not owners:
        recipient = alert.department.code if alert.department_id else "analytics"
        return [Message(dedup_key=f"hotspot:{alert.pk}:dept", channel="console", recipient=recipient,
                        subject=body[:80], body=body, payload={"hotspot": alert.pk})]
    return [Message(dedup_key=f"hotspot:{alert.pk}:{u.pk}", channel="email" if u.email else "console",
                    recipient=u.email or u.username, subject=body[:80], body=body,
                    payload={"hotspot": alert.pk, "user": u.pk}) for u in owners]


def _store(dim: str, found: hotspots.Finding, day: dt.date, period: tuple[dt.date, dt.date],
           report: HotspotReport) -> None:
    from ..selectors import Period, drill_url

    if HotspotAlert.objects.filter(kind=found.kind, dim=dim, key=found.key[:200], day=day).exists():
        return
    department = owning_department(dim, found.key, *period)
    with transaction.atomic():
        alert, created = HotspotAlert.objects.get_or_create(
            kind=found.kind, dim=dim, key=found.key[:200], day=day,
            defaults={"observed": found.observed, "expected": found.expected, "score": found.score,
                      "department": department, "drilldown": drill_url(Period(*period), dim=dim, key=found.key)},
        )
        if not created:
            return
        report.notifications += notifications_enqueue(messages=_messages(alert))
        alert.delivery = DeliveryStatus.QUEUED
        alert.save(update_fields=["delivery"])
        report.created.append(alert.pk)


def hotspots_detect(*, today: dt.date | None = None, days_back: int = 1) -> HotspotReport:
    """Judge today (partial) and the `days_back` days before it, plus the last complete week's trend."""
    today = today or timezone.localdate()
    report = HotspotReport()
    for offset in range(days_back, -1, -1):
        day = today - dt.timedelta(days=offset)
        checked, findings = _findings_for_day(day)
        report.checked_series += checked
        for dim, found in findings:
            _store(dim, found, day, (day, day), report)
    last_sunday = today - dt.timedelta(days=today.weekday() + 1)
    for dim, found in _trend_findings(last_sunday):
        _store(dim, found, last_sunday, (last_sunday - dt.timedelta(days=6), last_sunday), report)
    return report


class AlertNotFound(NotFound):
    code = "hotspot_not_found"


def hotspot_acknowledge(*, alert_id: int, user: User) -> HotspotAlert:
    """Mark an alert as seen by `user` (re-acknowledging keeps the first acknowledger)."""
    with transaction.atomic():
        alert = HotspotAlert.objects.select_for_update().filter(pk=alert_id).first()
        if alert is None:
            raise AlertNotFound(_("This hotspot alert does not exist."))
        if alert.acknowledged_by_id is None:
            alert.acknowledged_by = user
            alert.acknowledged_at = timezone.now()
            alert.save(update_fields=["acknowledged_by", "acknowledged_at"])
    return alert
