"""Malformed and hostile Chinese text through the signed webhook and the public form: never a 500.

Each input ends either as a clear 4xx with a stable code (and nothing stored) or as a stored
complaint whose text is what was sent (or, for text no database can hold, a readable stand-in).
"""

from __future__ import annotations

import json
from urllib.parse import quote_from_bytes

import pytest
from django.core.cache import cache
from django.test import Client

from bihuan.complaints.models import Complaint
from bihuan.intake.services import deliveries_settle_all
from bihuan.intake.services.public_form import form_token
from bihuan.intake.services.signatures import forget_channel_secrets, signed_headers

pytestmark = pytest.mark.django_db
SECRET = "bad-input-secret"
HOSTILE = '<script>alert("xss")</script><img src=x onerror=alert(1)>"\'&lt;'
RTL = "\u202eالطلب مرفوض\u202c שלום 退款"
EMOJI = "冰箱坏了😡🔥👨‍👩‍👧 要求退款🙏"


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.BIHUAN_INTAKE_SECRETS = {"api": SECRET}
    settings.BIHUAN_INTAKE_FORM_MIN_SECONDS = 0
    settings.BIHUAN_INTAKE_FORM_RATE = (1000, 3600)
    cache.clear()
    forget_channel_secrets()
    yield
    cache.clear()
    forget_channel_secrets()


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)  # a server error is a 500 response, as in production


def deliver(client: Client, body: bytes):
    """POST a signed delivery, then settle what was accepted (the worker's round)."""
    headers = signed_headers(SECRET, body)
    response = client.post("/api/v1/intake/api", data=body, content_type="application/json",
                           headers={k: v for k, v in headers.items() if k != "Content-Type"})
    deliveries_settle_all()
    return response


def json_body(description: str, **extra) -> bytes:
    # ensure_ascii=True escapes lone surrogates as \udXXX: valid JSON a careless sender really sends
    return json.dumps({"description": description, **extra}).encode()


BAD = {400: "malformed_body", 422: "invalid_payload"}


@pytest.mark.parametrize(("name", "body", "statuses"), [
    ("gbk bytes", '{"description": "冰箱坏了，要求退款"}'.encode("gbk"), (400,)),
    # json decodes CESU-style surrogate bytes (surrogatepass); the schema then refuses the string
    ("utf-8 encoded surrogate", b'{"description": "\xed\xa0\x80 bad"}', (400, 422)),
    ("truncated utf-8", '{"description": "冰箱'.encode()[:-1], (400,)),
    ("100 KB description", json_body("投" * 100_000), (422,)),
    ("not an object", b'["description"]', (422,)),
    ("huge nesting", b'{"description": "x", "customer": ' + b"[" * 5000 + b"]" * 5000 + b"}", (400, 422)),
])
def test_undecodable_or_oversized_webhook_bodies_are_a_clear_4xx_and_nothing_is_stored(
        client, name, body, statuses):
    r = deliver(client, body)
    assert r.status_code in statuses, (name, r.status_code, r.content[:300])
    assert r.json()["code"] == BAD[r.status_code]
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(("name", "text"), [
    ("emoji", EMOJI), ("rtl", RTL), ("html and js", HOSTILE),
    ("fullwidth and zero-width", "ｒｅｆｕｎｄ\u200b退款\ufeff"),
    ("control characters", "冰箱\x07坏了\x1b[31m 要求退款"),
])
def test_unusual_but_valid_text_through_the_webhook_is_stored_exactly(client, name, text):
    r = deliver(client, json_body(text, message_id=f"m-{name}", title=text[:50]))
    assert r.status_code == 201, r.content[:300]
    complaint = Complaint.objects.get(number=r.json()["number"])
    assert complaint.description == text


@pytest.mark.parametrize(("name", "text"), [
    ("lone high surrogate", "冰箱坏了\ud800要求退款"), ("lone low surrogate", "\udc00退款"),
    ("nul character", "冰箱\x00坏了"),
])
def test_text_no_database_can_hold_is_refused_or_stored_readably(client, name, text):
    r = deliver(client, json_body(text, message_id=f"m-{name}"))
    assert r.status_code in (201, 422), (name, r.status_code, r.content[:300])
    if r.status_code == 201:
        stored = Complaint.objects.get(number=r.json()["number"]).description
        assert "冰箱" in stored or "退款" in stored
        stored.encode("utf-8")  # no surrogate left to break a page, an export or a log line
    else:
        assert r.json()["code"] and not Complaint.objects.exists()


def form_body(**fields) -> bytes:
    """An urlencoded body built from bytes, so undecodable and surrogate input can be sent as is."""
    data = {"name": "陈先生".encode(), "phone": b"13687654321", "order_no": b"", "demand": b"refund",
            "description": "羽绒服跑绒，要求退款。".encode(), "website": b"", "token": form_token().encode()}
    data.update(fields)
    return b"&".join(quote_from_bytes(k.encode()).encode() + b"=" + quote_from_bytes(v).encode()
                     for k, v in data.items())


def post_form(client: Client, body: bytes):
    return client.post("/intake/complain/", data=body, content_type="application/x-www-form-urlencoded")


@pytest.mark.parametrize(("name", "fields"), [
    ("gbk description", {"description": "冰箱坏了，要求退款".encode("gbk")}),
    ("gbk name", {"name": "陈先生".encode("gbk")}),
    ("surrogate bytes", {"description": b"\xed\xa0\x80 \xed\xb0\x80 " + "退款".encode()}),
    ("100 KB description", {"description": ("投" * 100_000).encode()}),
    ("emoji", {"description": EMOJI.encode(), "name": "陈😡".encode()}),
    ("rtl", {"description": RTL.encode()}),
    ("html and js", {"description": HOSTILE.encode(), "name": b"<b onmouseover=alert(1)>x</b>"}),
    ("nul", {"description": "冰箱\x00坏了".encode()}),
])
def test_the_public_form_answers_bad_text_with_a_form_error_or_a_complaint(client, name, fields):
    r = post_form(client, form_body(**fields))
    assert r.status_code in (302, 422), (name, r.status_code, r.content[:300])
    if r.status_code == 302:
        complaint = Complaint.objects.get()
        complaint.description.encode("utf-8")
        complaint.customer.name.encode("utf-8")
    else:
        assert not Complaint.objects.exists()
        assert "errorlist" in r.content.decode() or "error" in r.content.decode()


def test_html_sent_through_the_form_is_escaped_on_the_progress_page(client):
    r = post_form(client, form_body(description=HOSTILE.encode()))
    assert r.status_code == 302
    page = client.get(r["Location"], follow=True).content.decode()
    assert "<script>alert" not in page and "onerror=alert" not in page.replace("&", "")


@pytest.mark.parametrize("body", [b"\x00\x00\xff\xfe junk", "冰箱坏了".encode("gbk") + b"\x00",
                                  b"{\"a\": \"\\u0000\"}"])
def test_refused_deliveries_with_binary_bodies_are_recorded_not_a_500(client, body):
    from bihuan.intake.models import RejectedDelivery

    r = client.post("/api/v1/intake/api", data=body, content_type="application/json",
                    headers={"X-Bihuan-Timestamp": "1", "X-Bihuan-Signature": "sha256=\x00bad"})
    assert r.status_code == 401 and r.json()["code"] == "stale_timestamp"
    assert RejectedDelivery.objects.count() == 1


def test_an_unknown_channel_with_a_nul_in_its_name_is_a_404(client):
    r = client.post("/api/v1/intake/ab%00cd", data=b"{}", content_type="application/json")
    assert r.status_code == 404 and r.json()["code"] == "unknown_channel"
