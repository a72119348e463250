"""Shared helpers of the resolution services: settings, order facts, timeline, lifecycle moves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from bihuan.accounts.models import User
from bihuan.complaints import lifecycle
from bihuan.complaints import services as complaint_services
from bihuan.complaints.choices import EventKind
from bihuan.complaints.models import Complaint
from bihuan.customers.connectors import get_order_connector

from ..policy import authority
from ..policy.checks import OrderFacts


def authority_limits() -> dict[str, Decimal | None]:
    raw = getattr(settings, "BIHUAN_RESOLUTION_AUTHORITY_LIMITS", None) or {}
    limits = dict(authority.DEFAULT_LIMITS)
    limits.update({role: (Decimal(str(v)) if v is not None else None) for role, v in raw.items()})
    return limits


def points_per_cny() -> int:
    return int(getattr(settings, "BIHUAN_RESOLUTION_POINTS_PER_CNY", 100))


def local_tz() -> dt.tzinfo:
    return timezone.get_current_timezone()


def order_facts(complaint: Complaint) -> OrderFacts | None:
    """The complaint's order as the connector sees it (the connector is the source of truth)."""
    if complaint.order_id is None:
        return None
    info = get_order_connector().get_order(complaint.order.order_no)
    if info is None:
        return None
    return OrderFacts(order_no=info.order_no, status=info.status, shipping_status=info.shipping_status,
                      amount=info.amount, placed_at=info.placed_at, delivered_at=info.delivered_at)


def record(complaint: Complaint, actor: User | None, *, field: str, body: str, after: Any = None,
           reason: str = "", internal: bool = True) -> None:
    """One resolution step on the complaint timeline (internal unless told otherwise)."""
    complaint_services.timeline_record(
        complaint=complaint, actor=actor, kind=EventKind.INTERNAL_NOTE if internal else EventKind.COMMENT,
        field=field, after=after, reason=reason, body=body, internal=internal,
    )


def advance(complaint: Complaint, actor: User, target: str) -> Complaint:
    """Move the complaint forward along the main path up to `target`, where the lifecycle allows.

    Side states (escalated, waiting on customer) and later stages are left alone: the
    agent decides those. Each move is an ordinary transition with its own event.
    """
    current = Complaint.objects.get(pk=complaint.pk)
    order = lifecycle.MAIN_STEPS
    if target not in order:
        return current
    while current.status in order and order.index(current.status) < order.index(target):
        step = lifecycle.next_main_step(current.status)
        if step is None:
            break
        current = complaint_services.complaint_transition(complaint=current, actor=actor, to=step)
    return current
