"""Build `ComplaintFact` rows for a batch of complaints (a handful of set-based queries per batch).

Definitions (shown in the UI, see analytics/kpis.py):
- first response: the first customer-visible staff action — a public comment or a
  status change out of "received" — minus the received time.
- resolution: the first move to "closed" minus the received time.
- escalated: the timeline has a move to "escalated"; reopened: a move to "reopened".
- transfer: an assignment that takes the complaint from one owner to another.
- repeat (二次进线): a ComplaintLink of kind "repeat" points from this complaint to an earlier one.
- FCR: closed, never reopened, escalated or transferred, and no later repeat complaint.
- repurchase: the customer placed another order within 72 h / 30 d after the complaint
  was received; unknown (None) until that window has passed.
- handling time (AHT): intake keeps no call records (no call start/end), so AHT comes
  from the timeline: staff actions (comments, notes, status changes, assignments with
  an actor) at most SESSION_GAP apart form one handling session; a session of two or
  more actions lasts from its first to its last action. AHT = session time / sessions.
- surveys, remedies: see services/outcomes.py.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import JSONField
from django.utils import timezone

from bihuan.complaints import lifecycle
from bihuan.complaints.choices import EventKind, LinkKind
from bihuan.complaints.models import Complaint, ComplaintLink, TimelineEvent
from bihuan.customers.models import Order, OrderItem

from ..models import ComplaintFact
from .outcomes import remedy_measures, survey_measures

_EVENT_KINDS = (EventKind.TRANSITION, EventKind.ASSIGNMENT, EventKind.COMMENT, EventKind.INTERNAL_NOTE)
SESSION_GAP = dt.timedelta(minutes=10)


@dataclass
class TimelineMeasures:
    first_response_seconds: int | None = None
    resolution_seconds: int | None = None
    escalated: bool = False
    reopened: bool = False
    transfers: int = 0
    stage_seconds: dict[str, int] = field(default_factory=dict)
    handle_seconds: int = 0
    handle_sessions: int = 0


def _close_session(out: TimelineMeasures, session: list[dt.datetime]) -> None:
    if len(session) >= 2:
        out.handle_seconds += max(0, int((session[-1] - session[0]).total_seconds()))
        out.handle_sessions += 1


def timeline_measures(received_at: dt.datetime, events: Iterable[tuple]) -> TimelineMeasures:
    """Pure: `events` are (kind, at, before, after, internal[, by_staff]) in timeline order."""
    out = TimelineMeasures()
    status, since = lifecycle.RECEIVED, received_at
    first_response = None
    session: list[dt.datetime] = []
    for kind, at, before, after, internal, *rest in events:
        if rest and rest[0]:
            if session and at - session[-1] > SESSION_GAP:
                _close_session(out, session)
                session = []
            session.append(at)
        # The first reply a person on staff wrote; an automatic acknowledgement has no actor.
        if kind == EventKind.COMMENT and not internal and first_response is None and (not rest or rest[0]):
            first_response = at
        elif kind == EventKind.ASSIGNMENT:
            old = (before or {}).get("owner") if isinstance(before, dict) else None
            new = (after or {}).get("owner") if isinstance(after, dict) else None
            if old and new and old != new:
                out.transfers += 1
        elif kind == EventKind.TRANSITION and isinstance(after, str):
            if first_response is None and after != lifecycle.RECEIVED:
                first_response = at
            spent = max(0, int((at - since).total_seconds()))
            out.stage_seconds[status] = out.stage_seconds.get(status, 0) + spent
            status, since = after, at
            if after == lifecycle.CLOSED and out.resolution_seconds is None:
                out.resolution_seconds = max(0, int((at - received_at).total_seconds()))
            elif after == lifecycle.ESCALATED:
                out.escalated = True
            elif after == lifecycle.REOPENED:
                out.reopened = True
    _close_session(out, session)
    if first_response is not None:
        out.first_response_seconds = max(0, int((first_response - received_at).total_seconds()))
    return out


def _sla_counts(ids: list[int]) -> dict[int, tuple[int, int]]:
    """(finished, met) SLA clocks per complaint when the routing app's clocks exist."""
    if not apps.is_installed("bihuan.routing"):
        return {}
    try:
        clock_model = apps.get_model("routing", "SlaClock")
    except LookupError:
        return {}
    out: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rows = clock_model.objects.filter(complaint_id__any_of=ids, status__in=("fulfilled", "breached"))
    for cid, status, breached_at in rows.values_list("complaint_id", "status", "breached_at"):
        out[cid][0] += 1
        if status == "fulfilled" and breached_at is None:
            out[cid][1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def _events(ids: list[int]) -> dict[int, list[tuple]]:
    """(kind, at, before, after, internal, by_staff) per complaint, in timeline order.

    On PostgreSQL a plain cursor with an array parameter: a 50k-complaint day has ~275k
    events, and the ORM's per-value converters (aware datetimes, JSON) were most of the
    refresh time. Only the JSON the measures read (assignments, transitions) is decoded.
    """
    events: dict[int, list[tuple]] = defaultdict(list)
    if connection.vendor != "postgresql":
        for cid, *rest in (TimelineEvent.objects.filter(complaint_id__in=ids, kind__in=_EVENT_KINDS)
                           .order_by("complaint_id", "at", "id")
                           .values_list("complaint_id", "kind", "at", "before", "after", "internal",
                                        "actor_id")):
            events[cid].append((*rest[:5], rest[5] is not None))
        return events
    table = TimelineEvent._meta.db_table
    decode = {EventKind.ASSIGNMENT, EventKind.TRANSITION}
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT complaint_id, kind, EXTRACT(EPOCH FROM at)::float8, before::text, after::text, internal, "
            f"actor_id IS NOT NULL "
            f"FROM {table} WHERE complaint_id = ANY(%s) AND kind = ANY(%s) ORDER BY complaint_id, at, id",
            [list(ids), list(_EVENT_KINDS)])
        for cid, kind, at, before, after, internal, staff in cursor.fetchall():
            if kind in decode:
                before, after = _json(before), _json(after)
            events[cid].append((kind, epoch + dt.timedelta(seconds=at), before, after, internal, staff))
    return events


