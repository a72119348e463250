"""Negotiation record and execution plan (执行跟踪)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bihuan.accounts.models import User
from bihuan.complaints import lifecycle
from bihuan.complaints.permissions import ensure_can_edit
from bihuan.core.errors import Conflict, ValidationFailed

from ..choices import LIVE_REMEDY_STATUSES, NegotiationKind, RemedyStatus, StepStatus
from ..models import ExecutionStep, NegotiationEntry, Remedy
from ..policy import plans
from ..policy import tiers as t
from .common import advance, record

RESPONSES = (NegotiationKind.ACCEPTED, NegotiationKind.DECLINED, NegotiationKind.COUNTER)


def _locked(remedy: Remedy, actor: User) -> Remedy:
    ensure_can_edit(actor, remedy.complaint)
    return Remedy.objects.select_for_update(of=("self",)).select_related("complaint").get(pk=remedy.pk)


@transaction.atomic
def remedy_offer(*, remedy: Remedy, actor: User, body: str = "") -> Remedy:
    """Record that the approved offer was put to the customer."""
    current = _locked(remedy, actor)
    if current.status != RemedyStatus.APPROVED:
        raise Conflict(_("Only an approved offer can be made to the customer."), code="remedy_not_approved")
    current.status = RemedyStatus.OFFERED
    current.save(update_fields=["status", "updated_at"])
    NegotiationEntry.objects.create(complaint=current.complaint, remedy=current, kind=NegotiationKind.OFFER,
                                    body=body[:2000], actor=actor, at=timezone.now())
    record(current.complaint, actor, field="resolution.negotiation", body=_("Offer made to the customer.")
           + (f"\n{body[:2000]}" if body else ""), after={"remedy": current.pk, "status": current.status})
    return current


@transaction.atomic
def remedy_respond(*, remedy: Remedy, actor: User, response: str, body: str = "",
                   promised_at: dt.datetime | None = None) -> Remedy:
    """The customer's answer. Accepting agrees the remedy, starts the execution plan and the executing stage."""
    if response not in RESPONSES:
        raise ValidationFailed(_("The answer is accepted, declined or counter."), code="invalid_choice",
                               field="response")
    current = _locked(remedy, actor)
    if current.status != RemedyStatus.OFFERED:
        raise Conflict(_("Record the offer to the customer first."), code="remedy_not_offered")
    now = timezone.now()
    if promised_at is not None and promised_at < now - dt.timedelta(minutes=5):
        raise ValidationFailed(_("The promised time is in the past."), code="promised_in_past", field="promised_at")
    NegotiationEntry.objects.create(complaint=current.complaint, remedy=current, kind=response, body=body[:2000],
                                    promised_at=promised_at, actor=actor, at=now)
    if response != NegotiationKind.ACCEPTED:
        current.status = RemedyStatus.DECLINED
        current.save(update_fields=["status", "updated_at"])
        record(current.complaint, actor, field="resolution.negotiation",
               body=_("The customer did not accept the offer.") + (f"\n{body[:2000]}" if body else ""),
               after={"remedy": current.pk, "response": response})
        return current
    steps = _plan(current, actor, now)
    current.status = RemedyStatus.EXECUTING
    current.promised_at = promised_at or steps[-1].due_at
    current.save(update_fields=["status", "promised_at", "updated_at"])
    lines = t.stored_lines(current.lines)
    record(current.complaint, actor, field="resolution.agreed",
           body=_("Remedy agreed with the customer: %(lines)s; promised by %(when)s.") % {
               "lines": "，".join(line.label("zh-hans") for line in lines),
               "when": timezone.localtime(current.promised_at).strftime("%Y-%m-%d %H:%M")},
           after={"remedy": current.pk, "steps": len(steps)}, internal=False)
    advance(current.complaint, actor, lifecycle.EXECUTING)
    return current


def _plan(remedy: Remedy, actor: User, start: dt.datetime) -> list[ExecutionStep]:
    templates = plans.plan_for([line["type"] for line in remedy.lines])
    steps = [ExecutionStep(remedy=remedy, complaint=remedy.complaint, position=i, code=s.code,
                           title_zh=s.title[0], title_en=s.title[1], owner_role=s.owner,
                           owner=actor if s.owner == "agent" else None,
                           due_at=start + dt.timedelta(days=s.days, hours=0 if s.days else 4))
             for i, s in enumerate(templates, start=1)]
    return ExecutionStep.objects.bulk_create(steps)


def _locked_step(step: ExecutionStep, actor: User) -> ExecutionStep:
    ensure_can_edit(actor, step.complaint)
    current = (ExecutionStep.objects.select_for_update(of=("self",)).select_related("remedy", "complaint")
               .get(pk=step.pk))
    if current.remedy.status != RemedyStatus.EXECUTING:
        raise Conflict(_("This plan is not running."), code="plan_not_running")
    return current


@transaction.atomic
def step_done(*, step: ExecutionStep, actor: User, note: str = "") -> ExecutionStep:
    """Mark a step done; the last one completes the remedy, and the complaint moves to follow-up
    once no offer on it is still open."""
    current = _locked_step(step, actor)
    if current.status == StepStatus.DONE:
        raise Conflict(_("This step is already done."), code="step_already_done")
    current.status, current.done_at, current.done_by = StepStatus.DONE, timezone.now(), actor
    current.save(update_fields=["status", "done_at", "done_by"])
    record(current.complaint, actor, field="resolution.step", body=_("Step done: %s") % current.title_zh
           + (f"\n{note[:1000]}" if note else ""), after={"step": current.pk, "code": current.code})
    remedy = current.remedy
    if not remedy.steps.exclude(status=StepStatus.DONE).exists():
        Remedy.objects.filter(pk=remedy.pk).update(status=RemedyStatus.COMPLETED, updated_at=timezone.now())
        record(current.complaint, actor, field="resolution.completed", body=_("Remedy carried out in full."),
               after={"remedy": remedy.pk}, internal=False)
        open_left = Remedy.objects.filter(complaint=current.complaint,
                                          status__in=set(LIVE_REMEDY_STATUSES) - {RemedyStatus.COMPLETED})
        if not open_left.exists():
            advance(current.complaint, actor, lifecycle.FOLLOW_UP)
    return current


@transaction.atomic
def step_exception(*, step: ExecutionStep, actor: User, note: str, delay_days: int = 1,
                   notify_customer: bool = True) -> ExecutionStep:
    """Something went wrong (e.g. late pickup): push the deadline, tell the customer.

    The agent may add a remedy for the trouble with an ordinary proposal.
    """
    note = note.strip()
    if not note or len(note) > 1000:
        raise ValidationFailed(_("Describe the exception (at most 1000 characters)."), code="required", field="note")
    if not 0 <= delay_days <= 60:
        raise ValidationFailed(_("The delay is 0–60 days."), code="invalid_delay", field="delay_days")
    current = _locked_step(step, actor)
    current.status, current.exception_note = StepStatus.EXCEPTION, note
    current.due_at = current.due_at + dt.timedelta(days=delay_days)
    current.save(update_fields=["status", "exception_note", "due_at"])
    later = current.remedy.steps.filter(position__gt=current.position).exclude(status=StepStatus.DONE)
    for later_step in later:
        later_step.due_at += dt.timedelta(days=delay_days)
        later_step.save(update_fields=["due_at"])
    record(current.complaint, actor, field="resolution.exception", body=note,
           after={"step": current.pk, "delay_days": delay_days}, internal=not notify_customer)
    if notify_customer:
        from .verification import _enqueue_customer_message

        _enqueue_customer_message(current.complaint, note)
    return current
