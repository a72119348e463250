"""Writing one validated batch: duplicates, customers, per-day number blocks, complaints + events.

PostgreSQL: complaint ids are drawn from the table's sequence in one query,
then complaints and their "created" timeline events go in with COPY (psycopg 3
`cursor.copy`). Other databases (SQLite): bulk_create. The complaints and
events of a batch are one transaction, so a failure loses at most the batch
being written and a rerun refuses the rows already imported (by channel
message id).

Several writers may run at once (one database connection each: PostgreSQL
then spreads COPY, index upkeep and constraint checks over the cores). What
they must not interleave runs under the shared `BatchGuard`, in short
transactions of its own that commit before the batch is written: the
duplicate check (against the database and the batches still in flight),
customer matching and creation (so two batches never create the same
customer twice) and the number blocks (so no batch holds the day's number
row while it writes). A batch that then fails leaves its new customers and
a gap in that day's numbers, as a failed live intake does.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import defaultdict
from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from bihuan.complaints.choices import PRIORITY_RANK, EventKind
from bihuan.complaints.models import Complaint, NumberSequence, TimelineEvent
from bihuan.customers.models import Customer, Order

from .rows import RowError

CUSTOMER_KEYS = ("member_id", "phone", "wechat_id")
# Columns written per row; every other complaint column takes the model's default.
VARYING = ("id", "number", "customer_id", "order_id", "channel", "channel_message_id", "title",
           "description", "occurred_at", "received_at", "demand", "category", "subcategory", "priority",
           "priority_rank", "emotion", "emotion_score", "tags", "status", "closed_at", "created_at",
           "updated_at")
EVENT_COLUMNS = ("complaint_id", "kind", "actor_id", "at", "field", "before", "after", "reason", "body",
                 "internal")


def reserve_numbers(day_counts: dict[dt.date, int]) -> dict[dt.date, int]:
    """Reserve a block of numbers per day; returns the first number of each block.

    Same NumberSequence rows as `complaints.services.next_number`, so imports and
    live intake can run together without handing out a number twice.
    Precondition: runs inside the caller's transaction.
    """
    NumberSequence.objects.bulk_create([NumberSequence(day=d, last=0) for d in day_counts],
                                       ignore_conflicts=True)
    sequences = list(NumberSequence.objects.select_for_update().filter(day__in=list(day_counts)).order_by("day"))
    firsts = {}
    for seq in sequences:
        firsts[seq.day] = seq.last + 1
        seq.last += day_counts[seq.day]
    NumberSequence.objects.bulk_update(sequences, ["last"])
    return firsts


def _customers(rows: list[dict]) -> dict[int, int | None]:
    """Row number → customer id: matched by member id, phone or WeChat id; the missing created in bulk."""
    found: dict[tuple[str, str], int] = {}
    for name in CUSTOMER_KEYS:
        values = {r[name] for r in rows if r[name]}
        if values:
            for pk, value in _lookup(Customer, name, values, "id", name):  # newest first: oldest wins
                found[(name, value)] = pk
    new: dict[tuple[str, str], list] = {}  # key -> [pk, name, phone, wechat_id, member_id]
    pending: dict[int, list] = {}
    result: dict[int, int | None] = {}
    for r in rows:
        keys = [(k, r[k]) for k in CUSTOMER_KEYS if r[k]]
        match = next((found[key] for key in keys if key in found), None)
        if match is None and keys:
            customer = next((new[key] for key in keys if key in new), None)
            if customer is None:
                customer = [None, r["customer_name"] or r["phone"] or r["member_id"] or r["wechat_id"],
                            r["phone"], r["wechat_id"], r["member_id"]]
            for key in keys:
                new.setdefault(key, customer)
            pending[r["row"]] = customer
        result[r["row"]] = match
    if pending:
        _create_customers(list({id(c): c for c in pending.values()}.values()))
        result.update((row, c[0]) for row, c in pending.items())
    return result


class BatchGuard:
    """Shared by the writers of one import: a lock and the message ids of batches in flight."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.in_flight: set[tuple[str, str]] = set()


