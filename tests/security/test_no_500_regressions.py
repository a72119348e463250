"""Request paths a QA crawl found answering 500; each must now answer cleanly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from bihuan.analytics.selectors import period_from
from bihuan.resolution.policy.tiers import LineError, parse_lines, stored_lines

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def test_saved_remedy_lines_that_break_a_rule_for_new_offers_still_display():
    raw = [{"type": "coupon", "amount": "10"}, {"type": "coupon", "amount": "10"}]
    with pytest.raises(LineError):
        parse_lines(raw)  # a new offer may not repeat a type ...
    lines = stored_lines(raw)  # ... but a saved one is shown as stored
    assert [(line.remedy_type, line.amount) for line in lines] == [("coupon", Decimal("10.00"))] * 2
    assert stored_lines([{"type": "no-such-type"}, "junk"]) == []


def test_scenario_library_edit_and_propose_pages_render(lead, resolution_library, make_order_complaint):
    from bihuan.resolution.models import Scenario

    scenario = Scenario.objects.first()
    client = _client(lead)
    assert client.get(f"/resolution/library/{scenario.pk}/edit/").status_code == 200
    complaint = make_order_complaint(actor=lead)
    assert client.get(f"/resolution/library/propose/{complaint.pk}/").status_code in (200, 302, 403, 404)


@pytest.mark.parametrize("bad", ["0001-01-01", "9999-12-31", "2026-13-45", "x"])
def test_analytics_periods_ignore_dates_outside_this_era(bad):
    period = period_from({"to": bad, "from": bad}, today=dt.date(2026, 11, 24))
    assert period.end == dt.date(2026, 11, 24) and period.start <= period.end


def test_analytics_page_with_year_one_is_not_a_500(lead):
    assert _client(lead).get("/analytics/?to=0001-01-01").status_code == 200


@pytest.mark.parametrize("next_value", ["abc", "-1", "1e309", "//evil.example/x", "https://evil.example/"])
def test_a_next_that_is_not_a_local_path_falls_back_to_the_default(lead, next_value):
    r = _client(lead).post("/analytics/reports/subscription/", {"next": next_value, "weekly": "on",
                                                                 "language": "zh-hans"})
    assert r.status_code == 302
    assert r["Location"].startswith("/analytics/")


@pytest.mark.parametrize("position", ["-1", "1000000000000000000000000000000", "abc"])
def test_a_reminder_position_out_of_range_is_a_form_error(lead, position):
    r = _client(lead).post("/followup/reminders/", {"name": "r", "advice_zh": "提醒", "position": position,
                                                    "active": "on"})
    assert r.status_code == 422
