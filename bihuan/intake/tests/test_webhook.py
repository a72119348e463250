"""POST /api/v1/intake/{channel}: signatures, replay window, idempotency, bad payloads."""

from __future__ import annotations

import json
import time

import pytest

from bihuan.complaints.models import Complaint
from bihuan.intake.adapters import ADAPTERS
from bihuan.intake.models import AcceptedDelivery, IntakeChannel, IntakeRecord, RejectedDelivery
from bihuan.intake.services import deliveries_settle_all

from .conftest import signed

URL = "/api/v1/intake/"


def post(client, channel, body, headers):
    return client.post(URL + channel, data=body, content_type="application/json",
                       headers={k: v for k, v in headers.items() if k != "Content-Type"})


@pytest.fixture
def deliver(client, db):
    """POST a signed delivery, then let the worker settle what was accepted (as its round does)."""
    def send(channel="wechat", payload=None, settle=True, **kw):
        body, headers = signed(channel, ADAPTERS[channel].example if payload is None else payload, **kw)
        response = post(client, channel, body, headers)
        if settle:
            deliveries_settle_all()
        return response
    return send


def test_first_delivery_is_201_and_a_repeat_is_200_with_the_same_complaint(deliver):
    first = deliver("wechat")
    again = deliver("wechat")
    assert first.status_code == 201, first.content
    assert first.json()["settled"] is False and first.json()["status"] == "accepted"
    assert again.status_code == 200
    assert again.json()["settled"] is True and again.json()["created"] is False
    assert first.json()["number"] == again.json()["number"] == Complaint.objects.get().number
    assert again.json()["complaint_id"] == Complaint.objects.get().pk
    assert AcceptedDelivery.objects.get().deliveries == 2
    assert IntakeRecord.objects.get().complaint == Complaint.objects.get()


def test_a_repeat_before_the_worker_settles_is_200_with_the_reserved_number(deliver):
    first = deliver("weibo", settle=False)
    again = deliver("weibo", settle=False)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["number"] == again.json()["number"]
    assert again.json() | {"created": True} == first.json()
    assert Complaint.objects.count() == 0 and AcceptedDelivery.objects.get().deliveries == 2
    assert deliveries_settle_all() == 1
    complaint = Complaint.objects.get()
    assert complaint.number == first.json()["number"] and complaint.channel == "weibo"
    assert AcceptedDelivery.objects.get().complaint == complaint


@pytest.mark.parametrize("mutate, code", [
    (lambda h: h.pop("X-Bihuan-Signature"), "missing_signature"),
    (lambda h: h.update({"X-Bihuan-Signature": "sha256=" + "0" * 64}), "bad_signature"),
    (lambda h: h.pop("X-Bihuan-Timestamp"), "missing_signature"),
    (lambda h: h.update({"X-Bihuan-Timestamp": "yesterday"}), "bad_timestamp"),
])
def test_unsigned_or_badly_signed_deliveries_get_401_are_logged_and_never_stored(client, db, mutate, code):
    body, headers = signed("weibo", ADAPTERS["weibo"].example)
    mutate(headers)
    r = post(client, "weibo", body, headers)
    assert r.status_code == 401
    assert r.json()["code"] == code and r.json()["message"]
    assert Complaint.objects.count() == 0
    rejected = RejectedDelivery.objects.get()
    assert (rejected.channel, rejected.status_code, rejected.code) == ("weibo", 401, code)
    assert "扫地机器人" in rejected.body


def test_a_signature_made_with_another_channels_secret_is_refused(client, db):
    body, headers = signed("weibo", ADAPTERS["weibo"].example, secret="test-secret-不要用于生产-douyin")
    assert post(client, "weibo", body, headers).status_code == 401


def test_an_old_timestamp_outside_the_replay_window_is_refused(deliver):
    r = deliver("phone", timestamp=int(time.time()) - 301)
    assert r.status_code == 401 and r.json()["code"] == "stale_timestamp"
    assert Complaint.objects.count() == 0


def test_a_replayed_body_with_a_fresh_timestamp_but_old_signature_is_refused(client, db):
    body, old = signed("phone", ADAPTERS["phone"].example, timestamp=int(time.time()) - 60)
    old["X-Bihuan-Timestamp"] = str(int(time.time()))
    assert post(client, "phone", body, old).status_code == 401


def test_database_secret_verifies_and_a_disabled_channel_refuses(deliver, db):
    IntakeChannel.objects.create(channel="douyin", secret="rotated-secret")
    assert deliver("douyin", secret="rotated-secret").status_code == 201
    row = IntakeChannel.objects.get(channel="douyin")
    row.enabled = False
    row.save()  # (the admin saves too; that clears the cached secrets at once)
    r = deliver("douyin", payload={**ADAPTERS["douyin"].example, "id": "other"})
    assert r.status_code == 401 and r.json()["code"] == "channel_not_configured"


