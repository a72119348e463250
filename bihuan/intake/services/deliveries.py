"""Accept now, settle in the worker: the webhook's fast path.

A signed, valid delivery is stored as an `AcceptedDelivery` (its body, what
extraction found in its text, and a reserved complaint number) in a few short
statements and answered at once;
the worker's `deliveries_settle` turns each into its complaint through
`intake_draft` (extraction, customer and order matching, 二次进线, triage,
routing, SLA clocks, acknowledgement). Channels retry on slow answers, so the
answer must be fast; the complaint follows within a worker round (about a
second).

Exactly once: (channel, key) is unique on `AcceptedDelivery`, so concurrent
duplicates insert one row (ON CONFLICT DO NOTHING) and the others read it;
settling a delivery twice (a worker killed between the complaint's commit and
marking the row settled) finds the first run's `IntakeRecord` and returns
that complaint. Deliveries taken in before this path existed are found
through their `IntakeRecord`.
"""

from __future__ import annotations

import json
import logging
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from bihuan.complaints.models import Complaint
from bihuan.complaints.services import next_number
from bihuan.core.errors import ApplicationError

from ..adapters import Draft
from ..models import AcceptedDelivery, IntakeRecord
from .intake import draft_extraction, draft_received_at, intake_draft
from .payloads import PayloadError, read_payload

logger = logging.getLogger("bihuan.intake")
SETTLE_BATCH = 50
# How long a worker holds the batch it claimed (a batch takes a second or two; one that
# outlives the lease is at worst settled twice, which finds the first complaint).
CLAIM_LEASE = timedelta(seconds=30)
# A delivery that failed this many times waits for a person (admin: accepted deliveries).
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Acceptance:
    """The answer to a webhook delivery: the stored delivery and, once settled, its complaint."""

    delivery: AcceptedDelivery
    created: bool  # False: a repeated delivery of a message already accepted
    complaint: Complaint | None = None
    record: IntakeRecord | None = None

    @property
    def number(self) -> str:
        return self.complaint.number if self.complaint else self.delivery.number


def delivery_accept(*, channel: str, key: str, body: str, draft: Draft,
                    now: datetime | None = None) -> Acceptance:
    """Store a verified, valid delivery once per (channel, key); repeats return the first."""
    key = key[:128]
    found = _accepted(channel, key)
    if found is not None:
        return found
    now = now or timezone.now()
    received = draft_received_at(draft, now)
    extracted = draft_extraction(draft, received).as_dict()
    number = next_number(at=received)
    ops = connection.ops
    table = ops.quote_name(AcceptedDelivery._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} ("channel", "key", "number", "body", "extracted", "received_at", '
            f'"accepted_at", "deliveries", "attempts", "last_error") '
            f'VALUES (%s, %s, %s, %s, %s, %s, %s, 1, 0, \'\') '
            f'ON CONFLICT ("channel", "key") DO NOTHING RETURNING "id"',
            [channel, key, number, body, json.dumps(extracted),
             ops.adapt_datetimefield_value(received), ops.adapt_datetimefield_value(now)],
        )
        row = cursor.fetchone()
    if row is None:  # a concurrent duplicate won; its number stands and ours is a gap
        found = _accepted(channel, key)
        if found is None:
            raise RuntimeError(f"delivery {channel}:{key} conflicted but cannot be read")
        return found
    delivery = AcceptedDelivery(id=row[0], channel=channel, key=key, number=number, body=body,
                                extracted=extracted, received_at=received, accepted_at=now)
    return Acceptance(delivery=delivery, created=True)


