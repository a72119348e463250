# ruff: noqa: E501  (tables of human sentences read better unwrapped)
"""Remedy proposals (赔付方案): tiers, legal floor, authority limits and the fairness band.

Every rule is enforced here, not only in the UI: an API client that skips the
screen meets the same checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bihuan.accounts.models import User
from bihuan.complaints.models import Complaint
from bihuan.complaints.permissions import ensure_can_edit
from bihuan.core.errors import ValidationFailed

from ..choices import LIVE_REMEDY_STATUSES, RemedyStatus, RemedyType
from ..models import ApprovalRequest, Remedy, Scenario, Verification
from ..policy import authority, fairness, legal
from ..policy import tiers as t
from ..selectors import past_cases, scenario_for
from .common import authority_limits, local_tz, order_facts, points_per_cny, record

DEFECT_SUBCATEGORIES = frozenset({"quality_defect", "malfunction", "safety", "not_as_described"})
LINE_MESSAGES = {
    "no_lines": gettext_lazy("Add at least one remedy."),
    "too_many_lines": gettext_lazy("An offer has at most six lines."),
    "unknown_remedy_type": gettext_lazy("Unknown remedy type."),
    "repeated_remedy_type": gettext_lazy("Each remedy type appears once per offer."),
    "invalid_amount": gettext_lazy("Amounts are yuan between 0 and 1,000,000."),
    "amount_required": gettext_lazy("This remedy needs an amount."),
    "invalid_points": gettext_lazy("Points must be a positive whole number."),
    "conflicting_refunds": gettext_lazy("An offer has either a full or a partial refund, not both."),
}
FLOOR_MESSAGES = {
    "seven_day_return": gettext_lazy("The customer is within the 7-day no-reason return period and asked for their money "
                          "back: the offer must include a return or a full refund."),
    "quality_return": gettext_lazy("The item is defective and was delivered within 7 days: the customer may return it; "
                        "the offer must include a return or a full refund."),
    "quality_exchange": gettext_lazy("The item is defective and was delivered within 15 days: the offer must include an "
                          "exchange, a return or a full refund."),
    "quality_repair": gettext_lazy("The item is defective: the offer must at least include a repair, exchange, return or refund."),
    "undelivered": gettext_lazy("The parcel never arrived: the offer must include a reship or a full refund."),
}


def line_error(error: t.LineError) -> ValidationFailed:
    message = str(LINE_MESSAGES.get(error.code, _("The remedy is not valid.")))
    return ValidationFailed(message, code=error.code, field="lines")


@dataclass(frozen=True)
class Assessment:
    """Everything the rules say about an offer, before anything is written."""

    lines: list[t.Line]
    scenario: Scenario | None
    order_value: Decimal
    value: Decimal
    total: Decimal
    rights: legal.Rights
    violation: legal.Violation | None
    outside_policy: bool
    decision: authority.Decision
    band: fairness.Band
    tier: int | None
    responsibility: str


def _rights(complaint: Complaint, scenario: Scenario | None, responsibility: str) -> legal.Rights:
    facts = order_facts(complaint)
    defect = complaint.category == "product" and (
        complaint.subcategory in DEFECT_SUBCATEGORIES or responsibility == "own_product")
    return legal.statutory_rights(
        floor=scenario.legal_floor if scenario else legal.SEVEN_DAY_RETURN,
        delivered_at=facts.delivered_at if facts else None, shipping_status=facts.shipping_status if facts else "",
        now=timezone.now(), product_defect=defect, tz=local_tz())


def assess(*, complaint: Complaint, actor: User, raw_lines: list[dict], scenario: Scenario | None = None) -> Assessment:
    """Apply tiers, legal floor, authority and fairness to a proposed offer (no writes)."""
    try:
        lines = t.parse_lines(raw_lines)
    except t.LineError as error:
        raise line_error(error) from None
    verification = Verification.objects.filter(complaint=complaint).first()
    responsibility = verification.responsibility if verification else ""
    scenario = scenario or scenario_for(complaint, responsibility)
    facts = order_facts(complaint)
    order_value = facts.amount if facts else Decimal("0")
    rights = _rights(complaint, scenario, responsibility)
    live = list(Remedy.objects.filter(complaint=complaint, status__in=LIVE_REMEDY_STATUSES))
    live_types = {line["type"] for r in live for line in r.lines}
    types = {line.remedy_type for line in lines}
    violation = legal.check_floor(rights=rights, demand=complaint.demand, line_types=types | live_types)
    standard = {item.get("type") for item in (scenario.standard_remedy if scenario else [])} | \
               {item.get("type") for item in (scenario.tiers if scenario else [])}
    in_policy = legal.full_refund_is_statutory(rights)
    outside_policy = bool(types & {t.REFUND_FULL, t.RETURN}) and not in_policy and not (
        types & {t.REFUND_FULL, t.RETURN} <= standard)
    value = t.offer_value(lines, order_value=order_value, points_per_cny=points_per_cny(),
                          full_refund_in_policy=not outside_policy)
    total = value + sum((r.value for r in live), Decimal("0"))
    decision = authority.decide(role=actor.role, value=total, outside_policy=outside_policy,
                                limits=authority_limits())
    tiers = t.parse_tiers(scenario.tiers) if scenario else []
    band = fairness.band(past_cases(complaint=complaint, scenario=scenario, order_value=order_value,
                                    responsibility=responsibility),
                         proposed=value, order_value=order_value,
                         min_cases=getattr(settings, "BIHUAN_RESOLUTION_FAIRNESS_MIN_CASES", fairness.MIN_CASES))
    return Assessment(lines, scenario, order_value, value, total, rights, violation, outside_policy, decision,
                      band, t.tier_reached(tiers, value=value, order_value=order_value), responsibility)


@transaction.atomic
def remedy_propose(*, complaint: Complaint, actor: User, lines: list[dict], justification: str = "",
                   scenario: Scenario | None = None, promised_at: dt.datetime | None = None) -> Remedy:
    """Propose an offer. Within authority it is approved at once; above it an approval request is opened.

    Refuses offers below the legal floor, and offers outside the fairness band or
    needing approval without a written justification.
    """
    ensure_can_edit(actor, complaint)
    complaint = (Complaint.objects.select_for_update(of=("self",)).select_related("order", "customer")
                 .get(pk=complaint.pk))
    justification = justification.strip()[:2000]
    a = assess(complaint=complaint, actor=actor, raw_lines=lines, scenario=scenario)
    if a.violation is not None:
        raise ValidationFailed(str(FLOOR_MESSAGES[a.violation.code]), code="below_legal_floor",
                               right=a.violation.code, needs=list(a.violation.needs))
    if a.band.outside and not justification:
        raise ValidationFailed(
            _("Similar cases received %(low)s–%(high)s 元 (%(n)d cases); this offer is %(value)s 元. "
              "Explain why it differs.") % {"low": a.band.low, "high": a.band.high, "n": a.band.n, "value": a.value},
            code="fairness_justification_required", field="justification", band=a.band.as_dict())
    if a.decision.needs_approval and not justification:
        raise ValidationFailed(_("This offer needs approval: write a justification for the approver."),
                               code="justification_required", field="justification",
                               required_role=a.decision.required_role)
    status = RemedyStatus.PENDING_APPROVAL if a.decision.needs_approval else RemedyStatus.APPROVED
    remedy = Remedy.objects.create(
        complaint=complaint, scenario=a.scenario, lines=[line.as_dict() for line in a.lines], value=a.value,
        order_value=a.order_value, tier=a.tier, status=status, outside_policy=a.outside_policy,
        required_role=a.decision.required_role, justification=justification, fairness=a.band.as_dict(),
        legal_rights=list(a.rights.codes), responsibility=a.responsibility, promised_at=promised_at,
        proposed_by=actor)
    summary = "，".join(line.label("zh-hans") for line in a.lines)
    if a.decision.needs_approval:
        hours = int(getattr(settings, "BIHUAN_RESOLUTION_APPROVAL_HOURS", 4))
        ApprovalRequest.objects.create(
            remedy=remedy, complaint=complaint, requested_by=actor, required_role=a.decision.required_role,
            value=a.total, justification=justification, due_at=timezone.now() + dt.timedelta(hours=hours))
        body = _("Remedy proposed (%(lines)s, %(value)s 元); approval requested from %(role)s.") % {
            "lines": summary, "value": a.value, "role": _role_label(a.decision.required_role)}
    else:
        body = _("Remedy proposed within authority (%(lines)s, %(value)s 元).") % {"lines": summary, "value": a.value}
    record(complaint, actor, field="resolution.remedy", reason=justification, body=body,
           after={"remedy": remedy.pk, "status": status, "value": str(a.value), "fairness": a.band.verdict})
    return remedy


def _role_label(role: str) -> str:
    from bihuan.accounts.models import Role

    try:
        return str(Role(role).label)
    except ValueError:
        return role


@transaction.atomic
def remedy_cancel(*, remedy: Remedy, actor: User, reason: str) -> Remedy:
    ensure_can_edit(actor, remedy.complaint)
    current = Remedy.objects.select_for_update().get(pk=remedy.pk)
    if current.status not in (RemedyStatus.PENDING_APPROVAL, RemedyStatus.APPROVED, RemedyStatus.OFFERED):
        from bihuan.core.errors import Conflict

        raise Conflict(_("Only an offer not yet agreed can be cancelled."), code="remedy_not_cancellable")
    if not reason.strip():
        raise ValidationFailed(_("Say why the offer is withdrawn."), code="reason_required", field="reason")
    current.status = RemedyStatus.CANCELLED
    current.save(update_fields=["status", "updated_at"])
    current.approvals.filter(status="pending").update(status="rejected", reason=reason[:2000],
                                                      decided_at=timezone.now(), decided_by=actor)
    record(current.complaint, actor, field="resolution.remedy", reason=reason,
           body=_("Offer withdrawn."), after={"remedy": current.pk, "status": current.status})
    return current


def remedy_type_label(code: str) -> str:
    try:
        return str(RemedyType(code).label)
    except ValueError:
        return code