def _drop_already_imported(rows: list[dict], report, in_flight: set[tuple[str, str]]) -> list[dict]:
    """Refuse rows whose channel message id is in the database or in a batch still being written;
    the kept ids join `in_flight`. Precondition: the guard's lock is held."""
    by_channel: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if r["channel_message_id"]:
            by_channel[r["channel"]].add(r["channel_message_id"])
    taken = set()
    for channel, ids in by_channel.items():
        taken |= {(channel, m) for m in Complaint.objects.filter(
            channel=channel, channel_message_id__in=ids).values_list("channel_message_id", flat=True)}
    kept, seen = [], set()
    for r in rows:
        key = (r["channel"], r["channel_message_id"])
        if r["channel_message_id"] and (key in taken or key in seen or key in in_flight):
            report.error(RowError(r["row"], "channel_message_id", "already imported"))
            continue
        seen.add(key)
        kept.append(r)
    in_flight.update(key for key in seen if key[1])
    return kept


def _defaults(model, now: dt.datetime, **required) -> dict[str, object]:
    """The model's default for every column, ready for COPY (defaults are Python-side in Django)."""
    template = model(**required)
    values = {}
    for field in model._meta.concrete_fields:
        value = getattr(template, field.attname)
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        if isinstance(value, (list, dict)):
            value = json.dumps(value)
        elif isinstance(value, dt.datetime):
            value = value.isoformat()  # formatted once, not once a row
        values[field.column] = value
    return values


