"""The weekly report in the browser: KPIs vs the previous week, drill-down, PDF download, subscription."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from bihuan.accounts.models import Role
from bihuan.analytics import reports
from bihuan.analytics.models import ReportSubscription
from bihuan.analytics.services import rollups_refresh

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_analyst_reads_the_weekly_report_downloads_the_pdf_and_subscribes(
        live_server, page, make_user, make_complaint, make_order_complaint, agent, screenshot):
    # given complaints in the last complete week and the week before
    week = reports.last_complete(reports.WEEKLY, timezone.localdate())
    for i, (category, channel) in enumerate([("product", "phone"), ("logistics", "wechat"), ("product", "weibo"),
                                             ("service", "phone"), ("logistics", "phone")]):
        make_complaint(actor=agent, category=category, channel=channel,
                       received_at=_at(week.start + dt.timedelta(days=i), 9 + i))
    for i in range(3):
        make_order_complaint(agent, received_at=_at(week.start + dt.timedelta(days=i + 2), 15), channel="wechat")
    for i in range(3):
        make_complaint(actor=agent, category="logistics",
                       received_at=_at(week.previous().start + dt.timedelta(days=i), 11))
    rollups_refresh()
    make_user(Role.ANALYST, username="analyst")
    login(page, live_server.url, "analyst")
    # when the analyst opens the Reports tab (the last complete week by default)
    page.goto(f"{live_server.url}/analytics/")
    page.click('.an-tabs a[data-tab="reports"]')
    page.wait_for_selector("#report-kpis")
    assert week.code in page.inner_text("h1")
    assert page.inner_text('#report-kpis tr[data-kpi="volume"] a.report-value').strip() == "8"
    assert "智能电饭煲 4L" in page.inner_text("#report-rising-product")
    screenshot(page, "analytics_report_weekly")
    # then the PDF of the same report downloads
    with page.expect_download() as download:
        page.click("#report-pdf")
    assert download.value.suggested_filename == f"bihuan-report-{week.code}.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    # and the analyst subscribes to the weekly report in English
    page.check("#subscription-form input[name=weekly]")
    page.select_option("#subscription-form select[name=language]", "en")
    page.click("#subscription-form button[type=submit]")
    page.wait_for_selector("#subscription-state")
    sub = ReportSubscription.objects.get(user__username="analyst")
    assert (sub.weekly, sub.monthly, sub.language) == (True, False, "en")
    # and a number opens the complaints behind it
    page.click('#report-volume-category a >> nth=0')
    page.wait_for_selector("#drill-filters")
    assert page.locator("#queue-table tbody tr.row").count() >= 1
