"""Verification → remedy within authority → remedy approved by a lead → execution → completed, in the browser."""

from __future__ import annotations

import pytest

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _propose(page, lines, justification=""):
    for n, (kind, amount) in enumerate(lines, start=1):
        page.select_option(f"#propose-form select[name=type_{n}]", kind)
        page.fill(f"#propose-form input[name=amount_{n}]", amount)  # clears what a refused post kept
    page.fill("#propose-form textarea[name=justification]", justification)
    page.click("#propose")
    page.wait_for_selector("#resolution")


def test_a_complaint_is_verified_resolved_approved_and_executed(live_server, browser, page, agent, lead,
                                                                make_order_complaint, resolution_library,
                                                                screenshot):
    complaint = make_order_complaint(agent, owner=agent, demand="return", days_ago=2, emotion="angry",
                                     description="电饭煲内胆涂层一碰就掉，才用了两天，要求退货！")
    login(page, live_server.url, "agent")
    page.goto(f"{live_server.url}/complaints/{complaint.pk}/")
    # verification: a checklist item, the automatic checks, the report
    assert "七天无理由退货期内" in page.inner_text("#resolution")
    page.click("button.check-item[data-code=batch_checked]")
    page.wait_for_selector("#resolution li.done")
    page.fill("#report-form textarea[name=findings]", "同批次内胆涂层附着力不合格，属产品质量问题")
    page.select_option("#report-form select[name=responsibility]", "own_product")
    page.click("#report-form button")
    page.wait_for_selector("#current-status:has-text('方案中')")
    screenshot(page, "resolution-verified")
    # a refused offer (a coupon instead of the statutory return) keeps what was typed, error beside it
    _propose(page, [("coupon", "20")], justification="客户说只要券就行")
    assert page.input_value("#propose-form textarea[name=justification]") == "客户说只要券就行"
    assert page.input_value("#propose-form select[name=type_1]") == "coupon"
    assert page.locator("#propose-form .field-error").count() >= 1
    screenshot(page, "resolution-input-kept")
    # a remedy within the agent's authority is approved at once
    _propose(page, [("return", ""), ("coupon", "10")])
    assert "已批准" in page.locator(".remedy").nth(0).inner_text()
    # one above it goes to a lead
    _propose(page, [("cash", "100")], justification="客户第二次遇到涂层问题，误工两天")
    assert "待审批" in page.locator(".remedy").nth(1).inner_text()
    screenshot(page, "resolution-proposed")

    lead_context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    lead_page = lead_context.new_page()
    login(lead_page, live_server.url, "lead")
    lead_page.click("#nav-approvals")
    lead_page.wait_for_selector("table.approvals")
    assert complaint.number in lead_page.inner_text("table.approvals")
    screenshot(lead_page, "resolution-approvals")
    lead_page.click("button.approve")
    lead_page.wait_for_selector(".empty")
    lead_context.close()

    # negotiation: both offers accepted; the plans run to the end
    page.goto(f"{live_server.url}/complaints/{complaint.pk}/")
    for _ in range(2):
        page.locator("button.offer").first.click()
        page.wait_for_selector("button.accept")
        page.locator("button.accept").first.click()
        page.wait_for_selector("#resolution")
    page.wait_for_selector("#current-status:has-text('执行中')")
    assert "退款已申请" in page.inner_text("#closeout") or "退货已登记" in page.inner_text("#closeout")
    screenshot(page, "resolution-executing")
    while page.locator("button.step-done").count():
        page.locator("button.step-done").first.click()
        page.wait_for_selector("#resolution")
    page.wait_for_selector("#current-status:has-text('回访')")
    assert set(complaint.remedies.values_list("status", flat=True)) == {"completed"}

    # the customer's progress link, on a phone
    page.click("#make-link")
    url = page.locator(".link-url").first.inner_text()
    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    customer = phone.new_page()
    customer.goto(url)
    assert customer.inner_text("#stage") == "已解决，待回访"
    assert "涂层附着力" not in customer.content()
    screenshot(customer, "resolution-progress-mobile")
    phone.close()


def test_asking_the_customer_for_more_information(live_server, page, agent, make_order_complaint,
                                                  resolution_library, screenshot):
    complaint = make_order_complaint(agent, owner=agent)
    login(page, live_server.url, "agent")
    page.goto(f"{live_server.url}/complaints/{complaint.pk}/")
    page.click("#request-info")  # empty: the browser's own check stops it
    page.fill("#info-form textarea[name=message]", "请补充一张产品铭牌的照片")
    page.click("#request-info")
    page.wait_for_selector("#resolution")
    complaint.refresh_from_db()
    assert complaint.status == "waiting_on_customer"
    assert "请补充一张产品铭牌的照片" in page.inner_text("body")
    screenshot(page, "resolution-info-requested")
