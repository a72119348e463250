"""Report subscriptions and their delivery through the outbox, once per period and subscriber.

`reports_send_due` runs on the worker's analytics beat (schedule.analytics_tick, right
after the rollups are refreshed). For the last complete week and month it enqueues one
message per subscriber with the dedup key `report:<kind>:<period>:<user id>`: the
outbox skips keys it already has, so re-runs, restarts and several workers send each
report once. Messages go out from BIHUAN_REPORTS_SEND_HOUR (local time, default 8) of
the first day after the period, so Monday morning for the week and the 1st for the month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bihuan.accounts.models import User
from bihuan.core.errors import PermissionDenied, ValidationFailed
from bihuan.notifications.models import Outbox
from bihuan.notifications.services import Message, notifications_enqueue

from .. import reports
from ..models import ReportSubscription
from ..reports import ReportPeriod
from .hotspots import site_url


@dataclass
class ReportDelivery:
    periods: list[str] = field(default_factory=list)
    queued: int = 0


def send_hour() -> int:
    return int(getattr(settings, "BIHUAN_REPORTS_SEND_HOUR", 8))


def report_subscription_save(*, user: User, weekly: bool, monthly: bool, language: str) -> ReportSubscription:
    """Create or change the user's subscription (analytics roles only)."""
    from ..selectors import can_view_analytics

    if not can_view_analytics(user):
        raise PermissionDenied(_("Reports are for analysts, leads, department owners and administrators."))
    if language not in dict(settings.LANGUAGES):
        raise ValidationFailed(_("Choose one of the offered languages."), field="language")
    with transaction.atomic():
        subscription, _created = ReportSubscription.objects.update_or_create(
            user=user, defaults={"weekly": weekly, "monthly": monthly, "language": language})
    return subscription


def dedup_key(period: ReportPeriod, user_id: int) -> str:
    return f"report:{period.kind}:{period.code}:{user_id}"


def _message_text(report: dict) -> tuple[str, str]:
    """Subject and a short summary: volume and key KPIs vs the previous period, alerts, actions, links."""
    by_code = {k["code"]: k for k in report["kpis"]}
    lines = [report["title"],
             f"{report['period'].start:%Y-%m-%d} – {report['period'].end:%Y-%m-%d}"]
    units = {"min": " " + _("min"), "h": " " + _("h")}
    for code in ("volume", "first_response", "resolution", "fcr", "repeat"):
        k = by_code[code]
        unit = "" if k["unavailable"] else units.get(k["unit"], "")
        target = f" ({_('target')} {k['target']}{units.get(k['unit'], '')})" if k["target"] else ""
        lines.append(_("%(kpi)s: %(value)s, %(change)s vs previous period%(target)s") % {
            "kpi": k["label"], "value": k["text"] + unit, "change": k["change"]["text"], "target": target})
    lines.append(_("Hotspot alerts: %(n)d · open improvement actions: %(m)d")
                 % {"n": len(report["alerts"]), "m": len(report["actions"])})
    lines.append(_("Report: %(url)s") % {"url": site_url() + report["html_url"]})
    lines.append(_("PDF: %(url)s") % {"url": site_url() + report["pdf_url"]})
    return f"[Bihuan] {report['title']}", "\n".join(lines)


def report_messages(period: ReportPeriod, subscriptions: list[ReportSubscription], *, today: dt.date
                    ) -> list[Message]:
    """One message per subscriber, written in the subscriber's language (the report is built once per language)."""
    from ..report_selectors import report_build
    from ..selectors import can_view_analytics

    texts: dict[str, tuple[str, str]] = {}
    out = []
    for sub in subscriptions:
        user = sub.user
        if not can_view_analytics(user):  # role changed since subscribing: no report
            continue
        if sub.language not in texts:
            with translation.override(sub.language):
                texts[sub.language] = _message_text(report_build(period, today=today))
        subject, body = texts[sub.language]
        out.append(Message(dedup_key=dedup_key(period, user.pk), channel="email" if user.email else "console",
                           recipient=user.email or user.username, subject=subject, body=body,
                           payload={"report": period.kind, "period": period.code, "user": user.pk}))
    return out


def report_send(*, period: ReportPeriod, today: dt.date | None = None) -> int:
    """Enqueue the period's report for every subscriber of its kind who has not had it; returns new rows."""
    today = today or timezone.localdate()
    flag = {"weekly": True} if period.kind == reports.WEEKLY else {"monthly": True}
    subscriptions = list(ReportSubscription.objects.filter(user__is_active=True, **flag)
                         .select_related("user").order_by("pk"))
    sent = set(Outbox.objects.filter(dedup_key__in=[dedup_key(period, s.user_id) for s in subscriptions])
               .values_list("dedup_key", flat=True))
    pending = [s for s in subscriptions if dedup_key(period, s.user_id) not in sent]
    if not pending:  # the common case on every tick after the first: no report is built
        return 0
    return notifications_enqueue(messages=report_messages(period, pending, today=today))


def reports_send_due(*, now: dt.datetime | None = None) -> ReportDelivery:
    """Send the last complete week's and month's reports once they are due (idempotent)."""
    now = timezone.localtime(now or timezone.now())
    today = now.date()
    delivery = ReportDelivery()
    for kind in reports.KINDS:
        period = reports.last_complete(kind, today)
        due = timezone.make_aware(dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(send_hour())))
        if now < due:
            continue
        delivery.periods.append(f"{kind}:{period.code}")
        delivery.queued += report_send(period=period, today=today)
    return delivery
