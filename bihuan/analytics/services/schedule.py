"""The analytics beat of the worker loop: refresh rollups, look for hotspots, send due reports.

`analytics_tick` is called on every worker round (run_worker) and does real work at
most every BIHUAN_ANALYTICS_TICK_SECONDS (default 15 min), claimed through a
conditional UPDATE so several workers never run it twice. New complaints are in the
rollups and judged by the detector within one tick: far inside the 2-hour promise.
Weekly and monthly reports are enqueued on the first tick after they fall due, from
freshly refreshed rollups (services.reports, idempotent per period and subscriber).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from ..models import RefreshState
from .hotspots import HotspotReport, hotspots_detect
from .rca import actions_refresh_effects
from .reports import reports_send_due
from .rollups import RefreshReport, rollups_refresh

TICK_STATE = "hotspots"
logger = logging.getLogger("bihuan.analytics")


def tick_every() -> dt.timedelta:
    return dt.timedelta(seconds=float(getattr(settings, "BIHUAN_ANALYTICS_TICK_SECONDS", 900)))


def analytics_tick(*, now: dt.datetime | None = None, force: bool = False
                   ) -> tuple[RefreshReport, HotspotReport] | None:
    """Refresh and detect if the last run is older than the tick interval; None when not due."""
    now = now or timezone.now()
    RefreshState.objects.get_or_create(name=TICK_STATE)
    due = Q(last_run_at__isnull=True) | Q(last_run_at__lte=now - tick_every())
    claimed = RefreshState.objects.filter(Q(name=TICK_STATE) & (Q() if force else due)).update(last_run_at=now)
    if not claimed:
        return None
    refreshed = rollups_refresh()
    found = hotspots_detect(today=timezone.localdate(now))
    actions_refresh_effects(today=timezone.localdate(now))
    delivered = reports_send_due(now=now)
    if delivered.queued:
        logger.info("reports: %s messages queued (%s)", delivered.queued, ", ".join(delivered.periods))
    if found.created:
        logger.info("hotspots: %s new alerts, %s notifications", len(found.created), found.notifications)
    return refreshed, found
