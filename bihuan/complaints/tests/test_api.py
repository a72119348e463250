"""The complaints REST API over real HTTP (live server + httpx)."""

from __future__ import annotations

import httpx
import pytest

from bihuan.accounts.models import Role
from bihuan.accounts.services import api_token_create

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def http(live_server, agent):
    token = api_token_create(user=agent)
    with httpx.Client(base_url=live_server.url + "/api/v1",
                      headers={"Authorization": f"Bearer {token}"}, timeout=20) as client:
        yield client


def _create(http, **body):
    body.setdefault("description", "空调安装师傅迟到三个小时，态度还很差。")
    body.setdefault("channel", "phone")
    return http.post("/complaints", json=body)


def test_create_without_classification_is_triaged_automatically(http):
    # given a complaint with a safety problem and a threat, and no classification
    r = _create(http, description="孩子喝了你们的奶粉上吐下泻住院了，我要找记者曝光！要求赔偿。")
    assert r.status_code == 201
    body = r.json()
    # then the engine fills category, priority, emotion and demand
    assert body["category"] == "product" and body["priority"] == "red"
    assert body["emotion"] and body["demand"] == "compensation"
    timeline = http.get(f"/complaints/{body['id']}/timeline").json()
    assert "priority" in timeline[0]["after"]["triage"]["filled"]


def test_create_returns_201_with_the_record(http, agent):
    r = _create(http, customer={"name": "刘先生", "phone": "13700001111"}, demand="apology",
                category="service", subcategory="attitude", priority="yellow", emotion="angry")
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["number"].startswith("TS-") and body["status"] == "received"
    assert (body["category"], body["subcategory"], body["priority"], body["emotion"]) == (
        "service", "attitude", "yellow", "angry")
    assert set(body) >= {"id", "number", "status", "owner", "department", "created_at"}


def test_requests_without_a_valid_token_get_401_json(live_server):
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
        r = httpx.get(live_server.url + "/api/v1/complaints", headers=headers)
        assert r.status_code == 401
        assert r.json()["code"] == "unauthorized"


@pytest.mark.parametrize("body,status,code", [
    ({"channel": "fax", "description": "x"}, 422, "validation_error"),
    ({"channel": "phone"}, 422, "validation_error"),
    ({"channel": "phone", "description": ""}, 422, "validation_error"),
    ({"channel": "phone", "description": "x", "category": "product", "subcategory": "lost"}, 422,
     "invalid_subcategory"),
    ({"channel": "phone", "description": "x", "order_no": "NOPE"}, 422, "order_not_found"),
    ({"channel": "phone", "description": "x", "customer_id": 999999}, 404, "customer_not_found"),
])
def test_validation_errors_are_4xx_with_stable_codes(http, body, status, code):
    r = http.post("/complaints", json=body)
    assert r.status_code == status, r.text
    assert r.json()["code"] == code and r.json()["message"]


def test_malformed_bodies_never_500(http):
    for raw in (b"{bad", b"\xff\xfe\x00", b"[]", b"null", b'{"description": 5}'):
        r = http.post("/complaints", content=raw, headers={"Content-Type": "application/json"})
        assert 400 <= r.status_code < 500, (raw, r.status_code, r.text)
        assert "code" in r.json()


def test_error_messages_follow_accept_language(http):
    first = _create(http).json()
    zh = http.post(f"/complaints/{first['id']}/transitions", json={"to": "closed"},
                   headers={"Accept-Language": "zh-Hans"})
    en = http.post(f"/complaints/{first['id']}/transitions", json={"to": "closed"},
                   headers={"Accept-Language": "en"})
    assert zh.status_code == en.status_code == 422
    assert zh.json()["code"] == en.json()["code"] == "reason_required"
    assert en.json()["message"].startswith("Moving from")
    assert zh.json()["message"] != en.json()["message"]


def test_get_patch_and_timeline(http, agent):
    c = _create(http, priority="yellow").json()
    r = http.patch(f"/complaints/{c['id']}", json={"priority": "red", "reason": "提到要曝光"})
    assert r.status_code == 200 and r.json()["priority"] == "red"
    assert http.get(f"/complaints/{c['id']}").json()["priority"] == "red"
    timeline = http.get(f"/complaints/{c['id']}/timeline").json()
    assert [e["kind"] for e in timeline] == ["created", "assignment", "field_changed"]
    change = timeline[-1]
    assert change["before"] == "yellow" and change["after"] == "red"
    assert change["reason"] == "提到要曝光" and change["actor"]["id"] == agent.pk


def test_transitions_move_forward_and_refuse_forbidden_moves_with_409(http):
    c = _create(http).json()
    r = http.post(f"/complaints/{c['id']}/transitions", json={"to": "assessed"})
    assert r.status_code == 200 and r.json()["status"] == "assessed"
    r = http.post(f"/complaints/{c['id']}/transitions", json={"to": "closed", "reason": "x"})
    assert r.status_code == 409
    assert r.json()["code"] == "transition_not_allowed"
    assert "verifying" in r.json()["allowed"]
    r = http.post(f"/complaints/{c['id']}/transitions", json={"to": "nowhere"})
    assert r.status_code == 422


def test_comments(http):
    c = _create(http).json()
    r = http.post(f"/complaints/{c['id']}/comments", json={"body": "已回电", "internal": True})
    assert r.status_code == 201 and r.json()["kind"] == "internal_note"
    assert http.post(f"/complaints/{c['id']}/comments", json={"body": ""}).status_code == 422


def test_list_filters_and_pagination(http):
    for i in range(5):
        _create(http, priority="red" if i % 2 else "green", channel="wechat" if i < 2 else "phone",
                description=f"第{i}单 快递丢件")
    page1 = http.get("/complaints", params={"page_size": 2}).json()
    page3 = http.get("/complaints", params={"page_size": 2, "page": 3}).json()
    assert len(page1["items"]) == 2 and page1["has_next"]
    assert len(page3["items"]) == 1 and not page3["has_next"]
    reds = http.get("/complaints", params={"priority": "red"}).json()["items"]
    assert len(reds) == 2 and all(c["priority"] == "red" for c in reds)
    assert len(http.get("/complaints", params={"channel": "wechat"}).json()["items"]) == 2
    assert len(http.get("/complaints", params={"q": "第3单"}).json()["items"]) == 1
    assert http.get("/complaints", params={"page": 0}).status_code == 422
    assert http.get("/complaints", params={"status": "bogus"}).status_code == 422


def test_other_teams_complaints_are_404(http, make_user, other_team, make_complaint):
    stranger = make_user(Role.AGENT, team=other_team)
    hidden = make_complaint(owner=stranger)
    assert http.get(f"/complaints/{hidden.pk}").status_code == 404
    assert http.patch(f"/complaints/{hidden.pk}", json={"priority": "red"}).status_code == 404
    assert all(c["id"] != hidden.pk for c in http.get("/complaints").json()["items"])


def test_openapi_schema_and_docs_are_served(live_server):
    schema = httpx.get(live_server.url + "/api/openapi.json").json()
    assert "/api/v1/complaints" in schema["paths"]
    assert httpx.get(live_server.url + "/api/docs").status_code == 200