def _json(raw: str | None):
    # Transition values are plain status codes ("closed"): no escapes, no need for the parser.
    if raw is None:
        return None
    if raw.startswith('"') and "\\" not in raw:
        return raw[1:-1]
    return json.loads(raw)


def _repurchases(rows: list[dict], now: dt.datetime) -> dict[int, tuple[bool | None, bool | None]]:
    customers = {r["customer_id"] for r in rows if r["customer_id"]}
    if not customers:
        return {}
    start = min(r["received_at"] for r in rows)
    placed: dict[int, list[dt.datetime]] = defaultdict(list)
    orders = Order.objects.filter(customer_id__in=customers, placed_at__gt=start)
    for cid, at in orders.values_list("customer_id", "placed_at"):
        placed[cid].append(at)
    out = {}
    for r in rows:
        if not r["customer_id"]:
            continue
        got = placed.get(r["customer_id"], ())
        answers = []
        for window in (dt.timedelta(hours=72), dt.timedelta(days=30)):
            end = r["received_at"] + window
            answers.append(None if end > now else any(r["received_at"] < at <= end for at in got))
        out[r["id"]] = (answers[0], answers[1])
    return out


_NO_SURVEY = {"survey_sent": False, "survey_answered": False, "csat": None, "nps": None}
_NO_REMEDY = {"remedy_type": "", "compensation_fen": 0, "refund_agreed": False, "refund_done": False}


def compute_facts(ids: list[int], *, now: dt.datetime | None = None) -> list[ComplaintFact]:
    """Fact rows for the given complaints (missing ids are simply absent)."""
    return [ComplaintFact(**row) for row in fact_rows(ids, now=now)]


