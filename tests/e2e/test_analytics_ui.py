"""Analytics in the browser: the dashboard renders its ECharts panels and every number drills down."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from bihuan.accounts.models import Role
from bihuan.analytics.models import HotspotAlert
from bihuan.analytics.services import analytics_tick, rollups_refresh
from bihuan.customers.models import Customer, Order, OrderItem

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_analyst_opens_the_dashboard_and_drills_into_a_number(live_server, page, make_user, make_complaint,
                                                              agent, screenshot):
    # given complaints over the last days and fresh rollups
    now = timezone.now()
    for i, (category, channel) in enumerate([("product", "phone"), ("logistics", "wechat"),
                                             ("product", "weibo"), ("service", "phone")] * 3):
        make_complaint(actor=agent, category=category, channel=channel,
                       received_at=now - dt.timedelta(days=i % 5, hours=i))
    rollups_refresh()
    make_user(Role.ANALYST, username="analyst")
    login(page, live_server.url, "analyst")
    # when the analyst opens the dashboard
    page.goto(f"{live_server.url}/analytics/")
    page.wait_for_selector('[data-chart="trend"][data-ready="1"]')
    volume = page.locator('[data-kpi="volume"] .kpi-value a')
    assert volume.inner_text().strip() == "12"
    assert "kpi-na" in page.get_attribute('[data-kpi="csat"]', "class")  # no surveys yet: n/a
    screenshot(page, "analytics_overview")
    # then the breakdowns page draws its heatmaps and the province map (or its bar fallback)
    page.goto(f"{live_server.url}/analytics/breakdowns/?dim=category")
    for name in ("breakdown", "weekday_hour", "region_category", "channel_time", "waterfall", "map"):
        page.wait_for_selector(f'[data-chart="{name}"][data-ready="1"]')
    screenshot(page, "analytics_breakdowns")
    # and a number clicks through to the complaints behind it
    page.locator("#breakdown-table a", has_text="6").first.click()
    page.wait_for_selector("#drill-filters")
    assert page.locator("#queue-table tbody tr.row").count() == 6
    screenshot(page, "analytics_drilldown")
    # and the filtered list exports to a spreadsheet with the Chinese text intact
    with page.expect_download() as download:
        page.click('[data-export="complaints"] a:has-text("XLSX")')
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "工单号" and len(rows) == 7 and "电饭煲" in rows[1][-1]


def test_hotspot_alert_is_listed_drills_down_and_is_acknowledged(live_server, page, make_user, make_complaint,
                                                                  agent, screenshot):
    # given a product that suddenly draws complaints today, after weeks of quiet history elsewhere
    now = timezone.now()
    for day in range(1, 30):
        make_complaint(actor=agent, category="service", channel="phone", received_at=now - dt.timedelta(days=day))
    customer = Customer.objects.create(name="李先生", phone="13900001111", province="广东")
    order = Order.objects.create(order_no="HYFOLD0001", customer=customer, status="delivered",
                                 shipping_status="delivered", amount=Decimal("6999"), placed_at=now)
    OrderItem.objects.create(order=order, product_name="折叠屏手机 Fold", sku="PH-FD-1", batch="B2611",
                             unit_price=Decimal("6999"))
    for minutes in range(6):
        make_complaint(actor=agent, category="product", customer=customer, order_no=order.order_no,
                       received_at=now - dt.timedelta(minutes=5 + minutes), description="折叠屏开机就黑屏。")
    analytics_tick(force=True)
    make_user(Role.ANALYST, username="analyst")
    login(page, live_server.url, "analyst")
    # when the analyst opens the overview, the alert is listed with its drill-down
    page.goto(f"{live_server.url}/analytics/#hotspots")
    row = page.locator("#alerts-table tr[data-alert]", has_text="折叠屏手机 Fold").first
    row.scroll_into_view_if_needed()
    screenshot(page, "analytics_hotspots")
    row.locator("button.ack").click()
    page.wait_for_selector("#alerts-table .muted")
    assert HotspotAlert.objects.get(key="折叠屏手机 Fold").acknowledged_by.username == "analyst"
    page.locator("#alerts-table a.alert-drill", has_text="折叠屏手机 Fold").first.click()
    page.wait_for_selector("#drill-filters")
    assert page.locator("#queue-table tbody tr.row").count() == 6
    # and a root-cause analysis starts from the drill-down, with an improvement action
    page.click("#start-rca")
    page.fill("#rca-new input[name=title]", "折叠屏开机黑屏")
    page.click("#rca-new button[type=submit]")
    page.wait_for_selector("#rca-cluster")
    page.fill("#rca-edit input[name=why1]", "开机黑屏")
    page.fill("#rca-edit input[name=why2]", "固件升级失败")
    page.fill("#rca-edit textarea[name=fb_product]", "固件 1.0.3 缺陷")
    page.fill("#rca-edit textarea[name=fb_system]", "OTA 未灰度")
    page.fill("#rca-edit textarea[name=root_cause]", "OTA 未经灰度直接全量推送")
    page.click("#rca-edit button[type=submit]")
    page.wait_for_selector("#fishbone")
    page.fill("#action-form input[name=title]", "OTA 灰度发布流程")
    page.select_option("#action-form select[name=metric]", "volume")
    page.fill("#action-form input[name=target]", "2")
    page.click("#action-form button[type=submit]")
    page.wait_for_selector("#actions-table tr[data-action]")
    page.click("#actions-table button.done")
    page.wait_for_selector("#actions-table small")
    assert "固件 1.0.3 缺陷" in page.inner_text("#fishbone")
    screenshot(page, "analytics_rca")
