"""Triage in the browser: cues highlighted, one-click correction, the rule test box."""

from __future__ import annotations

import pytest

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_agent_sees_highlighted_cues_and_corrects_the_priority(live_server, page, agent,
                                                              make_complaint, screenshot):
    complaint = make_complaint(actor=agent, owner=agent, auto_triage=True,
                               description="买的奶粉有结块，孩子喝了拉肚子，再不处理我就打12315！")
    login(page, live_server.url, "agent")
    page.goto(f"{live_server.url}/complaints/{complaint.pk}/")
    panel = page.locator("#triage-panel")
    assert panel.locator("mark.cue-escalation", has_text="12315").count() == 1
    screenshot(page, "triage_panel")
    # one-click correction: pick the field and value, submit
    page.select_option("#correct-field", "priority")
    page.select_option(".correct-form select[name=value]", "yellow")
    page.click(".correct-form button")
    page.wait_for_selector(".msg.success")
    complaint.refresh_from_db()
    assert complaint.priority == "yellow"
    assert "优先级" in page.inner_text("#timeline") or "priority" in page.inner_text("#timeline")


def test_panel_names_the_other_category_a_complaint_involves(live_server, page, agent, make_complaint):
    complaint = make_complaint(actor=agent, owner=agent, auto_triage=True,
                               description="某品牌轿车发动机异响，4S店拒绝保修")
    login(page, live_server.url, "agent")
    page.goto(f"{live_server.url}/complaints/{complaint.pk}/")
    assert "服务" in page.inner_text(".triage-fields tr:first-child td")
    assert page.inner_text(".also-involves") == "另涉及 产品"


def test_rule_test_box_says_whether_a_rule_fires(live_server, page, admin_user):
    login(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/triage/rules/")
    page.click("button[name=test]")
    page.wait_for_selector("#rule-verdict")
    assert "fires" in page.get_attribute("#rule-verdict", "class")
