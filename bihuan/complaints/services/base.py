"""Shared pieces of the complaint services: validation, the timeline event row, locking."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bihuan.accounts.models import User
from bihuan.core.errors import NotFound, ValidationFailed

from ..models import Complaint, TimelineEvent

MAX_TEXT = 20_000


def _event(
    complaint: Complaint, *, kind: str, actor: User | None, at: datetime | None = None, **fields: Any
) -> TimelineEvent:
    return TimelineEvent.objects.create(
        complaint=complaint, kind=kind, actor=actor, at=at or timezone.now(), **fields
    )


def _check_choice(field_name: str, value: str, choices: type, *, allow_blank: bool = True) -> None:
    if value == "" and allow_blank:
        return
    if value not in choices.values:
        raise ValidationFailed(
            _("“%(value)s” is not a valid %(field)s.") % {"value": value, "field": field_name},
            code="invalid_choice", field=field_name,
        )


def _check_text(field_name: str, value: str, *, required: bool = False, limit: int = MAX_TEXT):
    if required and not value.strip():
        raise ValidationFailed(_("This field is required: %s") % field_name,
                               code="required", field=field_name)
    if len(value) > limit:
        raise ValidationFailed(_("%(field)s is too long (at most %(limit)d characters).")
                               % {"field": field_name, "limit": limit},
                               code="too_long", field=field_name)


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _as_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def user_by_id(user_id: int | None) -> User:
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        raise NotFound(_("No such user."), code="user_not_found")
    return user

