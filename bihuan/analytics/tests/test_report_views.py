"""Weekly/monthly report pages and PDF: the dashboard's numbers, drill-downs, access, bad periods."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from pypdf import PdfReader

from bihuan.accounts.models import Role
from bihuan.analytics import reports, selectors
from bihuan.analytics.models import HotspotAlert, ImprovementAction, ReportSubscription, RootCauseAnalysis
from bihuan.analytics.report_selectors import as_period, report_build
from bihuan.analytics.services import rollups_refresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst_client(make_user):
    client = Client()
    client.force_login(make_user(Role.ANALYST, username="analyst"))
    return client


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def two_weeks(make_complaint, make_order_complaint, agent):
    """Last complete week: 3 product (on an order of 智能电饭煲 4L), 1 logistics; the week before: 1 product."""
    week = reports.last_complete(reports.WEEKLY, timezone.localdate())
    for i in range(3):
        make_order_complaint(agent, received_at=_at(week.start + dt.timedelta(days=i)), channel="wechat")
    make_complaint(actor=agent, category="logistics", received_at=_at(week.end, 20))
    make_complaint(actor=agent, category="product", received_at=_at(week.previous().start + dt.timedelta(days=2)))
    rollups_refresh()
    return week


def test_report_numbers_are_the_kpi_selectors_numbers(two_weeks, analyst_client):
    # given two weeks of complaints in the rollups
    week = two_weeks
    # when the report for the last complete week is built and shown
    report = report_build(week, today=timezone.localdate())
    cards = {c["code"]: c for c in selectors.kpi_cards(as_period(week))}
    before = {c["code"]: c for c in selectors.kpi_cards(as_period(week.previous()))}
    # then every KPI is the dashboard's value for the same period, next to the previous period's
    for row in report["kpis"]:
        assert row["value"] == cards[row["code"]]["value"] and row["text"] == cards[row["code"]]["text"]
        assert row["previous_text"] == before[row["code"]]["text"]
        assert row["target"] == cards[row["code"]]["target"] and row["met"] == cards[row["code"]]["met"]
    assert report["volume"]["value"] == 4 and report["kpis"][0]["change"]["delta"] == 3
    assert {k["code"] for k in report["kpis_shown"]} >= {"volume", "repeat", "escalation", "reopen"}
    assert "CSAT" in " ".join(str(label) for label in report["unmeasured"])  # no surveys in either week
    # and volume by category is the breakdown selector's, with the drill-down of each number
    by_category = {r["key"]: r for r in report["volume_by"][0]["rows"]}
    assert {k: r["count"] for k, r in by_category.items()} == {
        r["key"]: r["count"] for r in selectors.breakdown(as_period(week), "category")}
    assert by_category["product"]["previous"] == 1
    assert by_category["product"]["url"] == selectors.drill_url(as_period(week), dim="category", key="product")
    rising_products = report["rising"][1]["rows"]
    assert [(r["label"], r["count"], r["previous"]) for r in rising_products] == [("智能电饭煲 4L", 3, 0)]
    # and the page shows them, each linked to the complaints behind it
    body = analyst_client.get(f"/analytics/reports/?kind=weekly&period={week.code}").content.decode()
    volume_url = cards["volume"]["url"].replace("&", "&amp;")
    assert f'<a href="{volume_url}" class="report-value">4</a>' in body
    assert "智能电饭煲 4L" in body and week.code in body
    drilled = analyst_client.get(cards["volume"]["url"]).content.decode()
    assert drilled.count('class="row') >= 4


def test_report_lists_the_period_alerts_and_open_actions(two_weeks, analyst_client, make_user):
    week = two_weeks
    HotspotAlert.objects.create(kind="spike", dim="product", key="智能电饭煲 4L", day=week.start, observed=3,
                                expected=0.4, score=5.1, drilldown="/analytics/complaints/?dim=product")
    HotspotAlert.objects.create(kind="spike", dim="category", key="service", day=week.start - dt.timedelta(days=30),
                                observed=9, expected=1, score=6, drilldown="/analytics/complaints/")
    owner = make_user(Role.DEPARTMENT_OWNER, username="owner", display_name="何经理")
    rca = RootCauseAnalysis.objects.create(title="电饭煲不加热", dim="product", key="智能电饭煲 4L",
                                           start=week.start, end=week.end)
    ImprovementAction.objects.create(analysis=rca, title="更换温控元件供应商", owner=owner, due_on=week.end,
                                     metric="volume")
    ImprovementAction.objects.create(analysis=rca, title="已完成的动作", due_on=week.end, metric="volume",
                                     status="done", done_on=week.end)
    report = report_build(week, today=timezone.localdate())
    assert [a.key for a in report["alerts"]] == ["智能电饭煲 4L"]
    actions = [(a["title"], a["owner"], a["overdue"]) for a in report["actions"]]
    assert actions == [("更换温控元件供应商", "何经理", True)]
    body = analyst_client.get(f"/analytics/reports/?kind=weekly&period={week.code}").content.decode()
    assert "更换温控元件供应商" in body and "已完成的动作" not in body and f"/analytics/rca/{rca.pk}/" in body


def test_pdf_has_the_report_with_chinese_text_and_links(two_weeks, analyst_client):
    week = two_weeks
    with translation.override("zh-hans"):
        response = analyst_client.get(f"/analytics/reports/pdf/?kind=weekly&period={week.code}",
                                      HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"bihuan-report-{week.code}.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    pdf = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert len(pdf.pages) >= 1 and pdf.metadata.title
    assert "智能电饭煲 4L" in text and "投诉量" in text and week.code in text  # data and translated labels
    fonts = {str(font["/BaseFont"]) for page in pdf.pages
             for font in page["/Resources"]["/Font"].get_object().values()}
    assert "/STSong-Light" in fonts
    links = [a.get_object()["/A"]["/URI"] for page in pdf.pages for a in page.get("/Annots", [])
             if "/A" in a.get_object()]
    assert any("/analytics/complaints/?" in str(uri) and str(uri).startswith("http") for uri in links)


def test_report_page_reads_rollups_with_few_queries(two_weeks, analyst_client):
    for url in ("/analytics/reports/", "/analytics/reports/?kind=monthly", "/analytics/reports/pdf/"):
        with CaptureQueriesContext(connection) as queries:
            assert analyst_client.get(url).status_code == 200
        assert len(queries) < 25, url
        assert not any("analytics_complaintfact" in q["sql"] for q in queries.captured_queries), url


def test_monthly_report_and_default_period(analyst_client):
    month = reports.last_complete(reports.MONTHLY, timezone.localdate())
    response = analyst_client.get("/analytics/reports/?kind=monthly")
    assert response.status_code == 200 and month.code in response.content.decode()
    assert analyst_client.get("/analytics/reports/").status_code == 200
    assert analyst_client.get(f"/analytics/reports/pdf/?kind=monthly&period={month.code}").status_code == 200


@pytest.mark.parametrize("query", [
    "kind=weekly&period=garbage", "kind=weekly&period=2026-W99", "kind=monthly&period=2026-13",
    "kind=daily", "kind=weekly&period=9999-W01", "kind=monthly&period=%00", "kind=weekly&period=2100-W52",
])
def test_malformed_period_is_a_friendly_400(analyst_client, query):
    for url in ("/analytics/reports/", "/analytics/reports/pdf/"):
        response = analyst_client.get(f"{url}?{query}")
        assert response.status_code == 400, query
        body = response.content.decode()
        assert 'id="report-error"' in body and 'id="report-pickers"' in body


def test_agents_may_not_see_or_subscribe_to_reports(make_user, team):
    client = Client()
    client.force_login(make_user(Role.AGENT, team=team))
    assert client.get("/analytics/reports/").status_code == 403
    assert client.get("/analytics/reports/pdf/").status_code == 403
    assert client.post("/analytics/reports/subscription/", {"weekly": "on", "language": "en"}).status_code == 403
    assert not ReportSubscription.objects.exists()
    assert Client().get("/analytics/reports/").status_code == 302  # anonymous: to the login page


def test_subscription_form_saves_per_user(analyst_client):
    response = analyst_client.post("/analytics/reports/subscription/",
                                   {"weekly": "on", "language": "en", "next": "/analytics/reports/?kind=monthly"})
    assert response.status_code == 302 and response["Location"] == "/analytics/reports/?kind=monthly"
    sub = ReportSubscription.objects.get()
    assert (sub.user.username, sub.weekly, sub.monthly, sub.language) == ("analyst", True, False, "en")
    body = analyst_client.get("/analytics/reports/").content.decode()
    assert 'id="subscription-state"' in body
    analyst_client.post("/analytics/reports/subscription/", {"monthly": "on", "language": "zh-hans",
                                                             "next": "https://evil.example/"})
    sub.refresh_from_db()
    assert (sub.weekly, sub.monthly, sub.language) == (False, True, "zh-hans")
    response = analyst_client.post("/analytics/reports/subscription/", {"weekly": "on", "language": "xx"})
    assert response.status_code == 302 and ReportSubscription.objects.get().language == "zh-hans"
