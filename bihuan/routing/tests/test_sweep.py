"""The SLA sweep: warnings, breaches, escalation actions into the outbox, exactly once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bihuan.accounts.models import Role
from bihuan.notifications.models import Outbox
from bihuan.routing.models import AgentStatus, SlaClock, SlaPolicy
from bihuan.routing.services import sla_sweep

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user, team, agent, settings):
    settings.BIHUAN_NOTIFY = {**settings.BIHUAN_NOTIFY, "sms_webhook_url": "http://127.0.0.1:9/sms"}
    lead = make_user(Role.TEAM_LEAD, team=team, username="lead")
    AgentStatus.objects.create(user=agent, mobile="13900000001")
    return {"agent": agent, "lead": lead}


def test_red_not_handled_in_2_hours_sms_to_owner_and_notice_to_supervisor(make_complaint, people):
    agent, lead = people["agent"], people["lead"]
    c = make_complaint(actor=agent, owner=agent, priority="red",
                       received_at=timezone.now() - dt.timedelta(days=10))
    result = sla_sweep()
    assert result.breached == 2  # first_response and resolution
    fr = SlaClock.objects.get(complaint=c, metric="first_response")
    assert fr.status == "breached" and fr.breached_at == fr.due_at
    rows = Outbox.objects.filter(dedup_key__startswith=f"sla:{fr.pk}:")
    assert {(r.channel, r.recipient) for r in rows} == {("sms", "13900000001"), ("console", lead.username)}
    body = rows.first().body
    assert c.number in body and "超时" in body and "首次响应" in body  # zh-Hans, whatever the request language
    # a second sweep escalates nothing again
    again = sla_sweep()
    assert (again.breached, again.notifications) == (0, 0)
    assert Outbox.objects.count() == 4


def test_warning_first_then_breach(make_complaint, people):
    agent = people["agent"]
    c = make_complaint(actor=agent, owner=agent, priority="red")
    fr = SlaClock.objects.get(complaint=c, metric="first_response")
    assert sla_sweep(now=fr.warn_at - dt.timedelta(seconds=1)).warned == 0
    r = sla_sweep(now=fr.warn_at)
    assert r.warned == 1
    fr.refresh_from_db()
    assert fr.status == "warning" and fr.warned_at == fr.warn_at
    assert sla_sweep(now=fr.due_at).breached == 1


def test_paused_and_fulfilled_clocks_are_never_escalated(make_complaint, people):
    from bihuan.complaints import services

    agent = people["agent"]
    old = timezone.now() - dt.timedelta(days=10)
    waiting = make_complaint(actor=agent, owner=agent, priority="red", received_at=old)
    services.complaint_transition(complaint=waiting, actor=agent, to="waiting_on_customer")
    answered = make_complaint(actor=agent, owner=agent, priority="red", received_at=timezone.now())
    services.complaint_comment(complaint=answered, actor=agent, body="您好，我们已收到。")
    sla_sweep(now=timezone.now() + dt.timedelta(days=30))
    assert not SlaClock.objects.filter(complaint=waiting, status="breached").exists()
    assert SlaClock.objects.get(complaint=answered, metric="first_response").status == "fulfilled"


def test_raise_priority_action_reprioritises_and_retargets(make_complaint, people):
    agent = people["agent"]
    c = make_complaint(actor=agent, owner=agent, priority="yellow",
                       received_at=timezone.now() - dt.timedelta(days=10))
    sla_sweep()
    c.refresh_from_db()
    assert c.priority == "red"  # the yellow policy raises priority on a first-response breach
    event = c.events.filter(kind="field_changed", field="priority").get()
    assert event.before == "yellow" and event.after == "red" and event.actor is None


def test_reassign_action_hands_over_to_someone_else(make_complaint, people, make_user, team):
    agent = people["agent"]
    colleague = make_user(Role.SENIOR_AGENT, team=team, seniority=4)
    SlaPolicy.objects.filter(priorities=["red"]).update(actions=[
        {"on": "breach", "metric": "first_response", "do": "reassign"}])
    c = make_complaint(actor=agent, owner=agent, priority="red",
                       received_at=timezone.now() - dt.timedelta(days=10))
    sla_sweep()
    c.refresh_from_db()
    assert c.owner == colleague
    assert c.events.filter(kind="assignment").last().reason


def test_sweep_reads_only_what_is_due(make_complaint, people):
    agent = people["agent"]
    for _ in range(5):
        make_complaint(actor=agent, owner=agent, priority="green")
    with CaptureQueriesContext(connection) as ctx:
        r = sla_sweep()
    assert (r.warned, r.breached) == (0, 0)
    selects = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT")]
    assert len(selects) == 3  # one indexed range query per threshold, nothing else
    assert all('"due_at" <=' in q or '"warn_at" <=' in q for q in selects)
    assert not any(q["sql"].startswith(("UPDATE", "INSERT")) for q in ctx.captured_queries)


def test_a_sweep_call_is_bounded_and_the_next_call_continues(make_complaint, people):
    agent = people["agent"]
    old = timezone.now() - dt.timedelta(days=10)
    for _ in range(3):
        make_complaint(actor=agent, owner=agent, priority="red", received_at=old)
    first = sla_sweep(batch=1, budget_seconds=0)
    assert first.more and first.breached == 1
    calls = [first]
    while calls[-1].more:
        calls.append(sla_sweep(batch=1, budget_seconds=0))
    assert sum(c.breached for c in calls) == 6  # 3 complaints × (first_response, resolution)
    assert not SlaClock.objects.filter(status="running", due_at__lte=timezone.now()).exists()
    # each breach notified once: owner (SMS) and lead per clock
    assert Outbox.objects.count() == 12


def test_many_notifications_in_one_batch_are_written_once(make_complaint, people):
    """More than 50 rows take the COPY path on PostgreSQL; a repeated key is skipped."""
    from bihuan.notifications.services import Message, notifications_enqueue

    msgs = [Message(dedup_key=f"bulk:{i}", channel="console", recipient="x", body=f"第{i}条") for i in range(120)]
    assert notifications_enqueue(messages=msgs) == 120
    assert notifications_enqueue(messages=msgs[:60] + [Message(dedup_key="bulk:new", channel="console",
                                                               recipient="x", body="新")] * 2) == 1
    assert Outbox.objects.filter(dedup_key__startswith="bulk:").count() == 121
    assert Outbox.objects.get(dedup_key="bulk:7").body == "第7条"
