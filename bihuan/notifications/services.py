"""Enqueue (in the caller's transaction) and dispatch (claim, send, mark) outbox messages."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from .models import Channel, Outbox, OutboxStatus
from .senders import SendError, channel_configured, get_sender


def lease() -> dt.timedelta:
    """How long a claim lasts: a worker killed mid-send leaves the row due again after it."""
    return dt.timedelta(seconds=float(getattr(settings, "BIHUAN_OUTBOX_LEASE_SECONDS", 60)))


@dataclass(frozen=True)
class Message:
    dedup_key: str
    channel: str
    recipient: str
    body: str
    subject: str = ""
    payload: dict = field(default_factory=dict)
    complaint_id: int | None = None


def notifications_enqueue(*, messages: list[Message], now: dt.datetime | None = None) -> int:
    """Write the messages in the current transaction; an existing dedup key is skipped.

    Returns how many rows were new. The worker is nudged on commit; if the nudge
    is lost, the periodic dispatch still finds the rows (the table is the truth).
    On PostgreSQL a batch is COPYed into a temporary table and inserted with
    ON CONFLICT DO NOTHING (tens of thousands of rows per second, for the SLA
    sweep's bursts); elsewhere bulk_create with ignore_conflicts.
    """
    if not messages:
        return 0
    now = now or timezone.now()
    rows, seen = [], set()
    for m in messages:
        key = m.dedup_key[:200]
        if key in seen:
            continue
        seen.add(key)
        channel = m.channel if channel_configured(m.channel) else Channel.CONSOLE
        rows.append((key, channel, m.recipient[:200], m.subject[:200], m.body, m.payload, m.complaint_id))
    with transaction.atomic():
        if connection.vendor == "postgresql" and len(rows) > 50:
            created = _copy_insert(rows, now)
        else:
            existing = set(Outbox.objects.filter(dedup_key__in=list(seen)).values_list("dedup_key", flat=True))
            new = [Outbox(dedup_key=key, channel=channel, recipient=recipient, subject=subject, body=body,
                          payload=payload, complaint_id=complaint_id, next_attempt_at=now)
                   for key, channel, recipient, subject, body, payload, complaint_id in rows
                   if key not in existing]
            Outbox.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
            created = len(new)
        if created and not _drain_follows.get():
            transaction.on_commit(_nudge)
    return created


# Set while the worker's own loop will drain the outbox right after the current work
# (e.g. settling intake deliveries): a nudge per message would only queue redundant tasks.
_drain_follows: ContextVar[bool] = ContextVar("outbox_drain_follows", default=False)


@contextmanager
def outbox_drain_follows():
    token = _drain_follows.set(True)
    try:
        yield
    finally:
        _drain_follows.reset(token)


_COPY_COLUMNS = ("dedup_key", "channel", "recipient", "subject", "body", "payload", "complaint_id", "status",
                 "attempts", "next_attempt_at", "claim_token", "last_error", "created_at")


def _copy_insert(rows: list[tuple], now: dt.datetime) -> int:
    """COPY into a per-transaction temporary table, then insert what is new (PostgreSQL only)."""
    cols = ", ".join(_COPY_COLUMNS)
    table = Outbox._meta.db_table
    created_at = timezone.now()
    with connection.cursor() as cur:
        cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS outbox_incoming ON COMMIT DELETE ROWS "
                    f"AS SELECT {cols} FROM {table} WITH NO DATA")
        with cur.copy(f"COPY outbox_incoming ({cols}) FROM STDIN") as copy:
            for key, channel, recipient, subject, body, payload, complaint_id in rows:
                copy.write_row((key, channel, recipient, subject, body, json.dumps(payload, ensure_ascii=False),
                                complaint_id, OutboxStatus.PENDING, 0, now, "", "", created_at))
        cur.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM outbox_incoming "
                    "ON CONFLICT (dedup_key) DO NOTHING")
        created = cur.rowcount
        cur.execute("DELETE FROM outbox_incoming")
    return created


def _nudge() -> None:
    from .tasks import dispatch_outbox

    try:
        dispatch_outbox.enqueue()
    except Exception:  # noqa: BLE001 - the periodic dispatch is the safety net
        pass


def backoff(attempts: int) -> dt.timedelta:
    """10 s, 20 s, 40 s … capped at one hour."""
    return dt.timedelta(seconds=min(3600, 10 * 2 ** max(0, attempts - 1)))


@dataclass
class DispatchResult:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0


def _claim(limit: int, now: dt.datetime) -> tuple[str, list[int]]:
    """Claim due rows: FOR UPDATE SKIP LOCKED on PostgreSQL, then a conditional UPDATE.

    On SQLite the IMMEDIATE transaction holds the write lock, and the UPDATE's
    own condition (still pending and due) is the claim: a row another worker
    took meanwhile no longer matches.
    """
    token = uuid.uuid4().hex
    with transaction.atomic():
        ids = list(
            Outbox.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id").select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            Outbox.objects.filter(pk__in=ids, status=OutboxStatus.PENDING, next_attempt_at__lte=now).update(
                next_attempt_at=now + lease(), attempts=F("attempts") + 1, claim_token=token)
    return token, ids


def outbox_dispatch(*, limit: int = 20, now: dt.datetime | None = None) -> DispatchResult:
    """Send one batch of due messages. Safe to run in many processes at once."""
    now = now or timezone.now()
    result = DispatchResult()
    token, ids = _claim(limit, now)
    if not ids:
        return result
    max_attempts = settings.BIHUAN_NOTIFY.get("max_attempts") or 8
    for message in Outbox.objects.filter(pk__in=ids, claim_token=token).order_by("id"):
        result.claimed += 1
        mine = Outbox.objects.filter(pk=message.pk, claim_token=token, status=OutboxStatus.PENDING)
        try:
            get_sender(message.channel)(message)
        except SendError as exc:
            if message.attempts >= max_attempts:
                mine.update(status=OutboxStatus.FAILED, last_error=str(exc)[:2000])
                result.failed += 1
            else:
                mine.update(next_attempt_at=timezone.now() + backoff(message.attempts), last_error=str(exc)[:2000])
                result.retried += 1
            continue
        mine.update(status=OutboxStatus.SENT, sent_at=timezone.now(), last_error="")
        result.sent += 1
    return result


def outbox_drain(*, limit: int = 20, max_batches: int = 1000) -> DispatchResult:
    """Dispatch until nothing is due (bounded), for the worker loop and the task."""
    total = DispatchResult()
    for _ in range(max_batches):
        r = outbox_dispatch(limit=limit)
        for name in ("claimed", "sent", "retried", "failed"):
            setattr(total, name, getattr(total, name) + getattr(r, name))
        if r.claimed == 0 or r.sent == 0 and r.retried == r.claimed:
            break
    return total
