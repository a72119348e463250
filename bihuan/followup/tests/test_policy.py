"""Pure follow-up rules on the default business calendar (no database)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bihuan.followup import policy
from bihuan.routing.clock import BusinessCalendar

SH = ZoneInfo("Asia/Shanghai")
CAL = BusinessCalendar()


def at(y, mo, d, h=0, mi=0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=SH)


def test_due_is_the_close_of_the_nth_working_day_skipping_weekends_and_holidays():
    # given a resolution on Thursday 2025-09-25 at 15:00
    start = at(2025, 9, 25, 15)
    # then 1 working day is Friday's close; 2 is the 调休 Sunday 2025-09-28, a working day
    assert policy.due_at(CAL, start, working_days=1, red=False) == at(2025, 9, 26, 21)
    assert policy.due_at(CAL, start, working_days=2, red=False) == at(2025, 9, 28, 21)
    # and from the eve of National Day (holiday Oct 1–8) the days are Oct 9, 10 and the 调休 Saturday Oct 11
    eve = at(2025, 9, 30, 15)
    assert [policy.due_at(CAL, eve, working_days=n, red=False) for n in (1, 2, 3)] == [
        at(2025, 10, 9, 21), at(2025, 10, 10, 21), at(2025, 10, 11, 21)]


def test_working_days_are_clamped_to_one_to_three():
    start = at(2025, 3, 3, 10)  # Monday
    assert policy.due_at(CAL, start, working_days=9, red=False) == at(2025, 3, 6, 21)
    assert policy.due_at(CAL, start, working_days=0, red=False) == at(2025, 3, 4, 21)


@pytest.mark.parametrize("start", [at(2025, 3, 7, 20, 30), at(2025, 3, 3, 10), at(2025, 1, 28, 12)])
def test_red_is_always_due_within_24_hours(start):
    due = policy.due_at(CAL, start, working_days=3, red=True)
    assert start < due <= start + dt.timedelta(hours=24)


def test_red_inside_service_hours_is_four_business_hours():
    assert policy.due_at(CAL, at(2025, 3, 3, 9), working_days=1, red=True) == at(2025, 3, 3, 14)


@pytest.mark.parametrize("priority,emotion,method", [
    ("red", "calm", "phone"), ("green", "angry", "phone"), ("yellow", "anxious", "phone"),
    ("green", "calm", "channel"), ("yellow", "disappointed", "channel"), ("", "", "channel"),
])
def test_method_is_phone_for_red_or_emotional_customers(priority, emotion, method):
    assert policy.method_for(priority=priority, emotion=emotion) == method


@pytest.mark.parametrize("csat,nps,low", [
    (2, None, True), (3, None, False), (None, 6, True), (None, 7, False), (5, 0, True), (None, None, False),
])
def test_low_scores_by_default_thresholds(csat, nps, low):
    assert policy.is_low_score(csat=csat, nps=nps) is low


def test_suggestions_are_recognised_in_chinese_and_english():
    assert policy.is_suggestion("建议你们的包装再加一层泡沫")
    assert policy.is_suggestion("You should reply faster")
    assert not policy.is_suggestion("很满意，谢谢")
    assert not policy.is_suggestion("   ")


def test_rules_need_every_non_empty_condition_and_any_keyword():
    facts = policy.Facts(category="logistics", subcategory="damaged", channel="app", text="玻璃杯碎了")
    assert policy.rule_matches(categories=["logistics"], subcategories=[], channels=[], keywords=["易碎", "玻璃"],
                               facts=facts)
    assert not policy.rule_matches(categories=["product"], subcategories=[], channels=[], keywords=["玻璃"],
                                   facts=facts)
    assert not policy.rule_matches(categories=[], subcategories=[], channels=["phone"], keywords=[], facts=facts)
    assert policy.rule_matches(categories=[], subcategories=[], channels=[], keywords=[], facts=facts)


def test_due_state_colours():
    now = at(2025, 3, 3, 10)
    assert policy.due_state(now - dt.timedelta(minutes=1), now) == "red"
    assert policy.due_state(now + dt.timedelta(hours=3), now) == "yellow"
    assert policy.due_state(now + dt.timedelta(hours=5), now) == "green"
