"""A banner for leads and administrators when channel messages are not becoming complaints.

Webhook deliveries are answered at once and turned into complaints by the worker;
if the worker stops, nothing else would show it. One small query (unsettled rows
only), cached for 15 s, on pages seen by the people who can act.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from bihuan.accounts.models import Role

from .selectors import delivery_backlog

WATCHERS = (Role.TEAM_LEAD, Role.DEPARTMENT_OWNER, Role.ADMINISTRATOR)
CACHE_KEY, CACHE_SECONDS = "intake:backlog-alert", 15


def intake_backlog_alert(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.role not in WATCHERS:
        return {}
    alert = cache.get(CACHE_KEY)
    if alert is None:
        backlog, now = delivery_backlog(), timezone.now()
        alert = {"pending": backlog.pending, "failed": backlog.failed,
                 "minutes": backlog.oldest_pending_seconds(now) // 60,
                 "stalled": backlog.stalled(now)} if backlog.stalled(now) or backlog.failed else {}
        cache.set(CACHE_KEY, alert, CACHE_SECONDS)
    return {"intake_alert": alert} if alert else {}
