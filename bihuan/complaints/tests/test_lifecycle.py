"""Lifecycle rules: every allowed and every forbidden move (pure, no database)."""

from __future__ import annotations

import itertools

import pytest

from bihuan.complaints import lifecycle as lc

ALL = lc.ALL_STATUSES

EXPECTED_ALLOWED = {
    (lc.RECEIVED, lc.ASSESSED), (lc.RECEIVED, lc.ESCALATED), (lc.RECEIVED, lc.WAITING_ON_CUSTOMER),
    (lc.RECEIVED, lc.CLOSED),
    (lc.ASSESSED, lc.VERIFYING), (lc.ASSESSED, lc.ESCALATED), (lc.ASSESSED, lc.WAITING_ON_CUSTOMER),
    (lc.VERIFYING, lc.RESOLVING), (lc.VERIFYING, lc.ASSESSED), (lc.VERIFYING, lc.ESCALATED),
    (lc.VERIFYING, lc.WAITING_ON_CUSTOMER),
    (lc.RESOLVING, lc.EXECUTING), (lc.RESOLVING, lc.VERIFYING), (lc.RESOLVING, lc.ESCALATED),
    (lc.RESOLVING, lc.WAITING_ON_CUSTOMER),
    (lc.EXECUTING, lc.FOLLOW_UP), (lc.EXECUTING, lc.RESOLVING), (lc.EXECUTING, lc.ESCALATED),
    (lc.EXECUTING, lc.WAITING_ON_CUSTOMER),
    (lc.FOLLOW_UP, lc.CLOSED), (lc.FOLLOW_UP, lc.REOPENED), (lc.FOLLOW_UP, lc.WAITING_ON_CUSTOMER),
    (lc.CLOSED, lc.REOPENED),
    (lc.ESCALATED, lc.VERIFYING), (lc.ESCALATED, lc.RESOLVING), (lc.ESCALATED, lc.EXECUTING),
    (lc.ESCALATED, lc.WAITING_ON_CUSTOMER),
    *((lc.WAITING_ON_CUSTOMER, t) for t in
      (lc.ASSESSED, lc.VERIFYING, lc.RESOLVING, lc.EXECUTING, lc.FOLLOW_UP, lc.ESCALATED, lc.CLOSED)),
    (lc.REOPENED, lc.ASSESSED), (lc.REOPENED, lc.VERIFYING), (lc.REOPENED, lc.ESCALATED),
}


@pytest.mark.parametrize("source,target", sorted(itertools.product(ALL, ALL)))
def test_every_pair_is_allowed_exactly_when_the_table_says_so(source, target):
    # given any pair of statuses, with a reason so only the table decides
    if (source, target) in EXPECTED_ALLOWED:
        lc.check_transition(source, target, reason="客户要求")  # does not raise
    else:
        with pytest.raises(lc.TransitionError) as err:
            lc.check_transition(source, target, reason="客户要求")
        assert err.value.code in {"transition_not_allowed", "same_status"}


def test_main_path_walks_received_to_closed_without_reasons():
    for source, target in itertools.pairwise(lc.MAIN_STEPS):
        lc.check_transition(source, target)


@pytest.mark.parametrize("source,target", [
    (lc.ASSESSED, lc.ESCALATED), (lc.CLOSED, lc.REOPENED), (lc.RECEIVED, lc.CLOSED),
    (lc.VERIFYING, lc.ASSESSED), (lc.EXECUTING, lc.RESOLVING), (lc.WAITING_ON_CUSTOMER, lc.CLOSED),
])
def test_exceptional_moves_need_a_reason(source, target):
    with pytest.raises(lc.TransitionError) as err:
        lc.check_transition(source, target, reason="   ")
    assert err.value.code == "reason_required"
    lc.check_transition(source, target, reason="客户已撤诉")


def test_unknown_status_is_rejected():
    with pytest.raises(lc.TransitionError) as err:
        lc.check_transition(lc.RECEIVED, "teleported")
    assert err.value.code == "unknown_status"


def test_next_main_step_and_open_statuses():
    assert lc.next_main_step(lc.RECEIVED) == lc.ASSESSED
    assert lc.next_main_step(lc.FOLLOW_UP) == lc.CLOSED
    assert lc.next_main_step(lc.CLOSED) is None
    assert lc.next_main_step(lc.ESCALATED) is None
    assert not lc.is_open(lc.CLOSED) and lc.is_open(lc.REOPENED)


def test_every_status_has_a_way_forward_except_none_is_a_dead_end():
    for status in ALL:
        assert lc.allowed_targets(status), f"{status} is a dead end"
