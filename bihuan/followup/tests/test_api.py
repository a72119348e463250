"""The whole loop over real HTTP (live server + httpx): resolve → follow-up → survey → callback → reopened."""

from __future__ import annotations

import httpx
import pytest

from bihuan.accounts.models import Role
from bihuan.accounts.services import api_token_create
from bihuan.followup import services
from bihuan.followup.models import Survey

pytestmark = pytest.mark.django_db(transaction=True)


def client_for(live_server, user) -> httpx.Client:
    return httpx.Client(base_url=live_server.url + "/api/v1", timeout=20,
                        headers={"Authorization": f"Bearer {api_token_create(user=user)}"})


def test_resolve_follow_up_low_score_callback_reopen(live_server, agent, lead, make_user, team, make_customer,
                                                     followup_defaults):
    senior = make_user(Role.SENIOR_AGENT, team=team, username="senior")
    customer = make_customer()
    with client_for(live_server, agent) as http, client_for(live_server, senior) as senior_http:
        # given a complaint resolved through the complaints API
        created = http.post("/complaints", json={
            "channel": "app", "description": "宝宝的推车轮子坏了，要求换新", "category": "product",
            "priority": "yellow", "emotion": "calm", "customer": {"name": customer.name, "phone": customer.phone}})
        assert created.status_code == 201, created.text
        cid = created.json()["id"]
        for step in ("assessed", "verifying", "resolving", "executing", "follow_up"):
            assert http.post(f"/complaints/{cid}/transitions", json={"to": step}).status_code == 200
        # then the follow-up is due in my queue, by the app channel
        tasks = http.get("/followup/tasks").json()
        assert [(t["complaint_id"], t["kind"], t["method"], t["channel"]) for t in tasks] == [
            (cid, "follow_up", "channel", "app")]
        # the customer said it is fine: the complaint closes and the survey goes out
        r = http.post(f"/followup/tasks/{tasks[0]['id']}/outcome", json={"outcome": "resolved"})
        assert r.status_code == 200 and r.json()["status"] == "done"
        assert http.get(f"/complaints/{cid}").json()["status"] == "closed"
        token = services.survey_token(Survey.objects.get(complaint_id=cid))
        # the customer answers with a low score (public endpoint, no token header)
        answer = httpx.post(f"{live_server.url}/api/v1/followup/surveys/{token}", json={"csat": 1, "nps": 2})
        assert answer.status_code == 200 and answer.json() == {
            "complaint_number": created.json()["number"], "low_score": True, "callback_created": True}
        # duplicates and tampered links are refused with a stable code
        again = httpx.post(f"{live_server.url}/api/v1/followup/surveys/{token}", json={"csat": 5, "nps": 10})
        assert (again.status_code, again.json()["code"]) == (409, "already_answered")
        bad = httpx.post(f"{live_server.url}/api/v1/followup/surveys/{token[:-2]}xx", json={"csat": 5})
        assert (bad.status_code, bad.json()["code"]) == (410, "invalid")
        out_of_range = httpx.post(f"{live_server.url}/api/v1/followup/surveys/{token}", json={"csat": 9})
        assert out_of_range.status_code == 422
        # a callback task waits for the senior agent
        callbacks = senior_http.get("/followup/tasks").json()
        assert [(t["kind"], t["method"]) for t in callbacks] == [("callback", "phone")]
        # who finds it is still not resolved: the complaint is reopened and back in verification
        r = senior_http.post(f"/followup/tasks/{callbacks[0]['id']}/outcome",
                             json={"outcome": "not_resolved", "note": "新推车还没发货"})
        assert r.status_code == 200
        detail = http.get(f"/complaints/{cid}").json()
        assert detail["status"] == "verifying"
        panel = http.get(f"/followup/complaints/{cid}").json()
        assert panel["reopen_count"] == 1 and panel["survey"]["csat"] == 1
        assert any("户口本" in r["advice"] for r in panel["reminders"])  # 宝宝 → infant travel papers
        timeline = [e["after"] for e in http.get(f"/complaints/{cid}/timeline").json() if e["kind"] == "transition"]
        assert timeline[-3:] == ["closed", "reopened", "verifying"]
        # recording twice is a conflict, not a 500
        twice = senior_http.post(f"/followup/tasks/{callbacks[0]['id']}/outcome", json={"outcome": "resolved"})
        assert (twice.status_code, twice.json()["code"]) == (409, "task_closed")
