"""Pagination without COUNT(*): a queue at a million rows must not count them.

We fetch one row more than the page size to know whether a next page exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class Page:
    items: list[Any]
    page: int
    page_size: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def clamp_page(page: Any, page_size: Any, default_size: int = 25) -> tuple[int, int]:
    """Turn untrusted page parameters into sane integers (never raises)."""
    try:
        page_i = max(1, int(page))
    except (TypeError, ValueError):
        page_i = 1
    try:
        size_i = min(MAX_PAGE_SIZE, max(1, int(page_size)))
    except (TypeError, ValueError):
        size_i = default_size
    page_i = min(page_i, 100_000)
    return page_i, size_i


def paginate(qs: QuerySet, *, page: int, page_size: int) -> Page:
    start = (page - 1) * page_size
    rows = list(qs[start : start + page_size + 1])
    return Page(
        items=rows[:page_size], page=page, page_size=page_size, has_next=len(rows) > page_size
    )
