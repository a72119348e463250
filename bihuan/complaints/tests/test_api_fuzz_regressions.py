"""Regressions for server errors bench/fuzz_bench.py found in the complaints API: now clear 422s.

1. Text holding NUL (U+0000): PostgreSQL text and JSONB cannot store it; a description with
   "\\u0000" reached the database and came back as a 500.
2. occurred_at in year 1: stored by PostgreSQL as a BC timestamp Python cannot read back, so the
   create answered 500 and every later list of that complaint did too.
"""

from __future__ import annotations

import pytest
from django.test import Client

from bihuan.accounts.services import api_token_create
from bihuan.complaints.models import Complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(agent) -> Client:
    return Client(headers={"Authorization": f"Bearer {api_token_create(user=agent)}"})


@pytest.mark.parametrize("body,field", [
    ({"description": "电饭煲不加热\u0000了"}, "description"),
    ({"description": "电饭煲不加热", "title": "\u0000"}, "title"),
    ({"description": "电饭煲不加热", "tags": ["质量", "坏\u0000"]}, "tags.1"),
    ({"description": "电饭煲不加热", "customer": {"name": "王\u0000女士"}}, "customer.name"),
    ({"description": "电饭煲不加热", "channel_message_id": "m\u0000"}, "channel_message_id"),
])
def test_create_with_nul_in_text_is_refused_with_a_clear_422(api, body, field):
    # given a complaint whose text holds a NUL character
    # when it is posted
    r = api.post("/api/v1/complaints", body, content_type="application/json")
    # then it is refused, naming the field, in the user's language (zh-Hans by default), and nothing is stored
    assert r.status_code == 422, r.content
    assert r.json()["code"] == "nul_character"
    assert r.json()["field"] == field
    assert "不允许" in r.json()["message"]
    assert not Complaint.objects.exists()


def test_the_message_follows_accept_language(api):
    r = api.post("/api/v1/complaints", {"description": "a\u0000"}, content_type="application/json",
                 headers={"Accept-Language": "en"})
    assert r.status_code == 422
    assert "NUL character" in r.json()["message"]


def test_patch_and_comment_with_nul_are_refused(api, agent, make_complaint):
    # given a complaint the agent owns
    complaint = make_complaint(actor=agent, owner=agent)
    # when its description is patched, or a comment is added, with a NUL character
    patch = api.patch(f"/api/v1/complaints/{complaint.pk}", {"description": "\u0000"},
                      content_type="application/json")
    comment = api.post(f"/api/v1/complaints/{complaint.pk}/comments", {"body": "好\u0000"},
                       content_type="application/json")
    # then both are 422 and the complaint is unchanged
    assert (patch.status_code, comment.status_code) == (422, 422)
    complaint.refresh_from_db()
    assert "\x00" not in complaint.description


def test_list_with_nul_in_the_query_string_is_refused(api):
    r = api.get("/api/v1/complaints?q=%00abc")
    assert r.status_code == 422
    assert r.json() | {"message": ""} == {"code": "nul_character", "field": "q", "message": ""}


def test_ordinary_control_characters_and_emoji_are_still_accepted(api):
    # only NUL is unstorable; other odd text is the complaint's business
    r = api.post("/api/v1/complaints", {"description": "差评😡\u0012\u202e右到左", "tags": ["\u0001"]},
                 content_type="application/json")
    assert r.status_code == 201, r.content


@pytest.mark.parametrize("moment", ["0001-01-01T00:04:00+02:00", "9999-12-31T23:59:59", "1999-12-31T23:59:59Z"])
def test_create_with_an_occurred_at_outside_the_supported_years_is_a_422(api, moment):
    # when a complaint is posted with an incident time far outside any plausible range
    r = api.post("/api/v1/complaints", {"description": "电饭煲不加热", "occurred_at": moment},
                 content_type="application/json")
    # then it is refused with the field named and nothing is stored, so listing still works
    assert r.status_code == 422, r.content
    assert (r.json()["code"], r.json()["field"]) == ("out_of_range", "occurred_at")
    assert "2000" in r.json()["message"]
    assert not Complaint.objects.exists()
    assert api.get("/api/v1/complaints").status_code == 200


def test_an_ordinary_occurred_at_is_kept(api):
    r = api.post("/api/v1/complaints", {"description": "电饭煲不加热", "occurred_at": "2026-11-20T10:00:00+08:00"},
                 content_type="application/json")
    assert r.status_code == 201, r.content
    assert Complaint.objects.get().occurred_at.isoformat() == "2026-11-20T02:00:00+00:00"


def test_an_occurred_at_with_an_offset_postgresql_cannot_store_is_kept_in_utc(api):
    # Python accepts UTC offsets up to ±23:59, PostgreSQL only ±15:59: the service stores UTC
    r = api.post("/api/v1/complaints", {"description": "电饭煲不加热", "occurred_at": "2016-10-19T19:45:37-16:32"},
                 content_type="application/json")
    assert r.status_code == 201, r.content
    assert Complaint.objects.get().occurred_at.isoformat() == "2016-10-20T12:17:37+00:00"


def test_complaint_create_refuses_a_received_at_outside_the_supported_years(agent):
    # intake passes the channel's own submission time as received_at (a year-100 one was a 500)
    from datetime import datetime, timedelta, timezone

    from bihuan.complaints import services
    from bihuan.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        services.complaint_create(actor=agent, channel="app", description="电饭煲不加热", auto_triage=False,
                                  received_at=datetime(100, 4, 1, 14, 58, tzinfo=timezone(timedelta(hours=16))))
    assert refused.value.extra["field"] == "received_at"
    assert not Complaint.objects.exists()