def _accepted(channel: str, key: str) -> Acceptance | None:
    """A delivery already accepted (or, before this path, taken in), counted as delivered again."""
    # One round trip for the common answer, "neither": most deliveries are new.
    ops = connection.ops
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT 1, "id" FROM {ops.quote_name(AcceptedDelivery._meta.db_table)} '
            f'WHERE "channel" = %s AND "key" = %s UNION ALL '
            f'SELECT 2, "id" FROM {ops.quote_name(IntakeRecord._meta.db_table)} WHERE "channel" = %s AND "key" = %s',
            [channel, key, channel, key])
        hits = dict(cursor.fetchall())
    if not hits:
        return None
    if 1 not in hits:
        record = IntakeRecord.objects.select_related("complaint").get(pk=hits[2])
        IntakeRecord.objects.filter(pk=record.pk).update(deliveries=F("deliveries") + 1)
        complaint = record.complaint
        stand_in = AcceptedDelivery(channel=channel, key=key, number=complaint.number if complaint else "",
                                    received_at=record.received_at, complaint=complaint)
        return Acceptance(delivery=stand_in, created=False, complaint=complaint, record=record)
    delivery = AcceptedDelivery.objects.get(pk=hits[1])
    AcceptedDelivery.objects.filter(pk=delivery.pk).update(deliveries=F("deliveries") + 1)
    delivery.deliveries += 1
    if delivery.complaint_id is None:
        return Acceptance(delivery=delivery, created=False)
    record = IntakeRecord.objects.filter(channel=channel, key=key).select_related("complaint").first()
    complaint = record.complaint if record else Complaint.objects.get(pk=delivery.complaint_id)
    return Acceptance(delivery=delivery, created=False, complaint=complaint, record=record)


@dataclass(frozen=True)
class SettleReport:
    settled: int
    failed: int
    more: bool  # the batch was full: call again without waiting


def deliveries_settle(*, limit: int = SETTLE_BATCH, now: datetime | None = None) -> SettleReport:
    """Turn accepted deliveries into complaints, oldest first.

    Several workers may run: each claims a batch (FOR UPDATE SKIP LOCKED on PostgreSQL, so
    they take different rows) for CLAIM_LEASE; a killed worker's rows are taken again after it.
    """
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(AcceptedDelivery.objects
                   .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
                           settled_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
                   .select_for_update(skip_locked=True).order_by("id").values_list("id", flat=True)[:limit])
        AcceptedDelivery.objects.filter(id__in=ids).update(claimed_until=now + CLAIM_LEASE)
    pending = list(AcceptedDelivery.objects.filter(id__in=ids).order_by("id"))
    settled = failed = 0
    for delivery in pending:
        try:
            draft = read_payload(delivery.channel, delivery.body.encode())
            result = intake_draft(draft=draft, key=delivery.key, now=delivery.accepted_at,
                                  number=delivery.number, extracted=delivery.extracted or None)
        except (OperationalError, InterfaceError):
            _release([d.pk for d in pending if d.pk >= delivery.pk])
            raise  # the database is away: the round is retried, nothing is held against the rows
        except (PayloadError, ApplicationError, DatabaseError, ValueError) as error:
            # Acceptance ran the same checks, so this is a rule or adapter that changed in between,
            # or text the database refuses. One bad delivery must not block the queue behind it.
            failed += 1
            logger.error("intake: delivery %s (%s:%s) cannot be settled: %r", delivery.pk, delivery.channel,
                         delivery.key, error)
            AcceptedDelivery.objects.filter(pk=delivery.pk).update(
                attempts=F("attempts") + 1, last_error=str(error)[:2000], claimed_until=None)
            continue
        AcceptedDelivery.objects.filter(pk=delivery.pk).update(
            settled_at=timezone.now(), complaint=result.complaint, attempts=F("attempts") + 1, last_error="",
            claimed_until=None)
        settled += 1
    return SettleReport(settled=settled, failed=failed, more=len(ids) == limit)


def _release(ids: list[int]) -> None:
    """Give unsettled claimed rows back at once (else they wait for the lease), if the database lets us."""
    with suppress(OperationalError, InterfaceError):  # still away: the lease runs out instead
        AcceptedDelivery.objects.filter(id__in=ids, settled_at__isnull=True).update(claimed_until=None)


def deliveries_settle_all() -> int:
    """Settle until nothing is pending (tests, the demo replay, a backlog); returns how many."""
    total = 0
    while True:
        report = deliveries_settle()
        total += report.settled
        if not report.more:
            return total
