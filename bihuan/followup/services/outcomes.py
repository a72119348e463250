"""Customer outcomes after a complaint: repurchase (from the order connector), withdrawn review, repeat."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bihuan.accounts.models import User
from bihuan.complaints import lifecycle
from bihuan.complaints.models import Complaint
from bihuan.complaints.permissions import ensure_can_edit
from bihuan.customers.connectors import get_order_connector

from ..models import CustomerOutcome
from .common import record

WINDOWS = {"repurchase_72h": dt.timedelta(hours=72), "repurchase_30d": dt.timedelta(days=30)}


def outcome_refresh(*, complaint: Complaint, now: dt.datetime | None = None) -> CustomerOutcome:
    """Fill what can be known now. Windows count from closing; a window still open stays None
    unless an order already falls in it."""
    now = now or timezone.now()
    outcome, _created = CustomerOutcome.objects.get_or_create(complaint=complaint)
    start = complaint.closed_at
    if complaint.customer_id and start is not None:
        placed = [o.placed_at for o in get_order_connector().orders_for_customer(complaint.customer, limit=50)]
        for name, window in WINDOWS.items():
            bought = any(start < t <= start + window for t in placed)
            setattr(outcome, name, True if bought else (False if now >= start + window else None))
        outcome.complained_again = Complaint.objects.filter(
            customer_id=complaint.customer_id, received_at__gt=start).exclude(pk=complaint.pk).exists() \
            or complaint.reopen_count > 0
    outcome.checked_at = now
    outcome.save(update_fields=["repurchase_72h", "repurchase_30d", "complained_again", "checked_at"])
    return outcome


def outcomes_refresh_due(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Closed complaints whose outcome is unknown or still open (oldest check first)."""
    now = now or timezone.now()
    stale = now - dt.timedelta(hours=6)
    qs = (Complaint.objects.filter(status=lifecycle.CLOSED, closed_at__isnull=False, customer__isnull=False,
                                   closed_at__gte=now - dt.timedelta(days=31))
          .exclude(outcome__repurchase_30d__isnull=False)
          .exclude(outcome__checked_at__gt=stale)
          .select_related("customer").order_by("closed_at")[:limit])
    count = 0
    for complaint in qs:
        outcome_refresh(complaint=complaint, now=now)
        count += 1
    return count


@transaction.atomic
def review_withdrawn_mark(*, complaint: Complaint, actor: User, withdrawn: bool = True) -> CustomerOutcome:
    """Manual flag: the customer took down a bad review."""
    ensure_can_edit(actor, complaint)
    outcome, _created = CustomerOutcome.objects.select_for_update().get_or_create(complaint=complaint)
    if outcome.review_withdrawn != withdrawn:
        outcome.review_withdrawn = withdrawn
        outcome.save(update_fields=["review_withdrawn"])
        record(complaint, actor, field="followup.review_withdrawn",
               body=_("Marked: the customer withdrew the bad review.") if withdrawn
               else _("Unmarked: bad review withdrawn."), after={"review_withdrawn": withdrawn})
    return outcome
