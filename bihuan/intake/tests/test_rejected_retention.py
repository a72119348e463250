"""Refused deliveries are kept for inspection, but bounded: body size, row count and age."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bihuan.intake.models import RejectedDelivery
from bihuan.intake.services import rejected_purge, webhook

pytestmark = pytest.mark.django_db


def refuse(body: bytes = b"{}", channel: str = "wechat"):
    with pytest.raises(webhook.WebhookRejected):
        webhook.receive_webhook(channel=channel, body=body, headers={}, remote_addr="203.0.113.9")


def test_only_the_first_4_kb_of_a_refused_body_are_stored_with_a_hash_of_all_of_it():
    body = ("投诉" * 10_000).encode()
    refuse(body)
    stored = RejectedDelivery.objects.get()
    assert len(stored.body.encode()) <= 4 * 1024 + 3 and stored.body.startswith("投诉投诉")
    assert stored.body_sha256 == __import__("hashlib").sha256(body).hexdigest()


def test_purge_drops_rows_past_the_age_limit_then_the_oldest_past_the_row_limit(settings):
    settings.BIHUAN_INTAKE_REJECTED_KEEP_ROWS = 3
    settings.BIHUAN_INTAKE_REJECTED_KEEP_DAYS = 30
    for _ in range(5):
        refuse()
    old = RejectedDelivery.objects.order_by("id").first()
    RejectedDelivery.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    newest = list(RejectedDelivery.objects.order_by("-id").values_list("id", flat=True)[:3])
    assert rejected_purge() == 2
    assert sorted(RejectedDelivery.objects.values_list("id", flat=True)) == sorted(newest)


def test_a_flood_of_unsigned_requests_cannot_grow_the_table_past_the_limit(settings, monkeypatch):
    settings.BIHUAN_INTAKE_REJECTED_KEEP_ROWS = 10
    monkeypatch.setattr(webhook, "PURGE_EVERY", 5)
    for _ in range(40):
        refuse(b'{"spam": true}', channel="no-such-channel")
    assert RejectedDelivery.objects.count() <= 10 + 5
