"""Lifecycle moves and (re)assignment: every one a timeline event."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bihuan.accounts.models import Role, User
from bihuan.core.errors import Conflict, ValidationFailed
from bihuan.followup import services as followup
from bihuan.routing import services as routing

from .. import lifecycle
from ..choices import (
    EventKind,
    Status,
)
from ..models import Complaint
from ..permissions import ensure_can_edit
from .base import _event, _locked


@transaction.atomic
def complaint_transition(*, complaint: Complaint, actor: User | None, to: str, reason: str = "") -> Complaint:
    """Move the complaint; actor=None is a system move (e.g. intake reopening on the customer's
    behalf): no permission check, nobody takes ownership, the timeline shows "System"."""
    if actor is not None:
        ensure_can_edit(actor, complaint)
    current = _locked(complaint)
    try:
        lifecycle.check_transition(current.status, to, reason)
    except lifecycle.TransitionError as error:
        raise _transition_conflict(error) from None
    before = current.status
    current.status = to
    fields = ["status", "updated_at"]
    if to == Status.CLOSED:
        current.closed_at = timezone.now()
        fields.append("closed_at")
    elif to == Status.REOPENED:
        current.reopen_count += 1
        current.closed_at = None
        fields += ["reopen_count", "closed_at"]
    if current.owner_id is None and to not in (Status.CLOSED,) and actor is not None:
        # "到我为止": whoever moves an unowned complaint forward owns it.
        if actor.role not in (Role.ANALYST, Role.QUALITY_INSPECTOR):
            _assign(current, actor=actor, owner=actor, reason=_("Took ownership while moving it on"))
            fields += ["owner", "team"]
    current.save(update_fields=fields)
    _event(current, kind=EventKind.TRANSITION, actor=actor, field="status", before=before,
           after=to, reason=reason)
    routing.sla_on_transition(complaint=current, before=before, to=to)
    followup.on_complaint_transition(complaint=current, before=before, to=to)  # 回访 task; survey on close
    return current


_TRANSITION_MESSAGES = {
    "unknown_status": _("“%(to)s” is not a status."),
    "same_status": _("The complaint is already %(to)s."),
    "transition_not_allowed": _("A complaint cannot move from %(from)s to %(to)s."),
    "reason_required": _("Moving from %(from)s to %(to)s needs a reason."),
}


def _status_label(value: str) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return value


def _transition_conflict(error: lifecycle.TransitionError) -> Conflict:
    message = _TRANSITION_MESSAGES[error.code] % {
        "from": _status_label(error.from_status), "to": _status_label(error.to_status)
    }
    conflict_cls = ValidationFailed if error.code in ("unknown_status", "reason_required") else Conflict
    return conflict_cls(message, code=error.code, allowed=sorted(lifecycle.allowed_targets(error.from_status)))


def _assign(current: Complaint, *, actor: User, owner: User | None, reason: str) -> None:
    before = {"owner": current.owner_id, "team": current.team_id}
    current.owner = owner
    if owner is not None and owner.team_id:
        current.team_id = owner.team_id
    _event(current, kind=EventKind.ASSIGNMENT, actor=actor, field="owner", before=before,
           after={"owner": current.owner_id, "team": current.team_id,
                  "owner_name": str(owner) if owner else ""},
           reason=str(reason))


@transaction.atomic
def complaint_assign(
    *, complaint: Complaint, actor: User, owner: User, reason: str = ""
) -> Complaint:
    """Give the complaint to `owner` (take it if owner is the actor)."""
    ensure_can_edit(actor, complaint)
    if not owner.is_active or owner.role in (Role.ANALYST, Role.QUALITY_INSPECTOR):
        raise ValidationFailed(_("%s cannot own complaints.") % owner, code="invalid_owner")
    if owner != actor and actor.role in (Role.AGENT,) and not reason.strip():
        raise ValidationFailed(_("Handing a complaint to someone else needs a reason."),
                               code="reason_required")
    current = _locked(complaint)
    if current.owner_id == owner.pk:
        return current
    _assign(current, actor=actor, owner=owner, reason=reason)
    current.save(update_fields=["owner", "team", "updated_at"])
    return current
