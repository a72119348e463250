"""Intake settings, read at call time so tests and admins can change them."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache

from bihuan.intake.extraction import DEFAULT_ORDER_PATTERNS, compile_order_patterns
from bihuan.routing.clock import BusinessCalendar, parse_slots

REPEAT_REOPEN = "reopen"
REPEAT_NEW_LINKED = "new_linked"
CATALOGUE_CACHE_KEY = "bihuan:intake:catalogue"


def _get(name: str, default):
    return getattr(settings, name, default)


@lru_cache(maxsize=8)
def _calendar(hours: str, timezone: str, days: str, statutory: bool) -> BusinessCalendar:
    slots = parse_slots([s.strip() for s in hours.split(",") if s.strip()])
    weekly = tuple(slots if str(i) in days else () for i in range(7))
    return BusinessCalendar(timezone=timezone, weekly=weekly, use_statutory=statutory)


def service_calendar() -> BusinessCalendar:
    """Service hours for acknowledgements: default 09:00–21:00 every day, Asia/Shanghai."""
    return _calendar(
        _get("BIHUAN_INTAKE_SERVICE_HOURS", "09:00-21:00"), settings.TIME_ZONE,
        _get("BIHUAN_INTAKE_SERVICE_DAYS", "0123456"), _get("BIHUAN_INTAKE_SERVICE_STATUTORY", False),
    )


def first_response_target() -> timedelta:
    return timedelta(minutes=_get("BIHUAN_INTAKE_FIRST_RESPONSE_MINUTES", 15))


def follow_up_after_opening() -> timedelta:
    return timedelta(minutes=_get("BIHUAN_INTAKE_FOLLOW_UP_MINUTES", 60))


def repeat_window() -> timedelta:
    return timedelta(days=_get("BIHUAN_INTAKE_REPEAT_WINDOW_DAYS", 7))


def repeat_on_closed() -> str:
    rule = _get("BIHUAN_INTAKE_REPEAT_ON_CLOSED", REPEAT_NEW_LINKED)
    return rule if rule in (REPEAT_REOPEN, REPEAT_NEW_LINKED) else REPEAT_NEW_LINKED


@lru_cache(maxsize=8)
def _compiled(patterns: tuple[str, ...]) -> list[re.Pattern[str]]:
    return compile_order_patterns(patterns)


def order_patterns() -> list[re.Pattern[str]]:
    return _compiled(tuple(_get("BIHUAN_INTAKE_ORDER_PATTERNS", DEFAULT_ORDER_PATTERNS)))


def rejected_keep() -> tuple[int, timedelta]:
    """RejectedDelivery retention: at most this many rows, none older than this."""
    return (int(_get("BIHUAN_INTAKE_REJECTED_KEEP_ROWS", 10_000)),
            timedelta(days=_get("BIHUAN_INTAKE_REJECTED_KEEP_DAYS", 30)))


def signature_tolerance() -> int:
    return int(_get("BIHUAN_INTAKE_SIGNATURE_TOLERANCE", 300))


def product_catalogue() -> list[str]:
    """Distinct product names of the order store, cached for five minutes per process."""
    names = cache.get(CATALOGUE_CACHE_KEY)
    if names is None:
        from bihuan.customers.models import OrderItem

        names = list(OrderItem.objects.order_by().values_list("product_name", flat=True)
                     .distinct()[:5000])
        cache.set(CATALOGUE_CACHE_KEY, names, 300)
    return names
