"""A draft from any channel becomes exactly one complaint (or reopens an earlier one).

Idempotency: a delivery whose (channel, key) already has an `IntakeRecord`
returns that record's complaint. Of two concurrent deliveries of the same
message, the second waits on the complaint's unique (channel,
channel_message_id) index (or, when reopening, on the earlier complaint's row
lock), fails when the first commits, and returns the winner's complaint; the
record's own unique (channel, key) is the last guard.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from bihuan.complaints import services as complaint_services
from bihuan.complaints.choices import EventKind, LinkKind, Status
from bihuan.complaints.models import Complaint
from bihuan.core.errors import Conflict
from bihuan.core.periods import clean_moment
from bihuan.customers.models import Customer, Order
from bihuan.intake.adapters import Draft
from bihuan.intake.extraction import Extraction, extract

from ..models import AckKind, IntakeRecord, Outcome
from . import config
from .acknowledgement import apply_acknowledgement, plan_acknowledgement
from .repeat import find_earlier

# A channel clock running a little ahead is normal; far-future times are not believed.
FUTURE_SLACK = timedelta(minutes=5)


@dataclass(frozen=True)
class IntakeResult:
    complaint: Complaint
    record: IntakeRecord | None
    created: bool  # False: a repeated delivery of a message already taken in

    @property
    def outcome(self) -> str:
        return self.record.outcome if self.record else Outcome.CREATED


def _already_taken(channel: str, key: str, *, outside_intake: bool = False) -> IntakeResult | None:
    # Most deliveries are new: ask for the id only (a cheap query), load the rows on a hit.
    pk = IntakeRecord.objects.filter(channel=channel, key=key).values_list("pk", flat=True).first()
    if pk is not None:
        IntakeRecord.objects.filter(pk=pk).update(deliveries=F("deliveries") + 1)
        record = IntakeRecord.objects.select_related("complaint").get(pk=pk)
        return IntakeResult(complaint=record.complaint, record=record, created=False)
    if outside_intake:  # recorded by an agent or an import with this channel message id
        complaint = Complaint.objects.filter(channel=channel, channel_message_id=key).first()
        if complaint is not None:
            return IntakeResult(complaint=complaint, record=None, created=False)
    return None


def intake_draft(*, draft: Draft, key: str = "", now: datetime | None = None,
                 number: str = "", extracted: dict | None = None) -> IntakeResult:
    """Take in one message; repeated deliveries of the same (channel, key) return the first result.

    Reads (extraction, order, customer, earlier complaint) run before the
    transaction and the complaint number is allocated in its own statement, so
    the writing transaction is short and does not queue behind other deliveries
    on the day's number row. A delivery that loses a race to a duplicate rolls
    back (its number becomes a gap) and returns the winner's complaint. `number`: one
    reserved earlier (webhook acceptance); unused when the message reopens a complaint.
    `extracted`: `draft_extraction(...).as_dict()` already run on this draft (acceptance did).
    """
    key = (key or draft.message_id or f"uuid:{uuid.uuid4()}")[:128]
    found = _already_taken(draft.channel, key)
    if found is not None:
        return found
    plan = _plan(draft, now or timezone.now(), number, extracted)
    try:
        with transaction.atomic():
            return _take_in(draft, key, plan)
    except (IntegrityError, Conflict):
        found = _already_taken(draft.channel, key, outside_intake=True)
        if found is None:
            raise
        return found


@dataclass
class _Plan:
    received: datetime
    suggestions: dict
    order: Order | None
    customer: Customer | None
    new_customer: complaint_services.CustomerData | None
    earlier: Complaint | None
    reopen: bool
    number: str


def draft_received_at(draft: Draft, now: datetime) -> datetime:
    """When the message counts as received: the channel's time, but never in the future.

    A channel's own times are client input: out-of-range years are a clear 422, offsets → UTC.
    """
    return min(clean_moment("received_at", draft.received_at) or now, now + FUTURE_SLACK)


def draft_check(draft: Draft) -> None:
    """The complaint checks a draft must pass (no database); raises ValidationFailed."""
    complaint_services.complaint_check_input(
        channel=draft.channel, description=draft.description, title=draft.title,
        demand=draft.demand, occurred_at=draft.occurred_at, received_at=draft.received_at)


def _plan(draft: Draft, now: datetime, number: str = "", extracted: dict | None = None) -> _Plan:
    """Everything decided from reads (no locks): extraction, matches, repeat rule, the number."""
    received = draft_received_at(draft, now)
    suggestions, order = _apply_extraction(draft, extracted or draft_extraction(draft, received).as_dict())
    data = complaint_services.CustomerData(
        name=draft.customer_name, phone=draft.customer_phone, wechat_id=draft.customer_wechat_id,
        member_id=draft.customer_member_id,
    )
    customer = complaint_services.customer_find(data=data)
    new_customer = data if customer is None and any([data.name, data.phone, data.wechat_id, data.member_id]) else None
    if customer is None and new_customer is None and order is not None:
        customer = order.customer
    earlier = find_earlier(customer=customer, order=order, at=received)
    reopen = (earlier is not None and earlier.status == Status.CLOSED
              and config.repeat_on_closed() == config.REPEAT_REOPEN)
    number = "" if reopen else (number or complaint_services.next_number(at=received))
    return _Plan(received=received, suggestions=suggestions, order=order, customer=customer,
                 new_customer=new_customer, earlier=earlier, reopen=reopen, number=number)


def draft_extraction(draft: Draft, received: datetime) -> Extraction:
    """What the message's text says: order numbers, phones, amounts, dates, products, demand."""
    return extract(f"{draft.title}\n{draft.description}", today=timezone.localdate(received),
                   catalogue=config.product_catalogue(), order_patterns=config.order_patterns())