def test_invalid_payload_is_422_with_field_errors_and_recorded(deliver):
    r = deliver("ecommerce", payload={"platform": "taobao", "dispute_id": "X1"})
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "invalid_payload" and {"order_id"} <= {e["loc"][0] for e in body["errors"]}
    assert RejectedDelivery.objects.get().code == "invalid_payload"
    assert Complaint.objects.count() == 0


def test_broken_json_is_400_and_recorded(deliver):
    r = deliver("api", payload=b'{"description": "half')
    assert r.status_code == 400 and r.json()["code"] == "malformed_body"
    assert RejectedDelivery.objects.filter(code="malformed_body").exists()


def test_unknown_channel_is_404_json(deliver, client):
    body, headers = signed("api", {"description": "x"})
    r = post(client, "fax", body, headers)
    assert r.status_code == 404 and r.json()["code"] == "unknown_channel"


def test_idempotency_key_header_dedupes_payloads_without_a_message_id(deliver):
    payload = {"description": "会员积分被清零了，要求恢复。", "customer": {"phone": "13900002222"}}
    a = deliver("api", payload=payload, extra_headers={"Idempotency-Key": "crm-1"})
    b = deliver("api", payload={**payload, "title": "retry"}, extra_headers={"Idempotency-Key": "crm-1"})
    c = deliver("api", payload=payload, extra_headers={"Idempotency-Key": "crm-2"})
    assert (a.status_code, b.status_code, c.status_code) == (201, 200, 201)
    assert a.json()["number"] == b.json()["number"] != c.json()["number"]
    assert Complaint.objects.count() == 2


def test_without_any_id_an_identical_body_is_still_one_complaint(deliver):
    payload = {"description": "快递员把包裹扔在门口，东西被偷了。"}
    assert deliver("api", payload=payload).status_code == 201
    assert deliver("api", payload=payload).status_code == 200
    assert Complaint.objects.count() == 1


def test_service_errors_become_4xx_and_are_recorded(deliver):
    payload = {**ADAPTERS["phone"].example, "transcript": [], "summary": ""}  # nothing was said
    r = deliver("phone", payload=payload)
    assert r.status_code == 422 and r.json()["code"] == "required"
    assert json.loads(RejectedDelivery.objects.get().body)["call_id"] == payload["call_id"]
    assert Complaint.objects.count() == 0


def test_openapi_documents_every_channel_with_its_example(client, db):
    schema = client.get("/api/openapi.json").json()
    for channel, adapter in ADAPTERS.items():
        op = schema["paths"][f"/api/v1/intake/{channel}"]["post"]
        body = op["requestBody"]["content"]["application/json"]
        assert body["example"] == adapter.example
        assert "$defs" not in json.dumps(body["schema"])
        assert {p["name"] for p in op["parameters"]} >= {"X-Bihuan-Signature", "X-Bihuan-Timestamp"}


@pytest.mark.parametrize("channel, change", [
    ("wechat", {"CreateTime": 10**12}),  # past what datetime holds: was an OverflowError (500)
    ("phone", {"started_at": "0001-01-01T00:00:00+02:00"}),  # year 1: overflowed in extraction
])
def test_channel_times_out_of_range_are_clear_4xx_and_recorded(deliver, channel, change):
    payload = {**ADAPTERS[channel].example, **change}
    r = deliver(channel, payload)
    assert r.status_code == 422, r.content
    assert r.json()["code"] in ("invalid_payload", "out_of_range")
    assert Complaint.objects.count() == 0
    assert RejectedDelivery.objects.get().status_code == 422


def test_a_regulator_time_with_an_odd_utc_offset_is_stored_in_utc(deliver):
    # PostgreSQL refuses offsets beyond ±15:59 that Python accepts: this was a 500 found by fuzz_bench
    payload = {**ADAPTERS["regulator"].example, "received_at": "2026-11-22T09:05:00-21:18"}
    r = deliver("regulator", payload)
    assert r.status_code == 201, r.content
    record = IntakeRecord.objects.get()
    assert record.received_at.utcoffset().total_seconds() == 0


def test_the_answer_says_what_extraction_found_in_the_text_before_and_after_settling(deliver):
    payload = {"description": "订单号 2026112212345678 的电饭煲坏了，我付了两百元，要求退款。联系 13912345678",
               "message_id": "x-1"}
    first = deliver("api", payload=payload)
    again = deliver("api", payload=payload)
    for answer in (first.json(), again.json()):
        assert answer["extracted"]["demands"][:1] == ["refund"]
        assert "200" in answer["extracted"]["amounts"][0]
        assert "13912345678" in answer["extracted"]["phones"][0]
    assert again.json()["settled"] is True
