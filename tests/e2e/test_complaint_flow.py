"""An agent takes a complaint from received to closed in the browser."""

from __future__ import annotations

import pytest

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STEPS = ["已评估", "核实中", "方案中", "执行中", "回访", "已关闭"]


def test_agent_moves_a_complaint_through_every_stage(live_server, page, agent, make_customer,
                                                     make_complaint, screenshot):
    # given a red complaint about a customer's order, owned by the agent
    customer = make_customer(name="刘女士", phone="13812341234", member_level=4)
    complaint = make_complaint(actor=agent, priority="red", category="product",
                               subcategory="safety", order_no=customer.orders.first().order_no,
                               description="宝宝吃了奶粉后腹泻，罐底有结块，要求退款并检测！")
    # when the agent logs in, the complaint is in their queue with a red badge
    login(page, live_server.url, "agent")
    page.wait_for_selector("table.queue")
    row = page.locator("tr.row", has_text=complaint.number)
    assert row.locator(".badge.prio-red").inner_text() == "红"
    screenshot(page, "queue")
    row.locator("a.num").click()
    # the customer panel shows the masked phone and the order
    page.wait_for_selector("#timeline")
    assert "138****1234" in page.inner_text("aside")
    assert customer.orders.first().order_no in page.inner_text("aside")
    screenshot(page, "detail")
    # then each "next step" click moves it on and shows on the timeline
    for label in STEPS:
        page.click("#next-step")
        page.wait_for_selector(f"#current-status:has-text('{label}')")
        assert label in page.locator("#timeline li.ev-transition").last.inner_text()
    complaint.refresh_from_db()
    assert complaint.status == "closed"
    assert complaint.events.filter(kind="transition").count() == len(STEPS)
    screenshot(page, "closed")


def test_a_forbidden_or_unexplained_move_is_explained_not_lost(live_server, page, agent,
                                                               make_complaint):
    complaint = make_complaint(actor=agent)
    login(page, live_server.url, "agent")
    page.goto(f"{live_server.url}/complaints/{complaint.pk}/")
    # escalating needs a reason: the page asks for it instead of submitting
    page.click("button.move[value=escalated]")
    assert page.locator(".transition-form input[name=reason]").evaluate("el => el === document.activeElement")
    page.fill(".transition-form input[name=reason]", "客户称要找媒体曝光")
    page.click("button.move[value=escalated]")
    page.wait_for_selector("#current-status:has-text('已升级')")
    assert "客户称要找媒体曝光" in page.inner_text("#timeline")


def test_comment_and_language_switch(live_server, page, agent, make_complaint):
    complaint = make_complaint(actor=agent)
    login(page, live_server.url, "agent")
    page.goto(f"{live_server.url}/complaints/{complaint.pk}/")
    page.fill("textarea[name=body]", "已致电客户，约定明早回电 <script>alert(1)</script>")
    page.click(".comment-form button")
    page.wait_for_selector("#timeline .ev-comment")
    # user text is shown escaped, never executed
    assert "<script>alert(1)</script>" in page.inner_text("#timeline")
    page.click("button[name=language][value=en]")
    page.wait_for_selector("text=Timeline")
    assert "Received" in page.inner_text("#current-status")
