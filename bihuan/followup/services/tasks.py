"""Follow-up and callback tasks: created on entering follow_up or after a low score; outcomes recorded.

"Not resolved" reopens the complaint (reopened, then back to verifying) through
the complaint service, so the history stays on its timeline.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bihuan.accounts.models import User
from bihuan.complaints import lifecycle
from bihuan.complaints.models import Complaint
from bihuan.complaints.permissions import ensure_can_edit
from bihuan.core.errors import Conflict, ValidationFailed
from bihuan.notifications.services import notifications_enqueue
from bihuan.routing.services.calendars import calendar_for_team

from .. import policy
from ..choices import Method, Outcome, TaskKind, TaskStatus
from ..models import FollowUpPolicy, FollowUpTask, Survey
from .common import record, senior_agent_for, staff_message, team_leads


def policy_for(complaint: Complaint) -> FollowUpPolicy:
    for row in FollowUpPolicy.objects.filter(active=True).order_by("position", "id"):
        if row.category in ("", complaint.category) and row.priority in ("", complaint.priority):
            return row
    return FollowUpPolicy(working_days=2, max_attempts=3)


def _create(complaint: Complaint, *, kind: str, owner: User | None, due: dt.datetime, method: str,
            max_attempts: int, survey: Survey | None = None, note: str = "") -> FollowUpTask | None:
    try:
        with transaction.atomic():
            return FollowUpTask.objects.create(
                complaint=complaint, kind=kind, method=method, channel=complaint.channel, owner=owner,
                due_at=due, max_attempts=max_attempts, survey=survey, note=note)
    except IntegrityError:  # an open task of this kind already exists
        return None


def follow_up_create(*, complaint: Complaint, at: dt.datetime | None = None) -> FollowUpTask | None:
    """回访 task for the owner, due by the policy on the team's business calendar.

    Precondition: called by the complaint service inside its transaction, as the
    complaint enters follow_up.
    """
    at = at or timezone.now()
    rule = policy_for(complaint)
    due = policy.due_at(calendar_for_team(complaint.team_id), at, working_days=rule.working_days,
                        red=complaint.priority == "red")
    method = policy.method_for(priority=complaint.priority, emotion=complaint.emotion)
    task = _create(complaint, kind=TaskKind.FOLLOW_UP, owner=complaint.owner, due=due, method=method,
                   max_attempts=rule.max_attempts)
    if task is not None:
        record(complaint, None, field="followup.task",
               body=_("Follow-up due %(due)s by %(method)s.") % {
                   "due": timezone.localtime(due).strftime("%Y-%m-%d %H:%M"), "method": Method(method).label},
               after={"task": task.pk, "due_at": due.isoformat(), "method": method})
    return task


def callback_create(*, survey: Survey, at: dt.datetime | None = None) -> FollowUpTask | None:
    """After a low score: a phone callback by a senior agent within 24 hours; team leads are told."""
    at = at or timezone.now()
    complaint = survey.complaint
    owner = senior_agent_for(complaint)
    due = policy.due_at(calendar_for_team(complaint.team_id), at, working_days=1, red=True)
    task = _create(complaint, kind=TaskKind.CALLBACK, owner=owner, due=due, method=Method.PHONE,
                   max_attempts=policy_for(complaint).max_attempts, survey=survey)
    if task is None:
        return None
    scores = _("CSAT %(csat)s, NPS %(nps)s") % {"csat": survey.csat if survey.csat is not None else "—",
                                                 "nps": survey.nps if survey.nps is not None else "—"}
    record(complaint, None, field="followup.callback",
           body=_("Low survey score (%(scores)s): callback assigned to %(owner)s.") % {
               "scores": scores, "owner": owner or "—"},
           after={"task": task.pk, "owner": owner.pk if owner else None})
    body = _("[Bihuan] Complaint %(number)s got a low survey score (%(scores)s). Callback by %(owner)s, "
             "due %(due)s.") % {"number": complaint.number, "scores": scores, "owner": owner or "—",
                                "due": timezone.localtime(due).strftime("%m-%d %H:%M")}
    people = {u.pk: u for u in [*team_leads(complaint), *([owner] if owner else [])]}
    notifications_enqueue(messages=[staff_message(u, key=f"followup-callback:{task.pk}", body=body,
                                                  complaint=complaint) for u in people.values()])
    return task


def _reopen(complaint: Complaint, actor: User, reason: str) -> Complaint:
    from bihuan.complaints import services as complaint_services

    complaint = complaint_services.complaint_transition(complaint=complaint, actor=actor,
                                                        to=lifecycle.REOPENED, reason=reason)
    return complaint_services.complaint_transition(complaint=complaint, actor=actor, to=lifecycle.VERIFYING,
                                                   reason=_("Back to verification after reopening"))


@transaction.atomic
def follow_up_record(*, task: FollowUpTask, actor: User, outcome: str, note: str = "") -> FollowUpTask:
    """Record what the customer said. Resolved closes a complaint still in follow-up; not resolved
    reopens it and sends it back to verification; unreachable retries until the limit."""
    if outcome not in Outcome.values:
        raise ValidationFailed(_("Choose an outcome."), code="invalid_choice", field="outcome")
    note = note.strip()
    if len(note) > 2000:
        raise ValidationFailed(_("The note is too long (at most 2000 characters)."), code="too_long", field="note")
    current = FollowUpTask.objects.select_for_update().select_related("complaint").get(pk=task.pk)
    complaint = current.complaint
    ensure_can_edit(actor, complaint)
    if current.status != TaskStatus.OPEN:
        raise Conflict(_("This follow-up was already completed."), code="task_closed")
    now = timezone.now()
    current.attempts += 1
    current.note = "\n".join(filter(None, [current.note, note]))
    fields = ["attempts", "note"]
    if outcome == Outcome.UNREACHABLE and current.attempts < current.max_attempts:
        current.due_at = policy.retry_at(calendar_for_team(complaint.team_id), now)
        fields.append("due_at")
        body = _("Customer unreachable (attempt %(n)d of %(max)d); next try %(due)s.") % {
            "n": current.attempts, "max": current.max_attempts,
            "due": timezone.localtime(current.due_at).strftime("%m-%d %H:%M")}
    else:
        current.status, current.outcome, current.completed_at = TaskStatus.DONE, outcome, now
        fields += ["status", "outcome", "completed_at"]
        body = _("Follow-up outcome: %(outcome)s.") % {"outcome": Outcome(outcome).label}
    current.save(update_fields=fields)
    record(complaint, actor, field="followup.outcome", body=body + (f" {note}" if note else ""),
           after={"task": current.pk, "kind": current.kind, "outcome": outcome, "attempts": current.attempts})
    if current.status == TaskStatus.DONE:
        if outcome == Outcome.NOT_RESOLVED:
            _reopen(complaint, actor, note or _("The customer says the problem is not resolved"))
        elif outcome == Outcome.RESOLVED and complaint.status == lifecycle.FOLLOW_UP:
            from bihuan.complaints import services as complaint_services

            complaint_services.complaint_transition(complaint=complaint, actor=actor, to=lifecycle.CLOSED,
                                                    reason=_("The customer confirmed the problem is resolved"))
    return current


def tasks_cancel_open(*, complaint: Complaint, kind: str) -> int:
    """Close-out without a recorded outcome: the open task no longer applies."""
    return FollowUpTask.objects.filter(complaint=complaint, kind=kind, status=TaskStatus.OPEN).update(
        status=TaskStatus.CANCELLED, completed_at=timezone.now())
