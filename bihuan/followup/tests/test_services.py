"""Follow-up tasks, outcomes and reopening through the complaint service (real DB)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bihuan.accounts.models import Role
from bihuan.complaints import services as complaint_services
from bihuan.complaints.choices import EventKind
from bihuan.core.errors import Conflict, PermissionDenied
from bihuan.followup import services
from bihuan.followup.models import FollowUpTask, Survey
from bihuan.notifications.models import Outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolved(make_complaint, make_customer, agent, move_to, followup_defaults):
    def make(**fields):
        fields.setdefault("customer", make_customer())
        complaint = make_complaint(actor=agent, owner=agent, **fields)
        return move_to(complaint, agent, "follow_up")
    return make


def test_entering_follow_up_creates_one_task_for_the_owner(resolved, agent):
    # given a yellow complaint by a calm customer, resolved now
    before = timezone.now()
    complaint = resolved(priority="yellow", emotion="calm", channel="wechat")
    # then one 回访 task is due on the 2nd working day, by the original channel, owned by the owner
    task = FollowUpTask.objects.get(complaint=complaint)
    assert (task.kind, task.method, task.channel, task.owner, task.status) == (
        "follow_up", "channel", "wechat", agent, "open")
    assert before + dt.timedelta(days=1) < task.due_at < before + dt.timedelta(days=12)
    assert complaint.events.filter(field="followup.task").exists()


def test_red_or_angry_is_a_phone_call_due_within_24_hours(resolved):
    now = timezone.now()
    red = FollowUpTask.objects.get(complaint=resolved(priority="red", emotion="calm"))
    angry = FollowUpTask.objects.get(complaint=resolved(priority="green", emotion="angry"))
    assert red.method == angry.method == "phone"
    assert red.due_at <= now + dt.timedelta(hours=24, minutes=1)


def test_resolved_and_satisfied_closes_and_sends_the_survey(resolved, agent):
    complaint = resolved(priority="green", emotion="calm")
    task = complaint.follow_up_tasks.get()
    services.follow_up_record(task=task, actor=agent, outcome="resolved", note="客户确认已收到新锅")
    complaint.refresh_from_db()
    task.refresh_from_db()
    assert complaint.status == "closed" and (task.status, task.outcome) == ("done", "resolved")
    survey = Survey.objects.get(complaint=complaint)
    message = Outbox.objects.get(dedup_key=f"followup-survey:{survey.pk}")
    assert services.survey_token(survey) in message.body and complaint.number in message.body
    assert message.recipient == complaint.customer.phone


def test_not_resolved_reopens_and_returns_to_verification_keeping_history(resolved, agent):
    complaint = resolved()
    task = complaint.follow_up_tasks.get()
    services.follow_up_record(task=task, actor=agent, outcome="not_resolved", note="新锅还是不加热")
    complaint.refresh_from_db()
    assert complaint.status == "verifying" and complaint.reopen_count == 1
    moves = list(complaint.events.filter(kind=EventKind.TRANSITION).values_list("after", flat=True))
    assert moves[-3:] == ["follow_up", "reopened", "verifying"]
    assert complaint.events.get(kind=EventKind.TRANSITION, after="reopened").reason == "新锅还是不加热"
    # and when it is resolved again, a new follow-up is created (the old one stays done)
    complaint = complaint_services.complaint_transition(complaint=complaint, actor=agent, to="resolving")
    complaint = complaint_services.complaint_transition(complaint=complaint, actor=agent, to="executing")
    complaint_services.complaint_transition(complaint=complaint, actor=agent, to="follow_up")
    assert list(complaint.follow_up_tasks.order_by("id").values_list("status", flat=True)) == ["done", "open"]


def test_unreachable_retries_until_the_limit(resolved, agent):
    complaint = resolved()
    task = complaint.follow_up_tasks.get()
    first_due = task.due_at
    for _ in range(2):
        task = services.follow_up_record(task=task, actor=agent, outcome="unreachable")
        assert task.status == "open" and task.due_at != first_due
    task = services.follow_up_record(task=task, actor=agent, outcome="unreachable")
    assert (task.status, task.outcome, task.attempts) == ("done", "unreachable", 3)
    with pytest.raises(Conflict):
        services.follow_up_record(task=task, actor=agent, outcome="resolved")
    complaint.refresh_from_db()
    assert complaint.status == "follow_up"


def test_someone_who_cannot_edit_the_complaint_cannot_record(resolved, make_user, other_team):
    task = resolved().follow_up_tasks.get()
    stranger = make_user(Role.AGENT, team=other_team)
    with pytest.raises(PermissionDenied):
        services.follow_up_record(task=task, actor=stranger, outcome="resolved")


def test_closing_without_an_outcome_cancels_the_task_and_reclosing_keeps_one_survey(resolved, agent):
    complaint = resolved()
    complaint = complaint_services.complaint_transition(complaint=complaint, actor=agent, to="closed")
    assert complaint.follow_up_tasks.get().status == "cancelled"
    complaint = complaint_services.complaint_transition(complaint=complaint, actor=agent, to="reopened",
                                                        reason="客户又来电")
    complaint = complaint_services.complaint_transition(complaint=complaint, actor=agent, to="escalated",
                                                        reason="升级")
    assert Survey.objects.filter(complaint=complaint).count() == 1
