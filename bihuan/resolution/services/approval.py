"""Approval workflow: approve, reject or counter, with a reason; never one's own request."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bihuan.accounts.models import User
from bihuan.complaints.permissions import complaint_get_for_user
from bihuan.core.errors import Conflict, PermissionDenied, ValidationFailed

from ..choices import ApprovalStatus, RemedyStatus
from ..models import ApprovalRequest, Remedy
from ..policy import authority, legal
from ..policy import tiers as t
from .common import authority_limits, points_per_cny, record
from .remedies import FLOOR_MESSAGES, line_error

APPROVE = "approve"
REJECT = "reject"
COUNTER = "counter"
DECISIONS = (APPROVE, REJECT, COUNTER)


@transaction.atomic
def approval_decide(*, request: ApprovalRequest, actor: User, decision: str, reason: str = "",
                    counter_lines: list[dict] | None = None) -> ApprovalRequest:
    """Decide a pending request.

    - approve: the offer stands as proposed;
    - reject: the offer is dead (a reason is required);
    - counter: the approver replaces the lines with their own offer (a reason is
      required; the counter must respect the legal floor and the approver's limit).
    """
    if decision not in DECISIONS:
        raise ValidationFailed(_("Decide approve, reject or counter."), code="invalid_choice", field="decision")
    # Seeing the complaint is the first gate (NotFound otherwise, no existence leak).
    complaint_get_for_user(actor, request.complaint_id)
    current = (ApprovalRequest.objects.select_for_update(of=("self",)).select_related("remedy", "complaint")
               .get(pk=request.pk))
    remedy = Remedy.objects.select_for_update().get(pk=current.remedy_id)
    if current.status != ApprovalStatus.PENDING:
        raise Conflict(_("This request was already decided."), code="already_decided")
    if actor.pk in (current.requested_by_id, remedy.proposed_by_id):
        raise PermissionDenied(_("You cannot approve your own request."), code="self_approval")
    limits = authority_limits()
    if not authority.can_approve(role=actor.role, required_role=current.required_role, value=current.value,
                                 limits=limits) and not actor.is_superuser:
        raise PermissionDenied(_("This request needs someone with a higher approval limit."),
                               code="insufficient_authority", required_role=current.required_role)
    reason = reason.strip()[:2000]
    if decision in (REJECT, COUNTER) and not reason:
        raise ValidationFailed(_("Rejecting or countering needs a reason."), code="reason_required", field="reason")
    now = timezone.now()
    fields = ["status", "updated_at"]
    if decision == APPROVE:
        current.status, remedy.status = ApprovalStatus.APPROVED, RemedyStatus.APPROVED
        body = _("Approved")
    elif decision == REJECT:
        current.status, remedy.status = ApprovalStatus.REJECTED, RemedyStatus.REJECTED
        body = _("Rejected")
    else:
        lines = _counter(remedy, counter_lines or [], actor, limits)
        current.status, current.counter_lines = ApprovalStatus.COUNTERED, [line.as_dict() for line in lines]
        remedy.status, remedy.lines = RemedyStatus.APPROVED, current.counter_lines
        remedy.value = t.offer_value(lines, order_value=remedy.order_value, points_per_cny=points_per_cny(),
                                     full_refund_in_policy=not remedy.outside_policy)
        fields += ["lines", "value"]
        body = _("Countered with: %s") % "，".join(line.label("zh-hans") for line in lines)
    current.decided_by, current.decided_at, current.reason = actor, now, reason
    current.save(update_fields=["status", "decided_by", "decided_at", "reason", "counter_lines"])
    remedy.save(update_fields=fields)
    record(current.complaint, actor, field="resolution.approval", reason=reason,
           body=_("Approval decision on remedy #%(id)s: %(decision)s") % {"id": remedy.pk, "decision": body},
           after={"approval": current.pk, "decision": decision, "remedy_status": remedy.status})
    return current


def _counter(remedy: Remedy, raw: list[dict], actor: User, limits) -> list[t.Line]:
    try:
        lines = t.parse_lines(raw)
    except t.LineError as error:
        raise line_error(error) from None
    value = t.offer_value(lines, order_value=remedy.order_value, points_per_cny=points_per_cny(),
                          full_refund_in_policy=not remedy.outside_policy)
    if not authority.covers(actor.role, value, limits) and not actor.is_superuser:
        raise PermissionDenied(_("The counter-offer is above your own limit."), code="insufficient_authority")
    rights = legal.Rights(**{code: True for code in remedy.legal_rights if code in legal.Rights.__dataclass_fields__})
    violation = legal.check_floor(rights=rights, demand=remedy.complaint.demand,
                                  line_types={line.remedy_type for line in lines})
    if violation is not None:
        raise ValidationFailed(str(FLOOR_MESSAGES[violation.code]), code="below_legal_floor", right=violation.code)
    return lines
