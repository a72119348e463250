"""The webhook's fast path: accept and answer at once, the worker settles into complaints."""

from __future__ import annotations

import json

import pytest

from bihuan.complaints import services as complaint_services
from bihuan.complaints.models import Complaint
from bihuan.intake.adapters import ADAPTERS
from bihuan.intake.models import AcceptedDelivery, IntakeRecord, Outcome
from bihuan.intake.services import deliveries_settle, deliveries_settle_all, receive_webhook
from bihuan.intake.services.deliveries import MAX_ATTEMPTS

from .conftest import signed

pytestmark = pytest.mark.django_db


def accept(channel: str, payload: dict):
    body, headers = signed(channel, payload)
    return receive_webhook(channel=channel, body=body, headers=headers)


def test_settling_a_delivery_again_after_a_crash_makes_no_second_complaint():
    first = accept("douyin", ADAPTERS["douyin"].example)
    assert deliveries_settle_all() == 1
    # the worker died after the complaint committed but before the row was marked settled
    AcceptedDelivery.objects.update(settled_at=None, complaint=None)
    assert deliveries_settle_all() == 1
    complaint = Complaint.objects.get()
    assert complaint.number == first.number
    assert AcceptedDelivery.objects.get().complaint == complaint
    assert IntakeRecord.objects.count() == 1


def test_a_delivery_that_cannot_be_settled_does_not_block_the_ones_behind_it(caplog):
    accept("api", {"description": "第一单：洗衣机漏水。", "message_id": "bad"})
    accept("api", {"description": "第二单：空调不制冷。", "message_id": "good"})
    # e.g. the adapter changed between acceptance and settling and now refuses the stored body
    AcceptedDelivery.objects.filter(key="bad").update(body='{"description": ""}')
    report = deliveries_settle()
    assert (report.settled, report.failed) == (1, 1)
    assert Complaint.objects.get().description == "第二单：空调不制冷。"
    bad = AcceptedDelivery.objects.get(key="bad")
    assert bad.settled_at is None and bad.attempts == 1 and "invalid_payload" in bad.last_error
    for _ in range(MAX_ATTEMPTS):
        deliveries_settle()
    assert AcceptedDelivery.objects.get(key="bad").attempts == MAX_ATTEMPTS  # then it waits for a person
    assert "cannot be settled" in caplog.text


def test_a_repeat_on_a_closed_complaint_reopens_it_and_the_reserved_number_is_not_used(settings, admin_user):
    settings.BIHUAN_INTAKE_REPEAT_ON_CLOSED = "reopen"
    customer = {"name": "周女士", "phone": "13700001111"}
    accept("api", {"description": "耳机没声音，要求换货。", "message_id": "one", "customer": customer})
    deliveries_settle_all()
    first = complaint_services.complaint_assign(complaint=Complaint.objects.get(), actor=admin_user,
                                                owner=admin_user)
    for step in ("assessed", "verifying", "resolving", "executing", "follow_up", "closed"):
        first = complaint_services.complaint_transition(complaint=first, actor=admin_user, to=step)
    again = accept("api", {"description": "换的新耳机还是没声音。", "message_id": "two", "customer": customer})
    deliveries_settle_all()
    first.refresh_from_db()
    assert first.status == "reopened" and Complaint.objects.count() == 1
    assert IntakeRecord.objects.get(key="two").outcome == Outcome.REOPENED
    # the sender is told the complaint it belongs to when it asks again
    body, headers = signed("api", {"description": "换的新耳机还是没声音。", "message_id": "two",
                                   "customer": customer})
    answer = receive_webhook(channel="api", body=body, headers=headers)
    assert answer.complaint == first and answer.number == first.number != again.number


def test_a_body_in_another_unicode_encoding_is_stored_as_readable_json():
    body = json.dumps({"description": "快递丢件了，要求赔偿。"}, ensure_ascii=False).encode("utf-16")
    _body, headers = signed("api", body)
    assert receive_webhook(channel="api", body=body, headers=headers).created
    assert json.loads(AcceptedDelivery.objects.get().body)["description"] == "快递丢件了，要求赔偿。"
    deliveries_settle_all()
    assert Complaint.objects.get().description == "快递丢件了，要求赔偿。"



def test_a_batch_claimed_by_another_worker_is_left_to_it_until_its_lease_runs_out():
    from django.utils import timezone

    from bihuan.intake.services.deliveries import CLAIM_LEASE

    accept("wechat", ADAPTERS["wechat"].example)
    accept("weibo", ADAPTERS["weibo"].example)
    now = timezone.now()
    AcceptedDelivery.objects.filter(channel="wechat").update(claimed_until=now + CLAIM_LEASE)  # another worker
    assert deliveries_settle(now=now).settled == 1
    assert Complaint.objects.get().channel == "weibo"
    # that worker was killed: once its lease has run out the row is taken again
    assert deliveries_settle(now=now + CLAIM_LEASE + CLAIM_LEASE).settled == 1
    assert Complaint.objects.count() == 2
    assert not AcceptedDelivery.objects.filter(claimed_until__isnull=False).exists()
