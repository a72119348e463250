"""SLA clocks driven by complaint events, on the default calendar and policies (real DB)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bihuan.complaints import services
from bihuan.routing import services as routing
from bihuan.routing.models import SlaClock, SlaEvent

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def at(y, mo, d, h=0, mi=0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=SH)


def clock(c, metric) -> SlaClock:
    return SlaClock.objects.get(complaint=c, metric=metric)


def test_red_on_a_tiaoxiu_saturday_evening(make_complaint, agent):
    # given a red complaint received on the make-up working Saturday 2025-02-08 at 20:50
    c = make_complaint(actor=agent, priority="red", received_at=at(2025, 2, 8, 20, 50))
    # then 10 minutes count that evening and the rest on Monday (Sunday is a rest day)
    assert clock(c, "first_response").due_at == at(2025, 2, 10, 10, 50)
    assert clock(c, "first_response").warn_at == at(2025, 2, 10, 10, 20)  # 75% of 2 h
    # resolution: 2 working days of 11 h = 22 h → Sat 10 min + Mon 11 h + Tue 10 h 50 min
    assert clock(c, "resolution").due_at == at(2025, 2, 11, 20, 50)
    c.refresh_from_db()
    assert c.next_action_due_at == at(2025, 2, 10, 10, 50)


def test_received_in_the_lunch_break_counts_from_13_00(make_complaint, agent):
    c = make_complaint(actor=agent, priority="yellow", received_at=at(2025, 3, 5, 12, 30))
    assert clock(c, "first_response").due_at == at(2025, 3, 5, 17, 0)  # 4 business hours from 13:00


def test_pause_and_resume_push_the_due_time_by_the_open_time_paused(make_complaint, agent):
    c = make_complaint(actor=agent, priority="red", received_at=at(2025, 3, 5, 9, 0))
    due = clock(c, "resolution").due_at
    assert due == at(2025, 3, 6, 21, 0)  # 22 business hours: two full 11-hour days
    routing.sla_on_transition(complaint=c, before="received", to="waiting_on_customer", at=at(2025, 3, 5, 11, 0))
    paused = clock(c, "resolution")
    assert paused.status == "paused" and paused.due_at is None  # the sweep skips it by itself
    c.refresh_from_db()
    assert c.next_action_due_at is None
    routing.sla_on_transition(complaint=c, before="waiting_on_customer", to="verifying", at=at(2025, 3, 5, 14, 0))
    resumed = clock(c, "resolution")
    # paused 11:00–14:00 holds 2 open hours (lunch 12–13 is closed anyway)
    assert resumed.status == "running" and resumed.due_at == at(2025, 3, 7, 11, 0)
    kinds = list(SlaEvent.objects.filter(clock=resumed).values_list("kind", flat=True))
    assert kinds == ["started", "paused", "resumed"]


def test_first_response_is_met_by_a_customer_facing_comment_not_an_internal_note(make_complaint, agent):
    c = make_complaint(actor=agent, owner=agent)
    services.complaint_comment(complaint=c, actor=agent, body="内部备注", internal=True)
    assert clock(c, "first_response").status == "running"
    services.complaint_comment(complaint=c, actor=agent, body="您好，已收到，我们马上处理。")
    fr = clock(c, "first_response")
    assert fr.status == "fulfilled" and fr.fulfilled_at is not None
    # next_update now runs; each later reply starts a new cycle
    nu = clock(c, "next_update")
    assert nu.status == "running" and nu.cycle == 1
    services.complaint_comment(complaint=c, actor=agent, body="仓库已在核实，明天给您答复。")
    assert clock(c, "next_update").cycle == 2


def test_lifecycle_moves_clocks_and_close_stops_everything(make_complaint, agent):
    c = make_complaint(actor=agent, owner=agent, priority="green")
    for step in ("assessed", "verifying", "resolving", "executing"):
        c = services.complaint_transition(complaint=c, actor=agent, to=step)
    assert clock(c, "first_response").status == "fulfilled"  # moved out of received
    c = services.complaint_transition(complaint=c, actor=agent, to="follow_up")
    assert clock(c, "resolution").status == "fulfilled"
    assert clock(c, "next_update").status == "stopped"
    assert clock(c, "follow_up").status == "running"
    c = services.complaint_transition(complaint=c, actor=agent, to="closed")
    assert clock(c, "follow_up").status == "fulfilled"
    assert not SlaClock.objects.filter(complaint=c, status__in=["running", "warning", "paused"]).exists()
    c = services.complaint_transition(complaint=c, actor=agent, to="reopened", reason="回访不满意")
    res = clock(c, "resolution")
    assert res.cycle == 2 and res.status == "running"


def test_closing_straight_from_received_stops_first_response_without_meeting_it(make_complaint, agent):
    c = make_complaint(actor=agent, owner=agent)
    services.complaint_transition(complaint=c, actor=agent, to="closed", reason="重复投诉")
    assert clock(c, "first_response").status == "stopped"


def test_raising_priority_retargets_running_clocks(make_complaint, agent):
    c = make_complaint(actor=agent, owner=agent, priority="green", received_at=at(2025, 3, 5, 9, 0))
    assert clock(c, "first_response").due_at == at(2025, 3, 5, 18, 0)  # 8 business hours
    # re-targeting counts from the clock's start
    c = services.complaint_update(complaint=c, actor=agent, changes={"priority": "red"})
    fr = clock(c, "first_response")
    assert fr.target_seconds == 7200
    kinds = list(SlaEvent.objects.filter(clock=fr).values_list("kind", flat=True))
    assert kinds == ["started", "target_changed"]
    # the clock started in 2025, so the 2 h target is long past: due 2025-03-05 11:00
    assert fr.due_at == at(2025, 3, 5, 11, 0)


def test_team_calendar_is_used_when_the_team_has_one(make_complaint, agent):
    from bihuan.routing.clock import BusinessCalendar, parse_slots
    from bihuan.routing.models import BusinessCalendarModel

    night = BusinessCalendar(weekly=(parse_slots(["08:00-20:00"]),) * 7, use_statutory=False)
    BusinessCalendarModel.objects.create(name="7×12", team=agent.team, data=night.as_dict())
    c = make_complaint(actor=agent, priority="red", received_at=at(2025, 2, 9, 19, 30))  # a Sunday
    assert clock(c, "first_response").due_at == at(2025, 2, 10, 9, 30)
