"""Hotspot service: alerts from the rollups, once per series and day, to the owning department's outbox."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client

from bihuan.accounts.models import Department, DepartmentKind, Role
from bihuan.analytics.models import HotspotAlert, RefreshState, Rollup
from bihuan.analytics.services import analytics_tick, hotspots_detect
from bihuan.notifications.models import Outbox

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


def _rollups(series: dict[tuple[str, str], list[int]], totals: list[int]) -> None:
    days = [TODAY - dt.timedelta(days=len(totals) - 1 - i) for i in range(len(totals))]
    rows = [Rollup(grain="d", dim="all", key="", day=d, count=n) for d, n in zip(days, totals, strict=True)]
    for (dim, key), counts in series.items():
        rows += [Rollup(grain="d", dim=dim, key=key, day=d, count=n) for d, n in zip(days, counts, strict=True)
                 if n]
    Rollup.objects.bulk_create(rows)


@pytest.fixture
def product_department(make_user):
    dept = Department.objects.create(code="product", name="产品部", kind=DepartmentKind.PRODUCT)
    make_user(Role.DEPARTMENT_OWNER, department=dept, username="owner", email="owner@example.cn")
    return dept


def test_a_spike_becomes_one_alert_and_one_message_to_the_owning_department(product_department):
    # given five quiet weeks of 奶粉 complaints and a burst today
    quiet = [3, 2, 4, 3, 2, 3, 1] * 5
    _rollups({("product", "婴儿配方奶粉 800g"): quiet + [18], ("category", "product"): [20] * 35 + [35]},
             totals=[60] * 35 + [75])
    # when detection runs twice
    first = hotspots_detect(today=TODAY, days_back=0)
    again = hotspots_detect(today=TODAY, days_back=0)
    # then one alert, addressed to the product department with a drill-down link, and one message
    assert len(first.created) == 1 and again.created == []
    alert = HotspotAlert.objects.get()
    assert (alert.kind, alert.dim, alert.key, alert.day) == ("spike", "product", "婴儿配方奶粉 800g", TODAY)
    assert alert.department == product_department and alert.delivery == "queued"
    assert alert.drilldown.startswith("/analytics/complaints/?") and "dim=product" in alert.drilldown
    message = Outbox.objects.get()
    assert message.recipient == "owner@example.cn" and message.channel == "email"
    assert "婴儿配方奶粉 800g" in message.body and alert.drilldown in message.body


def test_new_product_and_weekly_trend_alerts(product_department):
    # given a product never complained about, and logistics whose share rose two weeks running
    logistics = [10] * 21 + [14] * 7 + [19] * 7 + [3]
    _rollups({("product", "折叠屏手机 Fold"): [0] * 35 + [7], ("category", "logistics"): logistics},
             totals=[50] * 36)
    # when judged on a Friday
    hotspots_detect(today=TODAY, days_back=0)
    kinds = dict(HotspotAlert.objects.values_list("kind", "key"))
    # then the launch trouble and the trend are found; the trend is dated the last complete week's Sunday
    assert kinds == {"new_product": "折叠屏手机 Fold", "trend": "logistics"}
    assert HotspotAlert.objects.get(kind="trend").day == dt.date(2026, 11, 15)


def test_the_worker_tick_runs_at_most_every_interval_and_the_command_reports(product_department, settings,
                                                                              capsys):
    settings.BIHUAN_ANALYTICS_TICK_SECONDS = 900
    assert analytics_tick() is not None
    assert analytics_tick() is None  # not due yet
    assert RefreshState.objects.get(name="hotspots").last_run_at is not None
    call_command("analytics_hotspots", "--day", "2026-11-20")
    assert "new alerts" in capsys.readouterr().out


def test_acknowledge_from_the_overview(make_user, product_department):
    _rollups({("product", "折叠屏手机 Fold"): [0] * 35 + [7]}, totals=[50] * 36)
    hotspots_detect(today=TODAY, days_back=0)
    alert = HotspotAlert.objects.get()
    client = Client()
    client.force_login(make_user(Role.ANALYST, username="analyst"))
    page = client.get("/analytics/?from=2026-11-01&to=2026-11-20").content.decode()
    assert "折叠屏手机 Fold" in page and alert.drilldown.replace("&", "&amp;") in page
    response = client.post(f"/analytics/alerts/{alert.pk}/acknowledge/", {"next": "https://evil.example/"})
    assert response.status_code == 302 and "evil" not in response["Location"]
    alert.refresh_from_db()
    assert alert.acknowledged_by.username == "analyst" and alert.acknowledged_at is not None
    assert client.post("/analytics/alerts/999999/acknowledge/").status_code == 404
