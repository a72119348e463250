"""Customer messages go back on the channel the complaint came from (email thread, channel gateway, SMS)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from bihuan.intake.models import IntakeRecord
from bihuan.notifications.customers import customer_message
from bihuan.notifications.models import Outbox
from bihuan.notifications.services import notifications_enqueue, outbox_dispatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint_from(make_complaint, make_customer, agent):
    def make(channel: str, reply_to: dict | None, *, phone: bool = True):
        customer = make_customer()
        if not phone:
            customer.phone = ""
            customer.save(update_fields=["phone"])
        complaint = make_complaint(actor=agent, channel=channel, customer=customer)
        if reply_to is not None:
            IntakeRecord.objects.create(channel=channel, key=f"m-{complaint.pk}", complaint=complaint,
                                        details={"reply_to": reply_to}, received_at=timezone.now())
        return complaint
    return make


def test_an_email_complaint_is_answered_by_email_in_its_thread(complaint_from, settings):
    complaint = complaint_from("email", {"email": "wang@example.cn", "subject": "Re: 电饭煲不加热"})
    message = customer_message(complaint, key="k-email", body="您好，已为您登记。")
    assert (message.channel, message.recipient, message.subject) == ("email", "wang@example.cn", "Re: 电饭煲不加热")
    notifications_enqueue(messages=[message])
    outbox_dispatch()
    assert mail.outbox[-1].to == ["wang@example.cn"] and mail.outbox[-1].body == "您好，已为您登记。"


def test_a_weibo_complaint_goes_to_the_channel_gateway_when_one_is_configured(complaint_from, settings, gateway):
    settings.BIHUAN_NOTIFY = {**settings.BIHUAN_NOTIFY, "channel_reply_webhook_url": f"{gateway.url}/reply"}
    complaint = complaint_from("weibo", {"uid": "6012345678", "kind": "private_message", "id": "pm-1"})
    message = customer_message(complaint, key="k-weibo", body="您好，我们已收到您的私信。")
    assert (message.channel, message.recipient) == ("reply", "weibo:6012345678")
    notifications_enqueue(messages=[message])
    assert outbox_dispatch().sent == 1
    path, key, body = gateway.requests[-1]
    assert (path, key) == ("/reply", "k-weibo")
    assert body["channel"] == "weibo" and body["reply_to"]["uid"] == "6012345678"
    assert body["complaint"] == complaint.number and body["text"] == "您好，我们已收到您的私信。"
    assert Outbox.objects.get(dedup_key="k-weibo").status == "sent"


def test_without_a_gateway_the_customer_gets_an_sms(complaint_from, settings):
    settings.BIHUAN_NOTIFY = {**settings.BIHUAN_NOTIFY, "channel_reply_webhook_url": ""}
    complaint = complaint_from("wechat", {"open_id": "oAbc123"})
    message = customer_message(complaint, key="k-wechat", body="x")
    assert (message.channel, message.recipient) == ("sms", complaint.customer.phone)


def test_no_address_at_all_means_no_message(complaint_from):
    complaint = complaint_from("phone", None, phone=False)
    assert customer_message(complaint, key="k-none", body="x") is None
