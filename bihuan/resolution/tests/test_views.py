"""The resolution UI: panel, approver queue, and the customer progress page that leaks nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from bihuan.complaints import services as complaint_services
from bihuan.resolution import services
from bihuan.resolution.models import ProgressLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(agent, make_order_complaint, resolution_library):
    return make_order_complaint(agent, owner=agent, demand="return")


def _agreed(complaint, agent):
    services.verification_complete(complaint=complaint, actor=agent, findings="内胆涂层脱落",
                                   responsibility="own_product")
    remedy = services.remedy_propose(complaint=complaint, actor=agent, lines=[{"type": "return"}])
    services.remedy_offer(remedy=remedy, actor=agent)
    return services.remedy_respond(remedy=remedy, actor=agent, response="accepted")


def test_the_detail_page_shows_the_panel_with_checklist_scenario_and_band(client, agent, complaint):
    client.force_login(agent)
    html = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert 'id="resolution"' in html and "批次与质检记录已核对" in html
    assert "产品质量缺陷" in html and "fairness-band" in html


def test_the_approver_queue_lists_only_what_the_user_may_decide(client, agent, lead, complaint):
    client.force_login(agent)
    response = client.post(f"/resolution/complaints/{complaint.pk}/propose/",
                           {"type_1": "return", "type_2": "cash", "amount_2": "120",
                            "justification": "第二次收到坏件"})
    assert response.status_code == 302
    assert complaint.remedies.get().status == "pending_approval"
    assert client.get("/resolution/approvals/").content.decode().count('class="row"') == 0
    client.force_login(lead)
    html = client.get("/resolution/approvals/").content.decode()
    assert complaint.number in html and "第二次收到坏件" in html
    approval = complaint.approval_requests.get()
    client.post(f"/resolution/approvals/{approval.pk}/decide/", {"decision": "approve"})
    assert complaint.remedies.get().status == "approved"


def test_the_progress_page_shows_stage_and_steps_in_the_customers_language(client, agent, complaint):
    _agreed(complaint, agent)
    link, token = services.progress_link_create(complaint=complaint, actor=agent, language="en")
    response = client.get(f"/p/{token}/")
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "Carrying out the solution" in html and "Return request submitted" in html
    assert complaint.number in html
    link.refresh_from_db()
    assert link.views == 1


def test_the_progress_page_leaks_no_internal_note_staff_or_other_complaint(client, agent, complaint,
                                                                             make_order_complaint):
    _agreed(complaint, agent)
    complaint_services.complaint_comment(complaint=complaint, actor=agent, body="内部备注：客户疑似职业索赔人",
                                         internal=True)
    other = make_order_complaint(agent, owner=agent, description="另一位客户的投诉：冰箱漏水")
    _, token = services.progress_link_create(complaint=complaint, actor=agent)
    html = client.get(f"/p/{token}/").content.decode()
    for secret in ("职业索赔人", "内胆涂层脱落", str(agent), agent.username, other.number, "冰箱漏水",
                   complaint.customer.name, complaint.customer.phone, complaint.description):
        assert secret not in html
    assert "方案执行中" in html


@pytest.mark.parametrize("case", ["expired", "revoked", "tampered", "unknown"])
def test_unusable_links_fail_cleanly(client, agent, complaint, case):
    link, token = services.progress_link_create(complaint=complaint, actor=agent)
    if case == "expired":
        ProgressLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    elif case == "revoked":
        services.progress_link_revoke(link=link, actor=agent)
    elif case == "tampered":
        token = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    else:
        token = "not-a-token"
    response = client.get(f"/p/{token}/")
    assert response.status_code == (410 if case in ("expired", "revoked") else 404)
    html = response.content.decode()
    assert "客服" in html and complaint.number not in html


def test_plain_language_check_fragment(client, agent):
    client.force_login(agent)
    html = client.post("/resolution/assist/check/", {"text": "这是快递的问题，不归我们管"}).content.decode()
    assert "blame" in html or "推诿" in html
    assert "跟进到底" in html
