"""Reads for intake: the record behind a complaint, repeat counts, the customer's progress view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db.models import Count, Min, Q
from django.utils.translation import gettext as _

from bihuan.accounts.models import User
from bihuan.complaints import lifecycle
from bihuan.complaints.choices import EventKind, LinkKind
from bihuan.complaints.models import Complaint, ComplaintLink, TimelineEvent
from bihuan.complaints.permissions import complaint_get_for_user
from bihuan.core.errors import NotFound

from .models import AcceptedDelivery, IntakeRecord, Outcome, RejectedDelivery

PROGRESS_SALT = "bihuan.intake.progress"
# Accepted deliveries older than this, still unsettled, mean the worker is not keeping up (or down).
STALLED_AFTER_SECONDS = 120


@dataclass(frozen=True)
class DeliveryBacklog:
    pending: int  # accepted, waiting for the worker
    failed: int  # gave up after the attempts limit: a person must look
    oldest_pending_at: datetime | None

    def oldest_pending_seconds(self, now: datetime) -> int:
        return max(0, int((now - self.oldest_pending_at).total_seconds())) if self.oldest_pending_at else 0

    def stalled(self, now: datetime) -> bool:
        return self.oldest_pending_seconds(now) > STALLED_AFTER_SECONDS


def delivery_backlog() -> DeliveryBacklog:
    """Webhook deliveries not yet turned into complaints: one query over the unsettled rows only
    (a partial index keeps it small however many deliveries were ever taken in)."""
    from .services.deliveries import MAX_ATTEMPTS

    row = AcceptedDelivery.objects.filter(settled_at__isnull=True).aggregate(
        pending=Count("id", filter=Q(attempts__lt=MAX_ATTEMPTS)),
        failed=Count("id", filter=Q(attempts__gte=MAX_ATTEMPTS)),
        oldest=Min("accepted_at", filter=Q(attempts__lt=MAX_ATTEMPTS)),
    )
    return DeliveryBacklog(pending=row["pending"], failed=row["failed"], oldest_pending_at=row["oldest"])


def intake_record_for_user(*, user: User, complaint_id: int) -> tuple[Complaint, IntakeRecord | None]:
    """The complaint (through the permission chokepoint) and how it came in."""
    complaint = complaint_get_for_user(user, complaint_id)
    record = (IntakeRecord.objects.filter(complaint=complaint).select_related("repeat_of")
              .order_by("created_at", "id").first())
    return complaint, record


@dataclass(frozen=True)
class RepeatStats:
    complaints: int
    repeats_linked: int
    reopened: int

    @property
    def repeat_rate(self) -> float:
        total = self.repeats_linked + self.reopened
        return total / self.complaints if self.complaints else 0.0


def repeat_stats(*, since: datetime, until: datetime, channel: str = "") -> RepeatStats:
    """二次进线 counts for a period: new complaints linked as repeats, and reopenings by a repeat."""
    complaints = Complaint.objects.filter(received_at__gte=since, received_at__lt=until)
    links = ComplaintLink.objects.filter(kind=LinkKind.REPEAT, source__received_at__gte=since,
                                         source__received_at__lt=until)
    reopened = IntakeRecord.objects.filter(outcome=Outcome.REOPENED, received_at__gte=since,
                                           received_at__lt=until)
    if channel:
        complaints = complaints.filter(channel=channel)
        links = links.filter(source__channel=channel)
        reopened = reopened.filter(channel=channel)
    return RepeatStats(complaints=complaints.count(), repeats_linked=links.count(),
                       reopened=reopened.count())


def repeat_counts_by_channel(*, since: datetime, until: datetime) -> dict[str, int]:
    rows = (ComplaintLink.objects.filter(kind=LinkKind.REPEAT, source__received_at__gte=since,
                                         source__received_at__lt=until)
            .values("source__channel").annotate(n=Count("id")))
    return {r["source__channel"]: r["n"] for r in rows}


def rejected_deliveries(*, channel: str = "", limit: int = 50) -> list[RejectedDelivery]:
    qs = RejectedDelivery.objects.all()
    if channel:
        qs = qs.filter(channel=channel)
    return list(qs.order_by("-created_at", "-id")[:limit])


# ------------------------------------------------------------------ customer progress
def progress_token(complaint: Complaint) -> str:
    return signing.dumps({"c": complaint.pk, "n": complaint.number}, salt=PROGRESS_SALT, compress=True)


def complaint_from_progress_token(token: str) -> Complaint:
    try:
        data = signing.loads(token, salt=PROGRESS_SALT)
        complaint = Complaint.objects.get(pk=int(data["c"]), number=data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError, Complaint.DoesNotExist):
        raise NotFound() from None
    return complaint


@dataclass(frozen=True)
class ProgressStep:
    status: str
    label: str
    state: str  # done / current / todo


def progress_steps(complaint: Complaint) -> list[ProgressStep]:
    from bihuan.complaints.choices import Status

    main = [s for s in lifecycle.MAIN_STEPS]
    current = complaint.status
    # Side states (escalated, waiting, reopened) show where the work stands on the main path.
    position = {lifecycle.ESCALATED: lifecycle.VERIFYING, lifecycle.WAITING_ON_CUSTOMER: lifecycle.VERIFYING,
                lifecycle.REOPENED: lifecycle.ASSESSED}.get(current, current)
    index = main.index(position) if position in main else 0
    steps = []
    for i, status in enumerate(main):
        state = "done" if i < index or current == lifecycle.CLOSED else "current" if i == index else "todo"
        steps.append(ProgressStep(status=status, label=str(Status(status).label), state=state))
    return steps


@dataclass(frozen=True)
class ProgressEvent:
    at: datetime
    text: str


def customer_visible_events(complaint: Complaint) -> list[ProgressEvent]:
    """Status changes (without the internal reason) and comments meant for the customer.

    Internal notes, system events and assignment details are never shown.
    """
    from bihuan.complaints.choices import Status

    out = []
    for e in (TimelineEvent.objects.filter(complaint=complaint, internal=False)
              .filter(Q(kind=EventKind.TRANSITION) | Q(kind=EventKind.COMMENT)).order_by("at", "id")):
        if e.kind == EventKind.TRANSITION:
            label = str(Status(e.after).label) if e.after in Status.values else str(e.after)
            out.append(ProgressEvent(at=e.at, text=_("Status: %s") % label))
        else:
            out.append(ProgressEvent(at=e.at, text=e.body))
    return out
