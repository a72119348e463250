"""Intake test helpers: channel secrets in settings and signed requests."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from bihuan.intake.services.signatures import forget_channel_secrets, signed_headers

SECRET = "test-secret-不要用于生产"


@pytest.fixture(autouse=True)
def _intake_settings(settings):
    settings.BIHUAN_INTAKE_SECRETS = {ch: f"{SECRET}-{ch}" for ch in (
        "phone", "web", "app", "email", "wechat", "weibo", "douyin", "xiaohongshu", "ecommerce",
        "public_platform", "regulator", "api")}
    cache.clear()  # product catalogue and form rate-limit counters
    forget_channel_secrets()
    yield
    cache.clear()
    forget_channel_secrets()


def secret_for(channel: str) -> str:
    return f"{SECRET}-{channel}"


def signed(channel: str, payload, *, timestamp: int | None = None, secret: str | None = None,
           extra_headers: dict | None = None) -> tuple[bytes, dict]:
    body = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
    headers = signed_headers(secret or secret_for(channel), body, timestamp=timestamp)
    headers.update(extra_headers or {})
    return body, headers
