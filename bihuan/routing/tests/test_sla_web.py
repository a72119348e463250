"""SLA API and pages: preview (the "done when" cases), a complaint's clocks, at-risk list, queue badges."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from bihuan.accounts.models import Role
from bihuan.accounts.services import api_token_create
from bihuan.routing.services import sla_sweep

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(agent):
    client = Client(HTTP_HOST="127.0.0.1")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=agent)}"}
    return lambda url: client.get(url, **headers)


def _dues(resp) -> dict:
    return {m["metric"]: m["due_at"] for m in resp.json()["metrics"]}


def test_preview_red_on_a_tiaoxiu_saturday_at_20_50(api):
    resp = api("/api/v1/sla/preview?received_at=2025-02-08T20:50:00%2B08:00&priority=red&channel=phone")
    assert resp.status_code == 200, resp.content
    body = resp.json()
    assert body["day_kind"] == "makeup_workday" and "红色" in body["policy"]
    assert _dues(resp)["first_response"] == "2025-02-10T10:50:00+08:00"


def test_preview_lunch_break_and_bad_input(api):
    resp = api("/api/v1/sla/preview?received_at=2025-03-05T12:30:00%2B08:00&priority=yellow")
    assert _dues(resp)["first_response"] == "2025-03-05T17:00:00+08:00"
    bad = api("/api/v1/sla/preview?received_at=yesterday")
    assert bad.status_code == 422 and bad.json()["code"] == "validation_error"


def test_complaint_sla_endpoint_lists_clocks_and_hides_other_teams(api, make_complaint, agent, make_user,
                                                                   other_team):
    c = make_complaint(actor=agent, owner=agent, priority="red")
    resp = api(f"/api/v1/complaints/{c.pk}/sla")
    assert resp.status_code == 200
    assert {x["metric"]: x["status"] for x in resp.json()} == {"first_response": "running", "resolution": "running"}
    stranger = make_user(Role.AGENT, team=other_team)
    hidden = make_complaint(actor=stranger, owner=stranger)
    assert api(f"/api/v1/complaints/{hidden.pk}/sla").status_code == 404


def test_preview_page_shows_the_due_time(agent):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(agent)
    resp = client.get("/sla/preview/?received_at=2025-02-08T20:50&priority=red&channel=phone")
    assert resp.status_code == 200
    assert "2025-02-10 10:50" in resp.content.decode()


def test_at_risk_page_and_queue_badges(agent, make_complaint, make_user, team):
    lead = make_user(Role.TEAM_LEAD, team=team)
    late = make_complaint(actor=agent, owner=agent, priority="red",
                          received_at=timezone.now() - dt.timedelta(days=10))
    fresh = make_complaint(actor=agent, owner=agent, priority="green")
    sla_sweep()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(lead)
    page = client.get("/sla/at-risk/").content.decode()
    assert late.number in page and fresh.number not in page
    client.force_login(agent)
    queue = client.get("/complaints/?scope=mine&sort=due").content.decode()
    assert "sla-red" in queue and "sla-green" in queue
    assert queue.index(late.number) < queue.index(fresh.number)  # due soonest first
    detail = client.get(f"/complaints/{late.pk}/").content.decode()
    assert 'id="sla-panel"' in detail


def test_queue_vip_first_sort(make_order_complaint, agent):
    from bihuan.complaints.selectors import ComplaintFilters, complaint_list

    plain = make_order_complaint(actor=agent, owner=agent, priority="red", member_level=0)
    vip = make_order_complaint(actor=agent, owner=agent, priority="green", member_level=3)
    by_priority = complaint_list(user=agent, filters=ComplaintFilters(), page=1, page_size=10)
    by_vip = complaint_list(user=agent, filters=ComplaintFilters(sort="vip"), page=1, page_size=10)
    assert [c.pk for c in by_priority.items][:2] == [plain.pk, vip.pk]
    assert [c.pk for c in by_vip.items][:2] == [vip.pk, plain.pk]