def _apply_extraction(draft: Draft, found: dict) -> tuple[dict, Order | None]:
    """Prefill order, demand and phone from what extraction found (`Extraction.as_dict()`)."""
    candidates = [n for n in [draft.order_no, *found["order_numbers"]] if n]
    orders = {o.order_no: o for o in Order.objects.filter(order_no__in=candidates)} if candidates else {}
    order = next((orders[n] for n in candidates if n in orders), None)
    applied = {}
    if order is not None and order.order_no != draft.order_no:
        applied["order_no"] = order.order_no
    if draft.order_no and draft.order_no not in orders:
        applied["unmatched_order_no"] = draft.order_no  # kept, never a reason to refuse
    if not draft.demand and found["demands"]:
        draft.demand = applied["demand"] = found["demands"][0]
    if not draft.customer_phone and found["phones"]:
        draft.customer_phone = applied["customer_phone"] = found["phones"][0]
    return {**found, "applied": applied}, order


def _take_in(draft: Draft, key: str, plan: _Plan) -> IntakeResult:
    received, earlier = plan.received, plan.earlier
    if plan.reopen:
        complaint = _reopen(earlier, draft)
        outcome = Outcome.REOPENED
    else:
        customer = plan.customer
        if plan.new_customer is not None:
            customer = complaint_services.customer_create(data=plan.new_customer)
        order = plan.order
        complaint = complaint_services.complaint_create(
            actor=None, channel=draft.channel, description=draft.description, title=draft.title,
            customer=customer, order_no=order.order_no if order else "", order=order,
            demand=draft.demand, tags=list(dict.fromkeys(draft.tags))[:20],
            occurred_at=clean_moment("occurred_at", draft.occurred_at), received_at=received, channel_message_id=key,
            number=plan.number,
        )
        outcome = Outcome.CREATED
        if earlier is not None:
            complaint_services.complaint_link(complaint=complaint, other=earlier, actor=None,
                                              kind=LinkKind.REPEAT)
            outcome = Outcome.REPEAT
    ack = plan_acknowledgement(received_at=received, number=complaint.number, language=draft.language,
                               sla_due=complaint.next_action_due_at)
    apply_acknowledgement(complaint=complaint, ack=ack, at=received, reply_to=draft.details.get("reply_to"))
    # Inserted last: its unique (channel, key) still refuses a racing duplicate, and
    # the row is written once, complete.
    record = IntakeRecord.objects.create(
        channel=draft.channel, key=key, received_at=received, details=draft.details,
        language=draft.language, complaint=complaint, outcome=outcome, repeat_of=earlier,
        suggestions=plan.suggestions, ack_kind=ack.kind, ack_text=ack.text,
        first_response_due_at=ack.due_at if ack.kind == AckKind.IN_HOURS else None,
        follow_up_due_at=ack.due_at if ack.kind == AckKind.AUTO_REPLY else None,
    )
    return IntakeResult(complaint=complaint, record=record, created=True)


def _reopen(earlier: Complaint, draft: Draft) -> Complaint:
    """A system move (nobody takes ownership); the customer's words go on the timeline as theirs,
    not as a reply from us, so no SLA clock counts them as a response."""
    reason = _("The customer came back about this closed complaint through %(channel)s.") % {
        "channel": draft.channel}
    complaint = complaint_services.complaint_transition(complaint=earlier, actor=None,
                                                        to=Status.REOPENED, reason=reason)
    complaint_services.timeline_record(complaint=complaint, actor=None, kind=EventKind.COMMENT,
                                       body=draft.description, internal=False)
    return complaint
