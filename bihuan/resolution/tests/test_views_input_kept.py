"""Bad input loses nothing: a refused panel form comes back with what was typed and the error beside it."""

import httpx
import pytest

from bihuan.accounts.services import api_token_create
from bihuan.notifications.models import Outbox
from bihuan.resolution import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(agent, make_order_complaint, resolution_library):
    return make_order_complaint(agent, owner=agent, demand="return")


def test_a_report_without_findings_keeps_the_chosen_responsibility(client, agent, complaint):
    client.force_login(agent)
    response = client.post(f"/resolution/complaints/{complaint.pk}/report/",
                           {"findings": "   ", "responsibility": "warehouse"})
    html = response.content.decode()
    assert response.status_code == 422
    assert '<option value="warehouse" selected>' in html
    assert 'data-field="findings"' in html
    assert not hasattr(complaint, "verification") or not complaint.verification.completed_at


def test_a_refused_proposal_keeps_lines_and_justification(client, agent, complaint):
    """A coupon instead of the statutory return is refused by the service (legal floor)."""
    client.force_login(agent)
    response = client.post(f"/resolution/complaints/{complaint.pk}/propose/",
                           {"type_1": "coupon", "amount_1": "20", "justification": "客户说只要券就行"})
    html = response.content.decode()
    assert response.status_code == 422
    assert '<option value="coupon" selected>' in html and 'value="20"' in html
    assert "客户说只要券就行</textarea>" in html
    assert 'class="field-error"' in html
    assert complaint.remedies.count() == 0


def test_an_invalid_amount_is_shown_next_to_its_field(client, agent, complaint):
    client.force_login(agent)
    response = client.post(f"/resolution/complaints/{complaint.pk}/propose/",
                           {"type_1": "cash", "amount_1": "-5", "justification": "保留我"})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'data-field="amount_1"' in html and 'value="-5"' in html and "保留我</textarea>" in html


def test_a_refused_link_keeps_language_and_days(client, agent, complaint):
    client.force_login(agent)
    response = client.post(f"/resolution/complaints/{complaint.pk}/progress-link/",
                           {"language": "en", "days": "999"})
    html = response.content.decode()
    assert response.status_code == 422
    assert '<option value="en" selected>' in html and 'value="999"' in html and 'data-field="days"' in html


def test_a_refused_decision_keeps_the_counter_offer(client, agent, lead, complaint):
    client.force_login(agent)
    client.post(f"/resolution/complaints/{complaint.pk}/propose/",
                {"type_1": "return", "type_2": "cash", "amount_2": "120", "justification": "二次坏件"})
    approval = complaint.approval_requests.get()
    client.force_login(lead)
    response = client.post(f"/resolution/approvals/{approval.pk}/decide/",
                           {"decision": "counter", "counter_type": "cash", "counter_amount": "60"})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'value="60"' in html and '<option value="cash" selected>' in html and 'data-field="reason"' in html
    approval.refresh_from_db()
    assert approval.status == "pending"


def test_request_more_information_waits_on_the_customer_and_writes_the_outbox(client, agent, complaint):
    client.force_login(agent)
    response = client.post(f"/resolution/complaints/{complaint.pk}/request-info/",
                           {"message": "请补充一张铭牌照片"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "waiting_on_customer"
    sms = Outbox.objects.get(complaint_id=complaint.pk, body="请补充一张铭牌照片")
    assert sms.recipient == complaint.customer.phone  # the channel depends on the configured senders


def test_an_empty_information_request_changes_nothing(client, agent, complaint):
    client.force_login(agent)
    response = client.post(f"/resolution/complaints/{complaint.pk}/request-info/", {"message": ""})
    assert response.status_code == 422 and 'data-field="message"' in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status != "waiting_on_customer"
    assert not Outbox.objects.filter(complaint_id=complaint.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_api_asks_for_more_information(live_server, agent, make_order_complaint, resolution_library):
    complaint = make_order_complaint(agent, owner=agent)
    with httpx.Client(base_url=live_server.url + "/api/v1/resolution", timeout=20,
                      headers={"Authorization": f"Bearer {api_token_create(user=agent)}"}) as api:
        r = api.post(f"/complaints/{complaint.pk}/verification/info-request", json={"message": "请补充照片"})
        assert r.status_code == 200 and r.json()["status"] == "waiting_on_customer"
        again = api.post(f"/complaints/{complaint.pk}/verification/info-request", json={"message": "再补充"})
        assert (again.status_code, again.json()["code"]) == (409, "transition_not_allowed")
        empty = api.post(f"/complaints/{complaint.pk}/verification/info-request", json={"message": ""})
        assert empty.status_code == 422
    assert Outbox.objects.filter(complaint_id=complaint.pk).count() == 1
    assert services  # the service module is the one the view and the API call
