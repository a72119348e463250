"""Dates mentioned in complaint text, resolved against a reference day.

昨天, 前天, 3天前, 上周三, 本周一, 11月20日/号, 2026-11-20, 2026年11月20日, and
English "yesterday", "today", "last Wednesday", "2026-11-20". Pure Python.
A month/day without a year is the most recent such day not after the reference.
"""

from __future__ import annotations

import datetime as dt
import re

from .numerals import NUMERAL_CHARS, chinese_to_int

_NUM = rf"(\d{{1,4}}|[{NUMERAL_CHARS}]{{1,6}})"
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 5}
_EN_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_RELATIVE_DAYS = {"大前天": -3, "前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0,
                  "yesterday": -1, "today": 0}

_PATTERNS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?!\d)")),
    ("md", re.compile(rf"{_NUM}\s*月\s*{_NUM}\s*[日号]")),
    ("week", re.compile(r"(上上|上|本|这|这个|上个)?(?:周|星期|礼拜)([一二三四五六日天末])")),
    ("ago", re.compile(rf"{_NUM}\s*(?:天|日)(?:前|之前|以前)")),
    ("rel", re.compile("|".join(sorted(_RELATIVE_DAYS, key=len, reverse=True)), re.IGNORECASE)),
    ("en_week", re.compile(r"\blast\s+(" + "|".join(_EN_WEEKDAYS) + r")\b", re.IGNORECASE)),
]


def _int(text: str) -> int:
    return int(text) if text.isdigit() else chinese_to_int(text)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _resolve(kind: str, m: re.Match[str], today: dt.date) -> dt.date | None:
    if kind == "ymd":
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if kind == "md":
        month, day = _int(m.group(1)), _int(m.group(2))
        found = _safe_date(today.year, month, day)
        if found and found > today:
            found = _safe_date(today.year - 1, month, day)
        return found
    if kind == "week":
        prefix, wd = m.group(1) or "", _WEEKDAYS[m.group(2)]
        monday = today - dt.timedelta(days=today.weekday())
        if prefix in ("上", "上个"):
            return monday - dt.timedelta(days=7) + dt.timedelta(days=wd)
        if prefix == "上上":
            return monday - dt.timedelta(days=14) + dt.timedelta(days=wd)
        if prefix in ("本", "这", "这个"):
            return monday + dt.timedelta(days=wd)
        # Bare 周三: the most recent Wednesday (complaints describe the past).
        back = (today.weekday() - wd) % 7
        return today - dt.timedelta(days=back)
    if kind == "ago":
        days = _int(m.group(1))
        return today - dt.timedelta(days=days) if days < 3660 else None
    if kind == "rel":
        return today + dt.timedelta(days=_RELATIVE_DAYS[m.group(0).lower()])
    if kind == "en_week":
        wd = _EN_WEEKDAYS.index(m.group(1).lower())
        back = (today.weekday() - wd) % 7 or 7
        return today - dt.timedelta(days=back)
    return None


def extract_dates(text: str, *, today: dt.date) -> list[tuple[int, dt.date]]:
    """(position, date) for every date mention, in text order, overlaps resolved left-first."""
    found: list[tuple[int, int, dt.date]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            try:
                date = _resolve(kind, m, today)
            except (ValueError, KeyError):
                date = None
            if date is not None:
                found.append((m.start(), m.end(), date))
                taken.append((m.start(), m.end()))
    return [(start, date) for start, _end, date in sorted(found)]