def _copy(model, columns: tuple[str, ...] | list[str], rows) -> None:
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(model._meta.db_table)
        with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _new_ids(model, count: int) -> list[int]:
    """`count` ids from the table's own sequence, so rows written by COPY can be referred to."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       [model._meta.db_table, count])
        return [r[0] for r in cursor.fetchall()]


def _create_customers(customers: list[list]) -> None:
    """Insert [None, name, phone, wechat_id, member_id] rows and fill in their pk (first item):
    COPY on PostgreSQL (ORM bulk_create costs ~100 µs a row), else bulk_create."""
    if connection.vendor != "postgresql":
        objs = [Customer(name=n, phone=p, wechat_id=w, member_id=m) for _, n, p, w, m in customers]
        Customer.objects.bulk_create(objs, batch_size=500)
        for c, obj in zip(customers, objs, strict=True):
            c[0] = obj.pk
        return
    varying = ("id", "name", "phone", "wechat_id", "member_id")
    defaults = _defaults(Customer, timezone.now())
    columns = list(varying) + [c for c in defaults if c not in varying]
    rest = [defaults[c] for c in columns[len(varying):]]
    for c, pk in zip(customers, _new_ids(Customer, len(customers)), strict=True):
        c[0] = pk
    _copy(Customer, columns, ((*c, *rest) for c in customers))


def _lookup(model, column: str, values: set[str], *fields: str) -> list[tuple]:
    """Rows whose `column` is in `values`: one array parameter on PostgreSQL (a 5,000-item IN list
    costs more to build and parse than to run)."""
    if connection.vendor == "postgresql":
        quoted = ", ".join(connection.ops.quote_name(f) for f in fields)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(model._meta.db_table)} "
                           f"WHERE {connection.ops.quote_name(column)} = ANY(%s) ORDER BY id DESC", [list(values)])
            return cursor.fetchall()
    return list(model.objects.filter(**{f"{column}__in": values}).order_by("-id").values_list(*fields))


def write_batch(rows: list[dict], report, *, triage: Callable[[list[dict]], None] | None = None,
                guard: BatchGuard | None = None) -> int:
    """Write one validated batch; returns how many complaints were created."""
    guard = guard or BatchGuard()
    with guard.lock:
        kept = _drop_already_imported(rows, report, guard.in_flight)
        if not kept:
            return 0
        try:
            with transaction.atomic():
                _match(kept, report)
                days: dict[dt.date, int] = defaultdict(int)
                local = timezone.get_current_timezone()
                for r in kept:
                    r["day"] = r["received_at"].astimezone(local).date()
                    days[r["day"]] += 1
                next_no = reserve_numbers(dict(days))
        except BaseException:
            guard.in_flight.difference_update((r["channel"], r["channel_message_id"]) for r in kept)
            raise
    try:
        if triage is not None:
            triage(kept)
        prefix, now = settings.BIHUAN_NUMBER_PREFIX, timezone.now()
        day_prefix = {day: f"{prefix}-{day:%Y%m%d}-" for day in days}  # strftime once a day, not a row
        for r in kept:
            day = r["day"]
            number, next_no[day] = next_no[day], next_no[day] + 1
            r["number"] = f"{day_prefix[day]}{number:06d}"
        with transaction.atomic():
            if connection.vendor == "postgresql":
                _write_copy(kept, now)
            else:
                _write_orm(kept, now)
    finally:
        with guard.lock:  # written (now in the database) or failed: no longer in flight
            guard.in_flight.difference_update((r["channel"], r["channel_message_id"]) for r in kept)
    return len(kept)


def _match(kept: list[dict], report) -> None:
    """Orders by number and customers (matched or created) for each row."""
    order_nos = {r["order_no"] for r in kept if r["order_no"]}
    found = _lookup(Order, "order_no", order_nos, "order_no", "id", "customer_id") if order_nos else []
    orders = {no: pk for no, pk, _ in found}
    order_customers = {pk: customer for _, pk, customer in found}
    customers = _customers(kept)
    for r in kept:
        r["order_id"] = orders.get(r["order_no"])
        if r["order_no"] and r["order_id"] is None:
            report.warning(RowError(r["row"], "order_no", "order not in the order store; kept as a tag"))
            r["tags"] = [*r["tags"], f"order:{r['order_no']}"][:20]
        r["customer_id"] = customers[r["row"]] or order_customers.get(r["order_id"])


def _complaint_values(r: dict, now: dt.datetime) -> dict[str, object]:
    return {
        "number": r["number"], "customer_id": r["customer_id"], "order_id": r["order_id"],
        "channel": r["channel"], "channel_message_id": r["channel_message_id"], "title": r["title"],
        "description": r["description"], "occurred_at": r["occurred_at"], "received_at": r["received_at"],
        "demand": r["demand"], "category": r["category"], "subcategory": r.get("subcategory", ""),
        "priority": r["priority"], "priority_rank": PRIORITY_RANK[r["priority"]],
        "emotion": r.get("emotion", ""), "emotion_score": r.get("emotion_score"), "tags": r["tags"],
        "status": r["status"], "closed_at": r["closed_at"], "created_at": now, "updated_at": now,
    }


def _created_after(r: dict) -> dict:
    return {"status": r["status"], "channel": r["channel"], "imported": True}


def _write_copy(kept: list[dict], now: dt.datetime) -> None:
    defaults = _defaults(Complaint, now, number="", channel="phone", received_at=now)
    columns = list(VARYING) + [c for c in defaults if c not in VARYING]
    rest = [defaults[c] for c in columns[len(VARYING):]]
    ids = _new_ids(Complaint, len(kept))
    dumps = json.dumps
    # Text COPY takes times as text: psycopg's datetime dumper costs ~2 µs a value, isoformat
    # less, and `now` (created/updated) is formatted once; the event's JSON has few variants.
    stamp = now.isoformat()
    for r in kept:
        r["received_text"] = received = r["received_at"].isoformat()
        closed = r["closed_at"]
        r["closed_text"] = None if closed is None else received if closed == r["received_at"] else closed.isoformat()
    after_json: dict[tuple[str, str], str] = {}

    def created_after(r: dict) -> str:
        key = (r["status"], r["channel"])
        if key not in after_json:
            after_json[key] = dumps(_created_after(r))
        return after_json[key]

    def complaint_rows():  # in VARYING's order; the hot loop of a large import
        for pk, r in zip(ids, kept, strict=True):
            occurred = r["occurred_at"]
            yield (pk, r["number"], r["customer_id"], r["order_id"], r["channel"], r["channel_message_id"],
                   r["title"], r["description"], None if occurred is None else occurred.isoformat(),
                   r["received_text"], r["demand"],
                   r["category"], r.get("subcategory", ""), r["priority"], PRIORITY_RANK[r["priority"]],
                   r.get("emotion", ""), r.get("emotion_score"),
                   dumps(r["tags"], ensure_ascii=False) if r["tags"] else "[]", r["status"], r["closed_text"],
                   stamp, stamp, *rest)

    def event_rows():
        kind = str(EventKind.CREATED)
        for pk, r in zip(ids, kept, strict=True):
            yield (pk, kind, None, r["received_text"], "", None, created_after(r), "", "", True)

    _copy(Complaint, columns, complaint_rows())
    _copy(TimelineEvent, EVENT_COLUMNS, event_rows())


def _write_orm(kept: list[dict], now: dt.datetime) -> None:
    complaints = [Complaint(**_complaint_values(r, now)) for r in kept]
    Complaint.objects.bulk_create(complaints, batch_size=500)
    TimelineEvent.objects.bulk_create([
        TimelineEvent(complaint=c, kind=EventKind.CREATED, at=r["received_at"], internal=True,
                      after=_created_after(r))
        for c, r in zip(complaints, kept, strict=True)
    ], batch_size=500)
