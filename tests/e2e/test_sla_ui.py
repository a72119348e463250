"""SLA in the browser: queue badges sorted by due time, the supervisor's at-risk page, the due-time preview."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bihuan.accounts.models import Role
from bihuan.routing.services import sla_sweep
from bihuan.routing.services.seed import seed_sla_defaults

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_queue_badges_and_at_risk_page(live_server, page, agent, make_user, team, make_complaint, screenshot):
    seed_sla_defaults()
    make_user(Role.TEAM_LEAD, team=team, username="lead")
    late = make_complaint(actor=agent, owner=agent, priority="red", title="冰箱不制冷，十天没人管",
                          received_at=timezone.now() - dt.timedelta(days=10))
    fresh = make_complaint(actor=agent, owner=agent, priority="green", title="快递外包装破损")
    sla_sweep()

    login(page, live_server.url, "agent")
    page.goto(f"{live_server.url}/complaints/?scope=mine&sort=due")
    rows = page.locator("table.queue tbody tr")
    assert rows.first.inner_text().count(late.number) == 1  # due soonest (overdue) first
    late_badge = rows.filter(has_text=late.number).locator(".sla").first
    assert "sla-red" in late_badge.get_attribute("class") and "超时" in late_badge.inner_text()
    fresh_badge = rows.filter(has_text=fresh.number).locator(".sla").first
    assert "sla-green" in fresh_badge.get_attribute("class")
    screenshot(page, "sla_queue_badges")

    page.context.clear_cookies()
    login(page, live_server.url, "lead")
    page.goto(f"{live_server.url}/sla/at-risk/")
    breached = page.locator("section.card").first
    assert "已超时" in breached.locator("h2").inner_text()
    assert late.number in breached.inner_text() and "首次响应" in breached.inner_text()
    assert fresh.number not in page.inner_text("body")
    screenshot(page, "sla_at_risk")


def test_preview_red_complaint_on_a_tiaoxiu_saturday_at_20_50(live_server, page, agent, screenshot):
    seed_sla_defaults()  # a transactional test elsewhere may have flushed the migration's policies
    login(page, live_server.url, "agent")
    page.goto(f"{live_server.url}/sla/preview/")
    page.fill("#preview-form input[name=received_at]", "2025-02-08T20:50")
    page.select_option("#preview-form select[name=priority]", "red")
    page.click("#preview-form button[type=submit]")
    result = page.locator("#preview-result")
    result.wait_for()
    text = result.inner_text()
    assert "2025-02-08 20:50" in text
    assert "春节" in text and "调休" in text  # a make-up working day of the Spring Festival, in Chinese
    assert "红色" in text  # the red policy applies
    # 2 business hours: 20:50–21:00 on the Saturday, then Monday 09:00–10:50
    assert "2025-02-10 10:50" in result.locator("tr[data-metric=first_response] td.due").inner_text()
    screenshot(page, "sla_preview_tiaoxiu_saturday")
