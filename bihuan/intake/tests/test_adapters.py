"""Every channel adapter maps its realistic example payload to a complaint."""

from __future__ import annotations

import base64
import copy

import pytest

from bihuan.complaints.choices import Channel
from bihuan.complaints.models import Complaint
from bihuan.intake.adapters import ADAPTERS
from bihuan.intake.services import intake_draft


def _draft(channel: str, **changes):
    adapter = ADAPTERS[channel]
    data = copy.deepcopy(adapter.example)
    data.update(changes)
    return adapter.draft(adapter.schema.model_validate(data))


def test_there_is_an_adapter_for_every_channel():
    assert set(ADAPTERS) == set(Channel.values)


@pytest.mark.parametrize("channel", sorted(ADAPTERS))
def test_given_the_example_payload_when_taken_in_then_one_complaint_of_that_channel_exists(db, channel):
    draft = _draft(channel)
    assert draft.channel == channel and draft.description and draft.message_id

    result = intake_draft(draft=draft)

    complaint = Complaint.objects.get()
    assert result.created and result.complaint == complaint
    assert complaint.channel == channel and complaint.channel_message_id == draft.message_id
    assert complaint.events.filter(kind="created").exists()


def test_phone_call_uses_the_customers_turns_and_keeps_the_recording():
    draft = _draft("phone")
    assert "电饭煲" in draft.description and "工号1027" not in draft.description  # agent's words left out
    assert draft.customer_phone == "13912345678"
    assert draft.details["recording_ref"].endswith(".wav") and draft.details["duration_seconds"] == 462


def test_ecommerce_dispute_keeps_platform_in_tags_and_key():
    draft = _draft("ecommerce", platform="jd")
    assert draft.channel == "ecommerce" and draft.tags == ["jd"]
    assert draft.message_id == "jd:RF2026112200018842"
    assert draft.order_no == "TB20261115220034" and draft.demand == "return"


def test_email_raw_eml_is_parsed_for_sender_subject_body_and_message_id():
    eml = (
        "From: =?utf-8?b?5byg5Lyf?= <zhang.wei@example.cn>\r\n"
        "To: kefu@example.com\r\nSubject: =?utf-8?b?5oqV6K+J77ya6YCA5qy+?=\r\n"
        "Message-ID: <abc.123@mail.example.cn>\r\nDate: Sun, 22 Nov 2026 10:15:00 +0800\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        "耳机左边没有声音，要求换货。\r\n"
    ).encode()
    adapter = ADAPTERS["email"]
    payload = adapter.schema.model_validate({"raw_eml": base64.b64encode(eml).decode()})
    draft = adapter.draft(payload)
    assert draft.message_id == "<abc.123@mail.example.cn>"
    assert draft.customer_name == "张伟" and draft.title == "投诉：退款"
    assert "耳机左边没有声音" in draft.description
    assert draft.received_at.isoformat() == "2026-11-22T10:15:00+08:00"


def test_wechat_prefers_union_id_and_voice_recognition():
    draft = _draft("wechat", Content="", Recognition="快递三天没动了", MsgType="voice")
    assert draft.customer_wechat_id == "o6_bmasdasdsad6_2sgVt7hMZOPfL"
    assert draft.description == "快递三天没动了"


@pytest.mark.parametrize("channel", ["weibo", "douyin", "xiaohongshu"])
def test_social_posts_are_tagged_by_kind_and_keep_the_platform_user(channel):
    draft = _draft(channel)
    assert draft.tags[0].startswith(f"{channel}:")
    assert draft.details["platform_user"]["uid"]


def test_regulator_referral_is_tagged_and_keeps_the_deadline():
    draft = _draft("regulator")
    assert draft.tags == ["12315", "regulator"] and draft.demand == "exchange"
    assert draft.details["deadline"].startswith("2026-11-29")
