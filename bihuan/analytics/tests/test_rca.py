"""Root-cause screens: open from a drill-down or an alert, fill 5 Whys/5W1H/fishbone, act, measure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from bihuan.accounts.models import Role
from bihuan.analytics.models import HotspotAlert, ImprovementAction, Rollup, RootCauseAnalysis

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(make_user):
    client = Client()
    client.force_login(make_user(Role.ANALYST, username="analyst"))
    return client


def test_analysis_from_a_drill_down_with_whys_fishbone_and_a_measured_action(analyst):
    # given daily rollups of the logistics cluster: 10 a day for four weeks, then 4 a day since the fix
    today = timezone.localdate()
    done = today - dt.timedelta(days=28)
    rows = [Rollup(grain="d", dim="category", key="logistics", day=done - dt.timedelta(days=i), count=10)
            for i in range(1, 29)]
    rows += [Rollup(grain="d", dim="category", key="logistics", day=done + dt.timedelta(days=i), count=4)
             for i in range(28)]
    Rollup.objects.bulk_create(rows)
    query = f"dim=category&key=logistics&from={done - dt.timedelta(days=7)}&to={done - dt.timedelta(days=1)}"
    # when the analyst opens an analysis from the drill-down filter
    page = analyst.get(f"/analytics/rca/new/?{query}")
    assert page.status_code == 200 and "物流" in page.content.decode()
    response = analyst.post(f"/analytics/rca/new/?{query}", {
        "title": "广东仓延迟发货", "dim": "category", "key": "logistics",
        "from": str(done - dt.timedelta(days=7)), "to": str(done - dt.timedelta(days=1))})
    rca = RootCauseAnalysis.objects.get()
    assert response.status_code == 302 and rca.complaint_count == 70 and rca.dim == "category"
    # and fills in the 5 Whys, 5W1H and the fishbone
    analyst.post(f"/analytics/rca/{rca.pk}/", {
        "status": "open", "why1": "包裹晚到", "why2": "仓库积压", "why3": "大促人手不足", "why4": "", "why5": "",
        "w_what": "发货延迟", "w_where": "广东仓", "fb_logistics_partner": "承运商爆仓\n\n", "fb_process": "排班不足",
        "root_cause": "大促排班按平日配置", "root_category": "process", "problem": ""})
    rca.refresh_from_db()
    assert rca.whys == ["包裹晚到", "仓库积压", "大促人手不足"]
    assert rca.fishbone == {"logistics_partner": ["承运商爆仓"], "process": ["排班不足"]}
    assert rca.w5h1 == {"what": "发货延迟", "where": "广东仓"}
    # and adds an action with owner, due date and target, then marks it done four weeks ago
    analyst.post(f"/analytics/rca/{rca.pk}/actions/", {
        "title": "大促前按预测排班", "due_on": str(done), "metric": "volume", "target": "35", "weeks": "4"})
    action = ImprovementAction.objects.get()
    analyst.post(f"/analytics/rca/actions/{action.pk}/done/", {"done_on": str(done)})
    action.refresh_from_db()
    # then the before/after comparison is there at once: 70 a week before, 28 a week after
    assert (action.before_value, action.after_value, action.effect_final) == (70, 28, True)
    body = analyst.get(f"/analytics/rca/{rca.pk}/").content.decode()
    assert "大促前按预测排班" in body and "承运商爆仓" in body and "70.0" in body and "28.0" in body
    assert "广东仓延迟发货" in analyst.get("/analytics/rca/").content.decode()


def test_analysis_from_an_alert_and_bad_input(analyst, make_user, team):
    alert = HotspotAlert.objects.create(kind="spike", dim="product", key="折叠屏手机 Fold",
                                        day=dt.date(2026, 11, 20), observed=9, expected=1, score=6,
                                        drilldown="/analytics/complaints/")
    analyst.post(f"/analytics/rca/new/?alert={alert.pk}", {"title": "折叠屏黑屏", "alert": alert.pk})
    rca = RootCauseAnalysis.objects.get()
    assert (rca.alert, rca.dim, rca.key, rca.start, rca.end) == (alert, "product", "折叠屏手机 Fold",
                                                                 alert.day, alert.day)
    assert analyst.post("/analytics/rca/new/", {"title": ""}).status_code == 200  # form error, no 500
    assert analyst.post(f"/analytics/rca/{rca.pk}/actions/", {"title": "x", "metric": "nope"}).status_code == 302
    assert not ImprovementAction.objects.exists()
    assert analyst.get("/analytics/rca/999999/").status_code == 404
    agent = Client()
    agent.force_login(make_user(Role.AGENT, team=team))
    assert agent.get("/analytics/rca/").status_code == 403


def test_the_list_reads_in_a_fixed_number_of_queries(analyst, make_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    owner = make_user(Role.ANALYST, username="owner")
    for i in range(6):
        RootCauseAnalysis.objects.create(title=f"分析{i}", dim="agent", key=str(owner.pk + i),
                                         start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 7), owner=owner)
    with CaptureQueriesContext(connection) as queries:
        assert analyst.get("/analytics/rca/").status_code == 200
    assert len(queries) < 12
