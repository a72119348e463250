"""Pure follow-up rules: due times, method, low scores, suggestions, reminder matching (no database)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from bihuan.routing.clock import BusinessCalendar, add_business_time, next_open

RED_WITHIN = dt.timedelta(hours=24)
EMOTIONAL = frozenset({"angry", "anxious"})
# Plain keyword check: a comment that proposes something rather than only rating us.
SUGGESTION_WORDS = ("建议", "希望", "最好", "能不能", "可不可以", "应该", "改进", "改善", "如果能",
                    "suggest", "should", "would be better", "please add", "improve", "wish")


def due_at(cal: BusinessCalendar, start: dt.datetime, *, working_days: int, red: bool) -> dt.datetime:
    """The close of the `working_days`-th working day after `start`; red: within 24 hours.

    Working days are those on which the business calendar opens (statutory
    holidays and 调休 included). A red follow-up takes the earlier of 24
    hours and the next opening's first hours, so it never slips past a day.
    """
    working_days = min(3, max(1, working_days))
    if red:
        soon = add_business_time(cal, start, dt.timedelta(hours=4))
        return min(soon, start + RED_WITHIN)
    day = start.astimezone(cal.tz).date()
    counted = 0
    for _ in range(60):  # bounded: a calendar closed for two months is misconfigured
        day += dt.timedelta(days=1)
        slots = cal.slots_on(day)
        if slots:
            counted += 1
            if counted == working_days:
                close = max(s.end for s in slots)
                midnight = dt.datetime.combine(day, dt.time(), tzinfo=cal.tz)
                return midnight + dt.timedelta(minutes=close)
    return next_open(cal, start + dt.timedelta(days=working_days))


def method_for(*, priority: str, emotion: str) -> str:
    """Phone for red or emotional customers; otherwise the channel they came in on."""
    return "phone" if priority == "red" or emotion in EMOTIONAL else "channel"


def retry_at(cal: BusinessCalendar, now: dt.datetime) -> dt.datetime:
    """An unreachable customer is tried again after two business hours."""
    return add_business_time(cal, now, dt.timedelta(hours=2))


def is_low_score(*, csat: int | None, nps: int | None, low_csat: int = 2, low_nps: int = 6) -> bool:
    return (csat is not None and csat <= low_csat) or (nps is not None and nps <= low_nps)


def is_suggestion(comment: str) -> bool:
    text = comment.strip().lower()
    return bool(text) and any(word in text for word in SUGGESTION_WORDS)


@dataclass(frozen=True)
class Facts:
    """What reminder rules may look at: the complaint and its order's products."""

    category: str = ""
    subcategory: str = ""
    channel: str = ""
    text: str = ""  # title, description, scenario and product names, lowercased


def rule_matches(*, categories: Iterable[str], subcategories: Iterable[str], channels: Iterable[str],
                 keywords: Iterable[str], facts: Facts) -> bool:
    """Every non-empty condition must hold; keywords match if any one occurs in the text."""
    if (categories := list(categories)) and facts.category not in categories:
        return False
    if (subcategories := list(subcategories)) and facts.subcategory not in subcategories:
        return False
    if (channels := list(channels)) and facts.channel not in channels:
        return False
    words = [w.strip().lower() for w in keywords if w and w.strip()]
    return not words or any(w in facts.text for w in words)


def due_state(due: dt.datetime, now: dt.datetime) -> str:
    """red: overdue; yellow: due within 4 hours; green: later."""
    if due <= now:
        return "red"
    return "yellow" if due - now <= dt.timedelta(hours=4) else "green"
