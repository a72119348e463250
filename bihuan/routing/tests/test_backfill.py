"""Bulk clocks for complaints written without services (demo data): replayed from the timeline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bihuan.complaints.models import Complaint, TimelineEvent
from bihuan.routing.models import SlaClock, SlaEvent
from bihuan.routing.services.backfill import sla_backfill

pytestmark = pytest.mark.django_db


def _bulk(number: str, received_at: dt.datetime, status: str, path: list[tuple[dt.datetime, str]]) -> Complaint:
    c = Complaint.objects.create(number=number, channel="phone", title="投诉", description="不加热",
                                 received_at=received_at, priority="red", priority_rank=3, status=status)
    before = "received"
    for at, to in path:
        TimelineEvent.objects.create(complaint=c, kind="transition", at=at, field="status", before=before, after=to)
        before = to
    return c


def test_open_complaints_get_clocks_consistent_with_their_timeline():
    now = timezone.now()
    fresh = _bulk("TS-1", now - dt.timedelta(minutes=5), "received", [])
    old = _bulk("TS-2", now - dt.timedelta(days=20), "resolving",
                [(now - dt.timedelta(days=19, hours=23), "assessed"), (now - dt.timedelta(days=15), "resolving")])
    waiting = _bulk("TS-3", now - dt.timedelta(days=3), "waiting_on_customer",
                    [(now - dt.timedelta(days=2), "assessed"), (now - dt.timedelta(days=1), "waiting_on_customer")])
    closed = _bulk("TS-4", now - dt.timedelta(days=9), "closed", [(now - dt.timedelta(days=8), "closed")])

    written = sla_backfill(now=now)

    clocks = {(c.complaint_id, c.metric): c for c in SlaClock.objects.all()}
    assert written == len(clocks)
    assert clocks[fresh.pk, "first_response"].status == "running"
    assert clocks[fresh.pk, "first_response"].due_at > now
    assert clocks[old.pk, "first_response"].status == "fulfilled"
    assert clocks[old.pk, "first_response"].fulfilled_at == now - dt.timedelta(days=19, hours=23)
    resolution = clocks[old.pk, "resolution"]
    assert resolution.status == "breached" and resolution.breached_at == resolution.due_at
    assert {clocks[waiting.pk, m].status for m in ("resolution", "next_update")} == {"paused"}
    assert clocks[waiting.pk, "resolution"].due_at is None
    assert not SlaClock.objects.filter(complaint=closed).exists()
    # the log refolds to the same state, and the next-action deadline is the earliest live due time
    assert SlaEvent.objects.filter(clock=clocks[waiting.pk, "resolution"]).count() == 2  # started, paused
    fresh.refresh_from_db()
    assert fresh.next_action_due_at == min(clocks[fresh.pk, m].due_at for m in ("first_response", "resolution"))
    # idempotent: complaints with clocks are left alone, and the sweep has nothing old to announce
    assert sla_backfill(now=now) == 0
    from bihuan.routing.services import sla_sweep

    assert sla_sweep(now=now).breached == 0
