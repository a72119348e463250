"""Acknowledgement and first due times at intake.

One rule for the next-action deadline: the SLA engine owns
`Complaint.next_action_due_at` (the earliest due time of the live clocks,
started by `complaint_create`), and the acknowledgement agrees with it:
inside service hours the first response is due when the SLA first-response
clock says; outside them the customer gets an automatic acknowledgement (in
their language) that promises handling from the next opening and contact by
that same SLA due time. Only when no SLA policy applies (no clock, so no due
time) do the intake targets stand in — 15 service minutes in hours, one hour
after opening outside — and are written as the next-action deadline.
The text goes on the timeline (customer-visible), the intake record, and to the customer
through the outbox on the channel they used (bihuan/notifications/customers.py: email thread,
channel reply gateway, else SMS), in the same transaction as the complaint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation

from bihuan.complaints.choices import EventKind
from bihuan.complaints.models import Complaint, TimelineEvent
from bihuan.notifications.customers import customer_message
from bihuan.notifications.services import notifications_enqueue
from bihuan.routing.clock import add_business_time, is_open, next_open

from ..models import AckKind
from . import config


@dataclass(frozen=True)
class Acknowledgement:
    kind: str
    due_at: datetime
    opens_at: datetime | None = None
    text: str = ""
    from_sla: bool = True  # False: no SLA clock, the intake fallback target set due_at


def plan_acknowledgement(*, received_at: datetime, number: str, language: str,
                         sla_due: datetime | None = None) -> Acknowledgement:
    calendar = config.service_calendar()
    if is_open(calendar, received_at):
        due = sla_due or add_business_time(calendar, received_at, config.first_response_target())
        return Acknowledgement(kind=AckKind.IN_HOURS, due_at=due, from_sla=sla_due is not None)
    opens = next_open(calendar, received_at)
    due = sla_due or opens + config.follow_up_after_opening()
    with translation.override(language):
        text = render_to_string("intake/acknowledgement.txt", {
            "number": number, "opens_at": timezone.localtime(opens), "due_at": timezone.localtime(due),
        }).strip()
    return Acknowledgement(kind=AckKind.AUTO_REPLY, due_at=due, opens_at=opens, text=text,
                           from_sla=sla_due is not None)


def apply_acknowledgement(*, complaint: Complaint, ack: Acknowledgement, at: datetime,
                          reply_to: dict | None = None) -> None:
    """Put the auto-reply on the timeline; set the deadline only when no SLA clock owns it.

    Precondition: runs inside the intake transaction that created or reopened `complaint`.
    """
    events = []
    if not ack.from_sla:
        before = complaint.next_action_due_at
        Complaint.objects.filter(pk=complaint.pk).update(next_action_due_at=ack.due_at)
        complaint.next_action_due_at = ack.due_at
        events.append(TimelineEvent(
            complaint=complaint, kind=EventKind.FIELD_CHANGED, at=at, field="next_action_due_at",
            before=before.isoformat() if before else None, after=ack.due_at.isoformat(),
            reason="first_response" if ack.kind == AckKind.IN_HOURS else "follow_up_after_opening",
            internal=True,
        ))
    if ack.text:
        events.append(TimelineEvent(complaint=complaint, kind=EventKind.COMMENT, at=at, body=ack.text,
                                    internal=False))
    if events:
        TimelineEvent.objects.bulk_create(events)
    if ack.text:
        message = customer_message(complaint, key=f"intake-ack:{complaint.pk}", body=ack.text,
                                   subject=complaint.number, reply_to=reply_to or {})
        if message is not None:
            notifications_enqueue(messages=[message])
