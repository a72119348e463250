"""CSAT, NPS, survey answer rate, compensation, refund success and AHT flow through facts and rollups."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from bihuan.accounts.models import Role
from bihuan.analytics import selectors
from bihuan.analytics.kpis import kpi_values
from bihuan.analytics.models import ComplaintFact, Rollup
from bihuan.analytics.services import rollups_refresh
from bihuan.analytics.services.facts import timeline_measures
from bihuan.analytics.services.outcomes import main_type
from bihuan.followup.models import Survey
from bihuan.resolution.models import Remedy

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def test_handling_sessions_are_runs_of_staff_actions_at_most_ten_minutes_apart():
    events = [
        ("transition", at(1), "received", "assessed", False, True),
        ("comment", at(4), None, None, False, True),  # session 1: 1 → 4 (3 min)
        ("comment", at(5), None, None, False, False),  # the customer: not handling
        ("internal_note", at(60), None, None, True, True),
        ("comment", at(65), None, None, False, True),  # session 2: 60 → 65 (5 min)
        ("comment", at(200), None, None, False, True),  # a lone action: no measurable length
    ]
    m = timeline_measures(T0, events)
    assert (m.handle_sessions, m.handle_seconds) == (2, 8 * 60)
    assert kpi_values({"aht_sum": m.handle_seconds, "aht_n": m.handle_sessions})["aht"] == 4.0


def test_remedy_packages_are_compared_under_their_refund_line_first():
    assert main_type([{"type": "coupon"}, {"type": "refund_partial"}]) == "refund_partial"
    assert main_type([{"type": "coupon"}]) == "coupon" and main_type([]) == ""


def test_nps_is_promoters_minus_detractors_in_points():
    v = kpi_values({"nps_n": 4, "promoters": 2, "detractors": 1, "csat_sum": 9, "csat_n": 2,
                    "surveys": 4, "answered": 2, "refund_n": 4, "refund_ok": 3, "comp_fen": 12345})
    assert v["nps"] == 25.0 and v["csat"] == 4.5 and v["survey_answered"] == 0.5
    assert v["refund_success"] == 0.75 and v["compensation"] == 123.45


def _survey(complaint, *, csat=None, nps=None, answered=True):
    now = timezone.now()
    return Survey.objects.create(complaint=complaint, nonce="n", channel="phone", sent_at=now,
                                 expires_at=now + dt.timedelta(days=7), answered_at=now if answered else None,
                                 csat=csat, nps=nps)


def _remedy(complaint, user, kind, value, status):
    return Remedy.objects.create(complaint=complaint, proposed_by=user, status=status, value=Decimal(value),
                                 lines=[{"type": kind, "amount": value}])


@pytest.mark.django_db
def test_survey_and_remedy_measures_reach_the_kpi_cards_and_drill_downs(make_complaint, make_user, agent):
    # given four complaints: surveys (one unanswered), an agreed and a completed refund, a coupon
    a, b, c, d = (make_complaint(actor=agent, category="product") for _ in range(4))
    _survey(a, csat=5, nps=10)
    _survey(b, csat=2, nps=3)
    _survey(c, answered=False)
    _remedy(a, agent, "refund_full", "299.00", "completed")
    _remedy(b, agent, "refund_partial", "50.00", "agreed")
    _remedy(c, agent, "coupon", "10.00", "executing")
    _remedy(d, agent, "cash", "500.00", "rejected")  # never granted: not spent
    # when the rollups are refreshed
    rollups_refresh()
    # then the facts carry the joins and the daily "all" bucket the sums
    fact = ComplaintFact.objects.get(complaint=a)
    assert (fact.csat, fact.nps, fact.remedy_type, fact.compensation_fen, fact.refund_done) == (
        5, 10, "refund_full", 29900, True)
    row = Rollup.objects.get(grain="d", dim="all")
    assert (row.surveys, row.answered, row.promoters, row.detractors, row.refund_n, row.refund_ok) == (
        3, 2, 1, 1, 2, 1)
    assert row.comp_fen == 35900
    assert Rollup.objects.get(grain="d", dim="remedy", key="coupon").count == 1
    # and the cards show values (no "n/a") with drill-downs to the complaints behind them
    period = selectors.period_from({})
    cards = {card["code"]: card for card in selectors.kpi_cards(period)}
    assert cards["csat"]["text"] == "3.50" and cards["nps"]["text"] == "0"
    assert cards["survey_answered"]["text"] == "66.7%" and cards["refund_success"]["text"] == "50.0%"
    assert cards["compensation"]["text"] == "¥359.00"
    outcome_cards = ("csat", "nps", "survey_answered", "refund_success", "compensation")
    assert not any(cards[code]["unavailable"] for code in outcome_cards)
    # a measure with nothing behind it (no call handling recorded) says so instead of showing 0
    assert cards["aht"]["unavailable"] and cards["aht"]["url"] == ""
    client = Client()
    client.force_login(make_user(Role.ANALYST, username="analyst"))
    body = client.get(cards["refund_success"]["url"]).content.decode()
    assert a.number in body and b.number in body and c.number not in body
    body = client.get(cards["compensation"]["url"]).content.decode()
    assert c.number in body and d.number not in body
    # and the remedy outcome comparison puts each remedy type beside the no-remedy baseline
    outcomes = {r["key"]: r for r in selectors.remedy_outcomes(period)}
    assert set(outcomes) == {"refund_full", "refund_partial", "coupon", ""}
    assert outcomes["refund_full"]["csat"] == 5 and outcomes["refund_partial"]["csat"] == 2
    assert outcomes["coupon"]["spend_per_case"] == 10 and outcomes[""]["spend_per_case"] is None
    assert outcomes[""]["count"] == 1 and str(outcomes["coupon"]["label"]) == "优惠券"
    body = client.get("/analytics/breakdowns/").content.decode()
    assert 'id="remedy-outcomes"' in body
    body = client.get(outcomes["coupon"]["url"]).content.decode()
    assert c.number in body and a.number not in body
