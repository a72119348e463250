"""Agents accept what extraction found in the customer's text (demand, date of the incident)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bihuan.accounts.models import User
from bihuan.complaints import services as complaint_services
from bihuan.complaints.models import Complaint
from bihuan.core.errors import ValidationFailed

from ..models import IntakeRecord

# suggestion list -> complaint field it can fill
ACCEPTABLE = {"demands": "demand", "dates": "occurred_at"}


def _as_value(field: str, value: str):
    if field == "occurred_at":
        day = dt.date.fromisoformat(value)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    return value


@transaction.atomic
def suggestion_accept(*, complaint: Complaint, actor: User, kind: str, value: str) -> Complaint:
    """Apply one suggestion; only values extraction actually offered for this complaint are taken."""
    record = IntakeRecord.objects.filter(complaint=complaint).order_by("created_at", "id").first()
    offered = (record.suggestions or {}).get(kind, []) if record else []
    if kind not in ACCEPTABLE or value not in offered:
        raise ValidationFailed(_("That is not one of this complaint's suggestions."), code="not_suggested")
    field = ACCEPTABLE[kind]
    return complaint_services.complaint_update(
        complaint=complaint, actor=actor, changes={field: _as_value(field, value)},
        reason=_("Accepted an intake suggestion"),
    )
