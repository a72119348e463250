"""Timeline measures are pure: given events, when measured, then durations and flags follow."""

from __future__ import annotations

import datetime as dt

from bihuan.analytics.services.facts import timeline_measures

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def test_first_response_is_the_first_public_comment_or_status_change():
    events = [
        ("assignment", at(2), {"owner": None}, {"owner": 7}, False),
        ("comment", at(5), None, None, True),  # internal: not a response to the customer
        ("transition", at(9), "received", "assessed", False),
        ("comment", at(12), None, None, False),
    ]
    m = timeline_measures(T0, events)
    assert m.first_response_seconds == 9 * 60
    assert m.transfers == 0


def test_resolution_escalation_reopen_transfer_and_stage_time():
    events = [
        ("transition", at(10), "received", "assessed", False),
        ("assignment", at(11), {"owner": 7}, {"owner": 8}, False),
        ("transition", at(70), "assessed", "escalated", False),
        ("transition", at(130), "escalated", "closed", False),
        ("transition", at(200), "closed", "reopened", False),
    ]
    m = timeline_measures(T0, events)
    assert m.resolution_seconds == 130 * 60
    assert (m.escalated, m.reopened, m.transfers) == (True, True, 1)
    assert m.stage_seconds == {"received": 600, "assessed": 3600, "escalated": 3600, "closed": 70 * 60}


def test_an_untouched_complaint_has_no_response_yet():
    m = timeline_measures(T0, [])
    assert m.first_response_seconds is None and m.resolution_seconds is None and m.stage_seconds == {}
