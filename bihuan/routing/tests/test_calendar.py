"""Business calendar data and business-time arithmetic (pure Python, no DB).

The 2025 and 2026 statutory schedules below are transcribed by hand from the
State Council notices (国办发明电〔2024〕12号 of 2024-11-12 for 2025; the
notice of 2025-11-04 for 2026), not from the chinese_calendar package, so the
whole-year cross-check is an independent verification of the package data.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bihuan.routing.clock import (
    BusinessCalendar,
    CalendarError,
    CalendarNeverOpens,
    CalendarTime,
    StatutoryKind,
    TimeSlot,
    add_business_time,
    business_time_between,
    calendar_for_target,
    is_open,
    load_calendar,
    next_open,
    open_periods,
    parse_slots,
)

SH = ZoneInfo("Asia/Shanghai")
H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)
D = dt.date


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0, tz: dt.tzinfo = SH) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=tz)


def span(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


# (holiday periods, make-up working days) per official notice.
OFFICIAL = {
    2025: (
        [(D(2025, 1, 1), D(2025, 1, 1)), (D(2025, 1, 28), D(2025, 2, 4)),
         (D(2025, 4, 4), D(2025, 4, 6)), (D(2025, 5, 1), D(2025, 5, 5)),
         (D(2025, 5, 31), D(2025, 6, 2)), (D(2025, 10, 1), D(2025, 10, 8))],
        [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)],
    ),
    2026: (
        [(D(2026, 1, 1), D(2026, 1, 3)), (D(2026, 2, 15), D(2026, 2, 23)),
         (D(2026, 4, 4), D(2026, 4, 6)), (D(2026, 5, 1), D(2026, 5, 5)),
         (D(2026, 6, 19), D(2026, 6, 21)), (D(2026, 9, 25), D(2026, 9, 27)),
         (D(2026, 10, 1), D(2026, 10, 7))],
        [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20),
         D(2026, 10, 10)],
    ),
}  # fmt: skip

SPLIT = BusinessCalendar()  # Mon–Fri 09:00–12:00 & 13:00–21:00, statutory calendar on


# ------------------------------------------------------------ statutory data
@pytest.mark.parametrize("year", sorted(OFFICIAL))
def test_every_day_of_the_year_matches_the_official_notice(year: int) -> None:
    holidays_, makeups = OFFICIAL[year]
    holiday_days = {d for a, b in holidays_ for d in span(a, b)}
    for day in span(D(year, 1, 1), D(year, 12, 31)):
        info = SPLIT.day_info(day)
        if day in holiday_days:
            expected = StatutoryKind.HOLIDAY
        elif day in makeups:
            expected = StatutoryKind.MAKEUP_WORKDAY
        elif day.weekday() >= 5:
            expected = StatutoryKind.REST_DAY
        else:
            expected = StatutoryKind.WORKDAY
        assert (day, info.kind) == (day, expected)
        assert info.source == "statutory"
        assert info.is_open_day == (
            expected in {StatutoryKind.WORKDAY, StatutoryKind.MAKEUP_WORKDAY}
        )


def test_makeup_days_carry_the_festival_name_and_weekday_slots() -> None:
    sat = SPLIT.day_info(D(2025, 2, 8))
    assert sat.kind is StatutoryKind.MAKEUP_WORKDAY and sat.name == "Spring Festival"
    assert [s.label() for s in sat.slots] == ["09:00-12:00", "13:00-21:00"]
    assert SPLIT.day_info(D(2025, 9, 28)).name == "National Day"


def test_known_range_covers_2025_and_2026_and_is_none_without_statutory() -> None:
    first, last = SPLIT.known_range()
    assert first <= D(2025, 1, 1) and last >= D(2026, 12, 31)
    assert BusinessCalendar(use_statutory=False).known_range() is None


def test_beyond_known_range_falls_back_to_weekdays_and_overrides() -> None:
    _, last = SPLIT.known_range()
    year = last.year + 1
    new_year = D(year, 1, 1)
    while new_year.weekday() >= 5:  # pick a weekday so the override is visible
        new_year += dt.timedelta(days=1)
    sat = new_year + dt.timedelta(days=5 - new_year.weekday())
    info = SPLIT.day_info(new_year)
    assert info.source == "beyond_known_range" and info.kind is StatutoryKind.WORKDAY
    cal = BusinessCalendar(extra_holidays=frozenset({new_year}), extra_workdays=frozenset({sat}))
    assert cal.day_info(new_year).kind is StatutoryKind.HOLIDAY and not cal.slots_on(new_year)
    assert cal.day_info(sat).kind is StatutoryKind.MAKEUP_WORKDAY and cal.slots_on(sat)


def test_overrides_win_over_the_statutory_calendar() -> None:
    cal = BusinessCalendar(
        extra_holidays=frozenset({D(2025, 2, 8)}),  # company gives the 调休 Saturday off
        extra_workdays=frozenset({D(2025, 10, 8)}),  # and works the last golden-week day
    )
    assert not cal.slots_on(D(2025, 2, 8))
    assert cal.day_info(D(2025, 10, 8)).source == "override"
    assert cal.slots_on(D(2025, 10, 8)) == SPLIT.weekly[2]  # a Wednesday


def test_statutory_off_ignores_holidays() -> None:
    cal = BusinessCalendar(use_statutory=False)
    assert cal.slots_on(D(2025, 10, 1))  # Wednesday, ordinary working day
    assert not cal.slots_on(D(2025, 2, 8))  # Saturday, ordinary rest day


def test_makeup_and_holiday_slots_are_configurable() -> None:
    cal = BusinessCalendar(
        weekly=SPLIT.weekly[:5] + (parse_slots(["10:00-16:00"]), ()),
        makeup_slots=parse_slots(["09:00-18:00"]),
        holiday_slots=parse_slots(["10:00-14:00"]),
    )
    assert [s.label() for s in cal.slots_on(D(2025, 2, 8))] == ["09:00-18:00"]  # 调休 Saturday
    assert [s.label() for s in cal.slots_on(D(2025, 3, 1))] == ["10:00-16:00"]  # plain Saturday
    assert [s.label() for s in cal.slots_on(D(2025, 2, 1))] == ["10:00-14:00"]  # festival Saturday


# ------------------------------------------------------------ data round trip
def test_dict_round_trip_and_canonical_form() -> None:
    data = {
        "timezone": "Asia/Shanghai",
        "weekly": {"mon": ["13:00-21:00", ["09:00", "12:00"]], "sat": [["10:00", "24:00"]]},
        "use_statutory": True,
        "makeup_slots": [["09:00", "18:00"]],
        "extra_holidays": ["2027-02-06"],
        "extra_workdays": [D(2027, 2, 20)],
    }
    cal = BusinessCalendar.from_dict(data)
    assert cal.weekly[0] == (TimeSlot(540, 720), TimeSlot(780, 1260))
    assert cal.weekly[5] == (TimeSlot(600, 1440),) and cal.weekly[1] == ()
    stored = cal.as_dict()
    assert stored["weekly"]["sat"] == [["10:00", "24:00"]]
    assert stored["extra_workdays"] == ["2027-02-20"]
    assert BusinessCalendar.from_dict(stored) == cal == load_calendar(stored)
    assert load_calendar({"kind": "calendar"}) == CalendarTime()


@pytest.mark.parametrize(
    ("data", "code", "field"),
    [
        ({"timezone": "Mars/Olympus"}, "invalid_timezone", "timezone"),
        ({"weekly": {"mon": [["12:00", "09:00"]]}}, "invalid_slot", "weekly.mon"),
        ({"weekly": {"mon": ["09:00-12:00", "11:00-13:00"]}}, "overlapping_slots", "weekly.mon"),
        ({"weekly": {"mon": [["9h", "12:00"]]}}, "invalid_slot", "weekly.mon"),
        ({"weekly": {"funday": []}}, "invalid_calendar", "weekly.funday"),
        ({"extra_holidays": ["2027-13-01"]}, "invalid_calendar", "extra_holidays"),
        ({"extra_holidays": ["2027-01-01"], "extra_workdays": ["2027-01-01"]},
         "conflicting_overrides", "extra_workdays"),
        ({"timezon": "Asia/Shanghai"}, "invalid_calendar", "timezon"),
    ],
)  # fmt: skip
def test_bad_data_is_a_clear_calendar_error(data: dict, code: str, field: str) -> None:
    with pytest.raises(CalendarError) as err:
        BusinessCalendar.from_dict(data)
    assert (err.value.code, err.value.field) == (code, field)


# ------------------------------------------------------------ concrete due times
def test_red_complaint_on_a_makeup_saturday_at_2050() -> None:
    # Given a red complaint (2 business hours) on the Spring Festival 调休 Saturday
    start = at(2025, 2, 8, 20, 50)
    # Then 10 minutes count on Saturday, Sunday is closed, 1h50 on Monday morning
    assert add_business_time(SPLIT, start, 2 * H) == at(2025, 2, 10, 10, 50)
    # And on the National Day 调休 Saturday likewise (Sunday 10-12 is a rest day)
    assert add_business_time(SPLIT, at(2025, 10, 11, 20, 50), 2 * H) == at(2025, 10, 13, 10, 50)
    # While the same time on an ordinary Saturday counts from Monday 09:00
    assert add_business_time(SPLIT, at(2025, 3, 1, 20, 50), 2 * H) == at(2025, 3, 3, 11, 0)


def test_makeup_sunday_before_spring_festival_then_holiday_span() -> None:
    # 2025-01-26 (Sunday) is a working day; 27th Monday works; 28th–Feb 4th closed
    assert is_open(SPLIT, at(2025, 1, 26, 10))
    assert add_business_time(SPLIT, at(2025, 1, 26, 20), 2 * H) == at(2025, 1, 27, 10)
    # Received on the last working day before the holiday, 20:00 with 24 business
    # hours: 1h on Jan 27, nothing until Feb 5, 11h on the 5th and 6th, 1h on the 7th
    assert add_business_time(SPLIT, at(2025, 1, 27, 20), 24 * H) == at(2025, 2, 7, 10)
    assert business_time_between(SPLIT, at(2025, 1, 27, 21), at(2025, 2, 5, 9)) == dt.timedelta(0)


def test_national_day_golden_week_2025_and_2026() -> None:
    # 2025: Sunday Sep 28 works, Oct 1–8 closed, Oct 11 (Saturday) works.
    assert add_business_time(SPLIT, at(2025, 9, 30, 20), 2 * H) == at(2025, 10, 9, 10)
    assert add_business_time(SPLIT, at(2025, 9, 27, 12), 1 * H) == at(2025, 9, 28, 10)
    # 2026: Sunday Sep 20 works, Oct 1–7 closed, Oct 10 (Saturday) works.
    assert add_business_time(SPLIT, at(2026, 9, 19, 15), 1 * H) == at(2026, 9, 20, 10)
    assert add_business_time(SPLIT, at(2026, 9, 30, 20, 30), 1 * H) == at(2026, 10, 8, 9, 30)
    assert next_open(SPLIT, at(2026, 10, 9, 22)) == at(2026, 10, 10, 9)


def test_spring_festival_2026_nine_days() -> None:
    # Saturday Feb 14 works; Feb 15–23 closed; Saturday Feb 28 works.
    assert next_open(SPLIT, at(2026, 2, 14, 21)) == at(2026, 2, 24, 9)
    assert business_time_between(SPLIT, at(2026, 2, 14), at(2026, 2, 25)) == 22 * H
    assert is_open(SPLIT, at(2026, 2, 28, 9)) and not is_open(SPLIT, at(2026, 3, 1, 9))


def test_lunch_break() -> None:
    # Received at 12:30: counting starts at 13:00
    assert add_business_time(SPLIT, at(2025, 3, 4, 12, 30), 2 * H) == at(2025, 3, 4, 15)
    # Received at 11:30 with 1h: 30 min before lunch, 30 min after
    assert add_business_time(SPLIT, at(2025, 3, 4, 11, 30), 1 * H) == at(2025, 3, 4, 13, 30)
    # Used up exactly at the lunch break: due at 12:00, not 13:00
    assert add_business_time(SPLIT, at(2025, 3, 4, 11), 1 * H) == at(2025, 3, 4, 12)
    assert not is_open(SPLIT, at(2025, 3, 4, 12)) and is_open(SPLIT, at(2025, 3, 4, 11, 59))
    assert next_open(SPLIT, at(2025, 3, 4, 12, 30)) == at(2025, 3, 4, 13)
    assert add_business_time(SPLIT, at(2025, 3, 4, 12, 30), dt.timedelta(0)) == at(2025, 3, 4, 13)


def test_between_counts_only_open_time_and_is_antisymmetric() -> None:
    a, b = at(2025, 3, 4, 8), at(2025, 3, 5, 10)
    assert business_time_between(SPLIT, a, b) == 12 * H
    assert business_time_between(SPLIT, b, a) == -12 * H
    periods = list(open_periods(SPLIT, a, b))
    assert [(p[0].hour, p[1].hour) for p in periods] == [(9, 12), (13, 21), (9, 10)]


def test_twenty_four_seven_calendar_time() -> None:
    cal = calendar_for_target("calendar", SPLIT)
    assert isinstance(cal, CalendarTime)
    start = at(2025, 2, 1, 20, 50)  # a festival Saturday: irrelevant in calendar time
    assert add_business_time(cal, start, 2 * H) == at(2025, 2, 1, 22, 50)
    assert business_time_between(cal, start, at(2025, 2, 3, 20, 50)) == 48 * H
    assert is_open(cal, start) and next_open(cal, start) == start
    assert calendar_for_target("business", SPLIT) is SPLIT


def test_midnight_slots_join_across_days() -> None:
    night = parse_slots(["00:00-06:00", "22:00-24:00"])
    cal = BusinessCalendar(weekly=(night,) * 7, use_statutory=False)
    assert add_business_time(cal, at(2025, 3, 4, 23), 2 * H) == at(2025, 3, 5, 1)
    assert is_open(cal, at(2025, 3, 5, 0))


def test_calendar_that_never_opens_raises_instead_of_looping() -> None:
    cal = BusinessCalendar(weekly=((),) * 7, use_statutory=False)
    assert not cal.has_any_open_slot()
    with pytest.raises(CalendarNeverOpens):
        add_business_time(cal, at(2025, 3, 4), H)


def test_naive_datetimes_and_negative_durations_are_rejected() -> None:
    with pytest.raises(ValueError, match="naive"):
        add_business_time(SPLIT, dt.datetime(2025, 3, 4, 10), H)
    with pytest.raises(ValueError):
        add_business_time(SPLIT, at(2025, 3, 4, 10), -H)


def test_result_is_the_same_instant_whatever_the_callers_zone() -> None:
    utc_start = at(2025, 2, 8, 12, 50, tz=dt.UTC)  # 20:50 in Shanghai
    due = add_business_time(SPLIT, utc_start, 2 * H)
    assert due == at(2025, 2, 10, 10, 50) and due.tzinfo == SH


# ------------------------------------------------------------ properties
slot_lists = st.lists(
    st.tuples(st.integers(0, 47), st.integers(1, 16)), min_size=0, max_size=3
).map(lambda xs: _non_overlapping(xs))


def _non_overlapping(xs: list[tuple[int, int]]) -> tuple[TimeSlot, ...]:
    out: list[TimeSlot] = []
    for start, length in sorted(xs):  # half-hour grid
        s, e = start * 30, min(start * 30 + length * 30, 1440)
        if out and s < out[-1].end:
            continue
        out.append(TimeSlot(s, e))
    return tuple(out)


calendars = st.builds(
    lambda weekly, statutory, tz, makeup: BusinessCalendar(
        timezone=tz, weekly=tuple(weekly), use_statutory=statutory, makeup_slots=makeup
    ),
    st.lists(slot_lists, min_size=7, max_size=7).filter(lambda w: any(w)),
    st.booleans(),
    # DST-free zones as the issue asks, plus one with DST to keep us honest.
    st.sampled_from(["Asia/Shanghai", "Asia/Urumqi", "UTC", "Europe/Berlin"]),
    st.none() | slot_lists,
)
instants = st.datetimes(
    min_value=dt.datetime(2024, 12, 1), max_value=dt.datetime(2027, 3, 1), timezones=st.just(SH)
)
durations = st.timedeltas(
    min_value=dt.timedelta(0), max_value=dt.timedelta(hours=200)
) | st.sampled_from([dt.timedelta(0), H, 2 * H, 24 * H])


def _inside_or_at_close(cal: BusinessCalendar, t: dt.datetime) -> bool:
    return is_open(cal, t) or any(
        s < t <= e for s, e in open_periods(cal, t - dt.timedelta(days=1), t + dt.timedelta(days=1))
    )


@settings(max_examples=300, deadline=None)
@given(calendars, instants, durations)
def test_due_is_never_inside_a_closed_period(cal: BusinessCalendar, start, d) -> None:
    due = add_business_time(cal, start, d)
    assert due >= start
    assert _inside_or_at_close(cal, due)


@settings(max_examples=300, deadline=None)
@given(calendars, instants, durations)
def test_between_inverts_add(cal: BusinessCalendar, start, d) -> None:
    assert business_time_between(cal, start, add_business_time(cal, start, d)) == d


@settings(max_examples=200, deadline=None)
@given(calendars, instants, durations, durations)
def test_add_is_monotone_and_additive(cal: BusinessCalendar, start, d1, d2) -> None:
    lo, hi = sorted((d1, d2))
    assert add_business_time(cal, start, lo) <= add_business_time(cal, start, hi)
    if lo > dt.timedelta(0):  # zero from a close jumps to the next opening
        mid = add_business_time(cal, start, lo)
        assert add_business_time(cal, mid, hi) == add_business_time(cal, start, lo + hi)


@settings(max_examples=200, deadline=None)
@given(calendars, instants, instants)
def test_between_is_additive_and_bounded(cal: BusinessCalendar, a, b) -> None:
    a, b = sorted((a, b))
    mid = a + (b - a) / 2
    total = business_time_between(cal, a, b)
    assert total == business_time_between(cal, a, mid) + business_time_between(cal, mid, b)
    assert dt.timedelta(0) <= total <= b - a  # absolute instants, even across DST


@settings(max_examples=200, deadline=None)
@given(calendars, instants)
def test_next_open_is_open_and_nothing_opens_before_it(cal: BusinessCalendar, t) -> None:
    nxt = next_open(cal, t)
    assert nxt >= t and is_open(cal, nxt)
    assert business_time_between(cal, t, nxt) == dt.timedelta(0)


@settings(max_examples=100, deadline=None)
@given(calendars)
def test_dict_round_trip_property(cal: BusinessCalendar) -> None:
    assert BusinessCalendar.from_dict(cal.as_dict()) == cal
