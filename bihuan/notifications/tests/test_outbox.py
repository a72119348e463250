"""Outbox: dedup on enqueue, claim/send/mark, retries with backoff, senders over real HTTP."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from bihuan.notifications.models import Outbox
from bihuan.notifications.services import Message, backoff, notifications_enqueue, outbox_dispatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def notify(settings, gateway):
    settings.BIHUAN_NOTIFY = {**settings.BIHUAN_NOTIFY, "sms_webhook_url": f"{gateway.url}/sms",
                              "wecom_webhook_url": f"{gateway.url}/wecom", "max_attempts": 3}
    return settings.BIHUAN_NOTIFY


def test_same_dedup_key_is_one_row(notify):
    msg = Message(dedup_key="k1", channel="sms", recipient="13800000000", body="红色投诉已超时")
    assert notifications_enqueue(messages=[msg, msg]) == 1
    assert notifications_enqueue(messages=[msg]) == 0
    assert Outbox.objects.count() == 1


def test_enqueue_rolls_back_with_its_cause(notify):
    with pytest.raises(RuntimeError), transaction.atomic():
        notifications_enqueue(messages=[Message(dedup_key="k2", channel="sms", recipient="1", body="x")])
        raise RuntimeError("the cause failed")
    assert not Outbox.objects.exists()


def test_unconfigured_channel_falls_back_to_console(settings):
    settings.BIHUAN_NOTIFY = {**settings.BIHUAN_NOTIFY, "sms_webhook_url": ""}
    notifications_enqueue(messages=[Message(dedup_key="k3", channel="sms", recipient="1", body="x")])
    assert Outbox.objects.get().channel == "console"


def test_dispatch_sends_over_http_with_the_idempotency_key_and_marks_sent(notify, gateway):
    notifications_enqueue(messages=[
        Message(dedup_key="sla:1", channel="sms", recipient="13800000000", body="投诉 TS-1 已超时"),
        Message(dedup_key="sla:2", channel="wecom", recipient="lead", body="请关注 TS-1"),
    ])
    result = outbox_dispatch()
    assert (result.sent, result.retried) == (2, 0)
    assert {(p, k) for p, k, _b in gateway.requests} == {("/sms", "sla:1"), ("/wecom", "sla:2")}
    sms = next(b for p, _k, b in gateway.requests if p == "/sms")
    assert sms == {"to": "13800000000", "text": "投诉 TS-1 已超时", "dedup_key": "sla:1"}
    wecom = next(b for p, _k, b in gateway.requests if p == "/wecom")
    assert wecom["msgtype"] == "text" and wecom["text"]["mentioned_list"] == ["lead"]
    assert set(Outbox.objects.values_list("status", flat=True)) == {"sent"}
    assert outbox_dispatch().claimed == 0  # nothing is sent twice


def test_failures_retry_with_backoff_then_give_up(notify, gateway):
    gateway.fail_next = 10
    notifications_enqueue(messages=[Message(dedup_key="k4", channel="sms", recipient="1", body="x")])
    first = outbox_dispatch()
    row = Outbox.objects.get()
    assert first.retried == 1 and row.status == "pending" and row.attempts == 1 and "503" in row.last_error
    assert row.next_attempt_at > timezone.now() + dt.timedelta(seconds=5)
    assert outbox_dispatch().claimed == 0  # not due yet
    for _ in range(2):
        outbox_dispatch(now=timezone.now() + dt.timedelta(hours=2))
    row.refresh_from_db()
    assert row.status == "failed" and row.attempts == 3
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 20)] == [10, 20, 40, 3600]


def test_a_claim_whose_lease_ran_out_is_sent_by_the_next_worker(notify, gateway):
    from bihuan.notifications.services import _claim

    notifications_enqueue(messages=[Message(dedup_key="k5", channel="sms", recipient="1", body="x")])
    token, ids = _claim(10, timezone.now())  # a worker claims, then dies before sending
    assert ids and outbox_dispatch().claimed == 0  # leased: nobody else takes it
    later = timezone.now() + dt.timedelta(minutes=5)
    assert outbox_dispatch(now=later).sent == 1
    assert gateway.delivered["k5"] == 1


def test_email_sender_uses_django_mail(settings):
    notifications_enqueue(messages=[Message(dedup_key="k6", channel="email", recipient="lead@example.com",
                                            subject="超时提醒", body="请处理")])
    assert outbox_dispatch().sent == 1
    assert mail.outbox[0].to == ["lead@example.com"] and mail.outbox[0].subject == "超时提醒"


def test_the_worker_is_nudged_on_commit_unless_its_own_drain_follows(notify, django_capture_on_commit_callbacks):
    from bihuan.notifications.services import outbox_drain_follows

    with django_capture_on_commit_callbacks() as nudges:
        notifications_enqueue(messages=[Message(dedup_key="n1", channel="sms", recipient="1", body="x")])
    assert len(nudges) == 1
    with django_capture_on_commit_callbacks() as nudges, outbox_drain_follows():
        notifications_enqueue(messages=[Message(dedup_key="n2", channel="sms", recipient="1", body="x")])
    assert nudges == [] and Outbox.objects.count() == 2
