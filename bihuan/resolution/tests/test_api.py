"""The resolution API over real HTTP (live server + httpx): the whole flow and its rules."""

import httpx
import pytest

from bihuan.accounts.services import api_token_create

pytestmark = pytest.mark.django_db(transaction=True)


def _client(live_server, user):
    return httpx.Client(base_url=live_server.url + "/api/v1/resolution", timeout=20,
                        headers={"Authorization": f"Bearer {api_token_create(user=user)}"})


def test_verification_to_completed_with_one_approval(live_server, agent, lead, make_order_complaint,
                                                      resolution_library):
    complaint = make_order_complaint(agent, owner=agent, demand="return", days_ago=2)
    with _client(live_server, agent) as api, _client(live_server, lead) as lead_api:
        # verification
        checks = api.post(f"/complaints/{complaint.pk}/verification/checks").json()["auto_checks"]
        assert "within_7_days" in {c["code"] for c in checks}
        assert api.post(f"/complaints/{complaint.pk}/verification/items",
                        json={"code": "batch_checked", "note": "B261101"}).status_code == 200
        r = api.post(f"/complaints/{complaint.pk}/verification/report",
                     json={"findings": "批次涂层缺陷", "responsibility": "own_product"})
        assert r.status_code == 200 and r.json()["responsibility"] == "own_product"
        # a coupon instead of the statutory return is refused
        r = api.post(f"/complaints/{complaint.pk}/remedies", json={"lines": [{"type": "coupon", "amount": "20"}]})
        assert (r.status_code, r.json()["code"]) == (422, "below_legal_floor")
        # within authority: approved at once
        first = api.post(f"/complaints/{complaint.pk}/remedies",
                         json={"lines": [{"type": "return"}, {"type": "coupon", "amount": "10"}]})
        assert (first.status_code, first.json()["status"]) == (201, "approved")
        # above authority: needs a lead, who is not the requester
        second = api.post(f"/complaints/{complaint.pk}/remedies",
                          json={"lines": [{"type": "cash", "amount": "100"}], "justification": "二次坏件，误工"})
        assert second.json()["status"] == "pending_approval"
        queue = lead_api.get("/approvals").json()
        assert [q["remedy_id"] for q in queue] == [second.json()["id"]]
        assert api.get("/approvals").json() == []
        r = api.post(f"/approvals/{queue[0]['id']}/decision", json={"decision": "approve"})
        assert r.status_code == 403
        r = lead_api.post(f"/approvals/{queue[0]['id']}/decision", json={"decision": "approve", "reason": "同意"})
        assert r.json()["status"] == "approved"
        # negotiation, then execution to the end
        for remedy in (first.json(), second.json()):
            assert api.post(f"/remedies/{remedy['id']}/offer", json={"body": "方案告知客户"}).status_code == 200
            agreed = api.post(f"/remedies/{remedy['id']}/response", json={"response": "accepted"}).json()
            assert agreed["status"] == "executing"
            for step in agreed["steps"]:
                assert api.post(f"/steps/{step['id']}/done", json={}).json()["status"] == "done"
        remedies = api.get(f"/complaints/{complaint.pk}/remedies").json()
        assert {r["status"] for r in remedies} == {"completed"}
        # a progress link for the customer, then revoked
        link = api.post(f"/complaints/{complaint.pk}/progress-links", json={"language": "en"}).json()
        page = httpx.get(link["url"])
        assert page.status_code == 200 and "Resolved" in page.text
        assert api.post(f"/progress-links/{link['id']}/revoke").json()["revoked"] is True
        assert httpx.get(link["url"]).status_code == 410
    complaint.refresh_from_db()
    assert complaint.status == "follow_up"


def test_errors_are_4xx_with_stable_codes(live_server, agent, make_user, other_team, make_order_complaint,
                                          resolution_library):
    from bihuan.accounts.models import Role

    complaint = make_order_complaint(agent, owner=agent)
    stranger = make_user(Role.AGENT, team=other_team)
    with _client(live_server, agent) as api, _client(live_server, stranger) as other:
        assert other.post(f"/complaints/{complaint.pk}/remedies",
                          json={"lines": [{"type": "apology"}]}).status_code == 404
        r = api.post(f"/complaints/{complaint.pk}/remedies", json={"lines": [{"type": "cash", "amount": "80"}]})
        assert (r.status_code, r.json()["code"]) == (422, "justification_required")
        assert api.post(f"/complaints/{complaint.pk}/remedies", json={"lines": []}).status_code == 422
        assert api.post("/remedies/999999/offer", json={}).status_code == 404
        assert api.post("/approvals/999999/decision", json={"decision": "approve"}).status_code == 404
        r = api.post("/assist/plain-language", json={"text": "你冷静一点，这点小事"})
        assert r.status_code == 200 and {f["kind"] for f in r.json()["flags"]} == {"dismissive"}