def fact_rows(ids: list[int], *, now: dt.datetime | None = None) -> list[dict]:
    """The facts as dicts of field attnames (no model instances: 50k of them cost seconds)."""
    now = now or timezone.now()
    zone = ZoneInfo(settings.TIME_ZONE)
    rows = list(Complaint.objects.filter(pk__any_of=ids).values(
        "id", "received_at", "category", "subcategory", "channel", "priority", "status",
        "department_id", "owner_id", "customer_id", "order_id",
        "customer__province", "customer__member_level",
    ))
    if not rows:
        return []
    present = [r["id"] for r in rows]
    items: dict[int, tuple[str, str]] = {}
    order_ids = {r["order_id"] for r in rows if r["order_id"]}
    for oid, product, batch in (OrderItem.objects.filter(order_id__in=order_ids).order_by("id")
                                .values_list("order_id", "product_name", "batch")):
        items.setdefault(oid, (product, batch))
    events = _events(present)
    repeat_src, repeat_dst = set(), set()
    links = ComplaintLink.objects.filter(kind=LinkKind.REPEAT)
    repeat_src.update(links.filter(source_id__any_of=present).values_list("source_id", flat=True))
    repeat_dst.update(links.filter(target_id__any_of=present).values_list("target_id", flat=True))
    sla = _sla_counts(present)
    rebuy = _repurchases(rows, now)
    surveys, remedies = survey_measures(present), remedy_measures(present)

    facts = []
    for r in rows:
        cid = r["id"]
        m = timeline_measures(r["received_at"], events.get(cid, ()))
        local = r["received_at"].astimezone(zone)
        closed = r["status"] == lifecycle.CLOSED
        product, batch = items.get(r["order_id"], ("", ""))
        done, met = sla.get(cid, (0, 0))
        rp72, rp30 = rebuy.get(cid, (None, None))
        facts.append(dict(
            complaint_id=cid, received_at=r["received_at"], day=local.date(), hour=local.hour,
            weekday=local.weekday(), category=r["category"], subcategory=r["subcategory"],
            channel=r["channel"], priority=r["priority"], status=r["status"],
            department_id=r["department_id"], owner_id=r["owner_id"], customer_id=r["customer_id"],
            province=r["customer__province"] or "",
            member_level=-1 if r["customer__member_level"] is None else r["customer__member_level"],
            product=product, batch=batch,
            first_response_seconds=m.first_response_seconds, resolution_seconds=m.resolution_seconds,
            closed=closed, reopened=m.reopened, repeat=cid in repeat_src, repeated_later=cid in repeat_dst,
            escalated=m.escalated, transfers=min(m.transfers, 32767),
            fcr=closed and not (m.reopened or m.escalated or m.transfers or cid in repeat_dst),
            sla_done=done, sla_met=met, repurchase_72h=rp72, repurchase_30d=rp30,
            stage_seconds=m.stage_seconds, handle_seconds=min(m.handle_seconds, 2**31 - 1),
            handle_sessions=min(m.handle_sessions, 32767), computed_at=now,
            **(surveys.get(cid) or _NO_SURVEY), **(remedies.get(cid) or _NO_REMEDY),
        ))
    return facts


def _insert_facts(facts: list[dict]) -> None:
    """bulk_create, or COPY on PostgreSQL: ~10× faster for the 50k-complaint days of a big shop."""
    if connection.vendor != "postgresql" or not facts:
        ComplaintFact.objects.bulk_create([ComplaintFact(**f) for f in facts], batch_size=2000)
        return
    fields = ComplaintFact._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    json_fields = {f.attname for f in fields if isinstance(f, JSONField)}
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {ComplaintFact._meta.db_table} ({columns}) FROM STDIN") as copy:
            for fact in facts:
                copy.write_row([json.dumps(fact[f.attname]) if f.attname in json_fields else fact[f.attname]
                                for f in fields])


@transaction.atomic
def facts_store(ids: list[int], *, now: dt.datetime | None = None) -> set[dt.date]:
    """Recompute and replace the facts of `ids`; returns every day whose rollups are now stale."""
    days = set(ComplaintFact.objects.filter(complaint_id__any_of=ids).values_list("day", flat=True).distinct())
    facts = fact_rows(ids, now=now)
    ComplaintFact.objects.filter(complaint_id__any_of=ids).delete()
    _insert_facts(facts)
    days.update(f["day"] for f in facts)
    return days
