"""Login throttling: too many failed attempts for a username or from an address lock it briefly.

Counts live in Django's cache (per-process memory by default, Redis in
production), keyed by username and by client address, so a password-guessing
run is slowed whichever it varies.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

MAX_FAILURES = getattr(settings, "BIHUAN_LOGIN_MAX_FAILURES", 5)
WINDOW_SECONDS = getattr(settings, "BIHUAN_LOGIN_WINDOW_SECONDS", 15 * 60)


def _keys(username: str, address: str) -> list[str]:
    return [f"login-fail:user:{username.strip().lower()[:150]}", f"login-fail:addr:{address[:64]}"]


def is_locked(username: str, address: str) -> bool:
    return any((cache.get(key) or 0) >= MAX_FAILURES for key in _keys(username, address))


def record_failure(username: str, address: str) -> None:
    for key in _keys(username, address):
        if not cache.add(key, 1, WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, WINDOW_SECONDS)


def clear(username: str, address: str) -> None:
    cache.delete_many(_keys(username, address))
