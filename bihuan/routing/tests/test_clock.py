"""SLA clock folded from its event log (pure Python, no DB)."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bihuan.routing.clock import (
    BusinessCalendar,
    CalendarTime,
    ClockEvent,
    EventKind,
    add_business_time,
    business_time_between,
    compute_clock,
    is_open,
    open_periods,
)

SH = ZoneInfo("Asia/Shanghai")
H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)
ZERO = dt.timedelta(0)
CAL = BusinessCalendar()  # Mon–Fri 09:00–12:00 & 13:00–21:00 + statutory calendar


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=SH)


def ev(kind: str, moment: dt.datetime, target: dt.timedelta | None = None) -> ClockEvent:
    return ClockEvent(EventKind(kind), moment, target)


# ------------------------------------------------------------ the "done when" cases
def test_red_complaint_on_makeup_saturday_warns_and_breaches_on_monday() -> None:
    # Given a red complaint (2 business hours) received on 调休 Saturday 2025-02-08 20:50
    log = [ev("started", at(2025, 2, 8, 20, 50))]
    # When we look five minutes later
    state = compute_clock(log, CAL, 2 * H, now=at(2025, 2, 8, 20, 55))
    # Then it is running, due Monday 10:50, warning at 75% = 1h30 -> Monday 10:20
    assert state.status == "running"
    assert state.due_at == at(2025, 2, 10, 10, 50)
    assert state.warn_at == at(2025, 2, 10, 10, 20)
    assert state.remaining == 2 * H - 5 * M
    # And nothing is consumed over the closed Sunday
    sunday = compute_clock(log, CAL, 2 * H, now=at(2025, 2, 9, 15))
    assert sunday.elapsed == 10 * M and sunday.status == "running"
    # And on Monday 10:30 it is warning, at 11:00 breached since 10:50
    assert compute_clock(log, CAL, 2 * H, now=at(2025, 2, 10, 10, 30)).status == "warning"
    late = compute_clock(log, CAL, 2 * H, now=at(2025, 2, 10, 11))
    assert late.status == "breached" and late.breached_at == at(2025, 2, 10, 10, 50)
    assert late.remaining == -10 * M


def test_received_during_lunch_break_counts_from_1300() -> None:
    log = [ev("started", at(2025, 3, 4, 12, 30))]
    state = compute_clock(log, CAL, 2 * H, now=at(2025, 3, 4, 12, 45))
    assert state.elapsed == ZERO
    assert state.due_at == at(2025, 3, 4, 15) and state.warn_at == at(2025, 3, 4, 14, 30)


def test_pause_and_resume_push_due_by_paused_business_time() -> None:
    # Given a 4h clock started Tuesday 10:00 (due 15:00: 10–12 and 13–15)
    start = at(2025, 3, 4, 10)
    assert compute_clock([ev("started", start)], CAL, 4 * H, now=start).due_at == at(2025, 3, 4, 15)
    # When waiting on the customer from 11:00 (1h consumed)
    log = [ev("started", start), ev("paused", at(2025, 3, 4, 11))]
    paused = compute_clock(log, CAL, 4 * H, now=at(2025, 3, 4, 13, 30))
    # Then the clock stands still: no due time, 3h remaining, 1h30 paused (lunch excluded)
    assert paused.status == "paused" and paused.is_paused
    assert paused.due_at is None and paused.remaining == 3 * H
    assert paused.paused_total == 90 * M and paused.paused_since == at(2025, 3, 4, 11)
    # When the customer answers at 14:00 (paused 11–12 and 13–14 = 2h of open time)
    log.append(ev("resumed", at(2025, 3, 4, 14)))
    resumed = compute_clock(log, CAL, 4 * H, now=at(2025, 3, 4, 14, 5))
    # Then due moves from 15:00 to 17:00
    assert resumed.due_at == at(2025, 3, 4, 17) and resumed.paused_total == 2 * H
    # And the 75% warning (3h of active time) moves to 16:00
    assert not resumed.is_paused and resumed.status == "running"
    assert resumed.warn_at == at(2025, 3, 4, 16) and resumed.elapsed == H + 5 * M


def test_pause_over_a_weekend_only_pushes_by_open_time() -> None:
    log = [
        ev("started", at(2025, 3, 7, 19)),  # Friday
        ev("paused", at(2025, 3, 7, 20)),
        ev("resumed", at(2025, 3, 10, 10)),  # Monday
    ]
    state = compute_clock(log, CAL, 3 * H, now=at(2025, 3, 10, 10))
    assert state.paused_total == 2 * H  # Friday 20–21 and Monday 9–10
    assert state.due_at == at(2025, 3, 10, 12)  # 1h Friday + 2h from Monday 10:00


def test_fulfilment_stops_the_clock() -> None:
    log = [ev("started", at(2025, 3, 4, 10)), ev("fulfilled", at(2025, 3, 4, 11))]
    state = compute_clock(log, CAL, 2 * H, now=at(2025, 3, 20, 10))
    assert state.status == "fulfilled" and not state.is_breached
    assert state.elapsed == H and state.remaining == H
    assert state.due_at == at(2025, 3, 4, 12)  # the due time it had, for the record
    # Events after fulfilment (a stray pause) change nothing
    again = compute_clock(log + [ev("paused", at(2025, 3, 5, 10))], CAL, 2 * H, now=state.now)
    assert again == state


def test_late_fulfilment_is_a_breach_and_on_the_dot_is_not() -> None:
    start = ev("started", at(2025, 3, 4, 10))
    late = compute_clock(
        [start, ev("fulfilled", at(2025, 3, 4, 13, 1))], CAL, 2 * H, now=at(2025, 3, 9)
    )
    assert late.status == "fulfilled" and late.breached_at == at(2025, 3, 4, 12)
    exact = compute_clock(
        [start, ev("fulfilled", at(2025, 3, 4, 12))], CAL, 2 * H, now=at(2025, 3, 9)
    )
    assert not exact.is_breached
    # Fulfilled during lunch after a 12:00 due: 12:30 is later than 12:00, so late
    lunch = compute_clock(
        [start, ev("fulfilled", at(2025, 3, 4, 12, 30))], CAL, 2 * H, now=at(2025, 3, 9)
    )
    assert lunch.is_breached and lunch.remaining == ZERO


def test_pausing_after_a_breach_does_not_undo_it() -> None:
    log = [ev("started", at(2025, 3, 4, 10)), ev("paused", at(2025, 3, 4, 14))]
    state = compute_clock(log, CAL, 2 * H, now=at(2025, 3, 5, 10))
    assert state.is_paused and state.status == "breached"
    assert state.due_at == state.breached_at == at(2025, 3, 4, 12)


def test_target_change_applies_from_the_start_and_can_breach_at_once() -> None:
    start = at(2025, 3, 4, 10)
    raised = [ev("started", start), ev("target_changed", at(2025, 3, 4, 11), 2 * H)]
    state = compute_clock(raised, CAL, 24 * H, now=at(2025, 3, 4, 11))
    assert state.target == 2 * H and state.due_at == at(2025, 3, 4, 12)
    too_late = [ev("started", start), ev("target_changed", at(2025, 3, 4, 14), 2 * H)]
    state = compute_clock(too_late, CAL, 24 * H, now=at(2025, 3, 4, 14))
    assert state.breached_at == at(2025, 3, 4, 12)


def test_recomputing_with_a_changed_calendar_moves_the_due_time() -> None:
    log = [ev("started", at(2025, 3, 4, 20)), ev("recomputed", at(2025, 3, 4, 20, 30))]
    before = compute_clock(log, CAL, 2 * H, now=at(2025, 3, 4, 20, 30))
    assert before.due_at == at(2025, 3, 5, 10)
    # The administrator declares Wednesday a company holiday; recompute from the log
    closed_wed = BusinessCalendar(extra_holidays=frozenset({dt.date(2025, 3, 5)}))
    after = compute_clock(log, closed_wed, 2 * H, now=at(2025, 3, 4, 20, 30))
    assert after.due_at == at(2025, 3, 6, 10)


def test_calendar_time_clock_for_24x7_targets() -> None:
    cal = CalendarTime()
    log = [
        ev("started", at(2025, 2, 1, 20)),  # Spring Festival Saturday: irrelevant 24×7
        ev("paused", at(2025, 2, 1, 21)),
        ev("resumed", at(2025, 2, 2, 9)),
    ]
    state = compute_clock(log, cal, 24 * H, now=at(2025, 2, 2, 9))
    assert state.paused_total == 12 * H and state.due_at == at(2025, 2, 3, 8)


def test_not_started_and_duplicates_and_future_events() -> None:
    empty = compute_clock([], CAL, 2 * H, now=at(2025, 3, 4, 10))
    assert empty.status == "not_started" and empty.due_at is None and empty.elapsed == ZERO
    start = at(2025, 3, 4, 10)
    noisy = [
        ev("resumed", start),  # resume while running: ignored
        ev("started", start),
        ev("started", at(2025, 3, 4, 10, 30)),  # second start: ignored
        ev("paused", at(2025, 3, 4, 11)),
        ev("paused", at(2025, 3, 4, 11, 10)),  # pause while paused: ignored
        ev("resumed", at(2025, 3, 4, 11, 30)),
        ev("fulfilled", at(2025, 3, 4, 15)),  # after now: not yet happened
    ]
    clean = [
        ev("started", start),
        ev("paused", at(2025, 3, 4, 11)),
        ev("resumed", at(2025, 3, 4, 11, 30)),
    ]
    now = at(2025, 3, 4, 11, 45)
    assert compute_clock(noisy, CAL, 2 * H, now=now) == compute_clock(clean, CAL, 2 * H, now=now)
    # Out-of-order appends are folded in time order
    assert compute_clock(clean[::-1], CAL, 2 * H, now=now) == compute_clock(
        clean, CAL, 2 * H, now=now
    )


def test_fulfilled_while_paused() -> None:
    log = [
        ev("started", at(2025, 3, 4, 10)),
        ev("paused", at(2025, 3, 4, 10, 30)),
        ev("fulfilled", at(2025, 3, 4, 15)),
    ]
    state = compute_clock(log, CAL, 2 * H, now=at(2025, 3, 6))
    assert state.status == "fulfilled" and not state.is_paused and not state.is_breached
    assert state.paused_total == 3 * H + 30 * M and state.elapsed == 30 * M


def test_warnings_can_be_disabled_and_inputs_are_validated() -> None:
    log = [ev("started", at(2025, 3, 4, 10))]
    assert compute_clock(log, CAL, 2 * H, warn_ratio=None, now=at(2025, 3, 4, 10)).warn_at is None
    with pytest.raises(ValueError):
        compute_clock(log, CAL, 2 * H, warn_ratio=1.5, now=at(2025, 3, 4, 10))
    with pytest.raises(ValueError):
        compute_clock(log, CAL, -H, now=at(2025, 3, 4, 10))
    with pytest.raises(ValueError, match="naive"):
        ClockEvent(EventKind.STARTED, dt.datetime(2025, 3, 4, 10))
    with pytest.raises(ValueError):
        ClockEvent(EventKind.TARGET_CHANGED, at(2025, 3, 4, 10))


def test_event_dict_round_trip() -> None:
    e = ClockEvent(EventKind.TARGET_CHANGED, at(2025, 3, 4, 10), 2 * H, note="priority red")
    assert ClockEvent.from_dict(e.as_dict()) == e
    assert (
        ClockEvent.from_dict({"kind": "paused", "at": "2025-03-04T10:00:00+08:00"}).kind
        is EventKind.PAUSED
    )


# ------------------------------------------------------------ properties
@st.composite
def clock_logs(draw):
    t = at(2025, 1, 20) + draw(st.integers(0, 60 * 24 * 700)) * M
    log = [ev("started", t)]
    for _ in range(draw(st.integers(0, 8))):
        t += draw(st.integers(0, 60 * 24 * 4)) * M
        kind = draw(
            st.sampled_from(["paused", "resumed", "paused", "resumed", "recomputed", "fulfilled"])
        )
        log.append(ev(kind, t))
    now = t + draw(st.integers(0, 60 * 24 * 10)) * M
    target = draw(st.sampled_from([ZERO, 30 * M, 2 * H, 8 * H, 24 * H, 72 * H]))
    return log, target, now


@settings(max_examples=300, deadline=None)
@given(clock_logs())
def test_invariants_of_the_fold(case) -> None:
    log, target, now = case
    state = compute_clock(log, CAL, target, now=now)
    ref = state.reference_at
    # Every open instant between start and the reference is either counted or paused
    assert state.elapsed + state.paused_total == business_time_between(CAL, state.started_at, ref)
    if state.due_at is not None:
        # due/warn are never inside a closed period
        for moment in (state.due_at, state.warn_at):
            assert is_open(CAL, moment) or any(
                s < moment <= e for s, e in open_periods(CAL, moment - 2 * H, moment + H)
            )
        assert state.warn_at <= state.due_at
    if state.is_breached:
        assert state.elapsed >= target
    if state.elapsed > target:
        assert state.is_breached
    # Deterministic, and independent of the order the log arrives in, except
    # that events at the same instant keep their relative (append) order
    groups: dict[dt.datetime, list[ClockEvent]] = {}
    for e in log:
        groups.setdefault(e.at, []).append(e)
    order = list(groups)
    random.Random(0).shuffle(order)
    shuffled = [e for moment in order for e in groups[moment]]
    assert compute_clock(shuffled, CAL, target, now=now) == state


@settings(max_examples=200, deadline=None)
@given(clock_logs(), st.integers(1, 60 * 24 * 5))
def test_clock_only_moves_forward(case, later_minutes: int) -> None:
    log, target, now = case
    before = compute_clock(log, CAL, target, now=now)
    after = compute_clock(log, CAL, target, now=now + later_minutes * M)
    assert after.elapsed >= before.elapsed and after.paused_total >= before.paused_total
    if before.is_breached:
        assert after.breached_at == before.breached_at


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 60 * 24 * 700),
    st.sampled_from([30 * M, 2 * H, 8 * H, 24 * H, 72 * H]),
    st.integers(0, 60 * 24 * 5),
    st.integers(0, 60 * 24 * 5),
)
def test_resume_pushes_due_by_exactly_the_paused_open_time(
    offset, target, pause_at, length
) -> None:
    start = at(2025, 1, 20) + offset * M
    due0 = add_business_time(CAL, start, target)
    p = start + pause_at * M
    r = p + length * M
    if not (p < due0 and business_time_between(CAL, start, p) < target):
        return  # a pause after the due time does not move it (tested above)
    log = [ev("started", start), ev("paused", p), ev("resumed", r)]
    state = compute_clock(log, CAL, target, now=r)
    pushed = business_time_between(CAL, p, r)
    # A pause covering no open time leaves the due time as it was, even when that is a
    # closing instant (add_business_time(close, 0) would report the next opening).
    assert state.due_at == (add_business_time(CAL, due0, pushed) if pushed else due0)
