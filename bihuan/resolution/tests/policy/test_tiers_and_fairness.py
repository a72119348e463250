"""Remedy lines, tiers and the fairness band, without the database."""

from decimal import Decimal as D

import pytest

from bihuan.resolution.policy import fairness as f
from bihuan.resolution.policy import tiers as t


def test_lines_are_validated_with_stable_codes():
    with pytest.raises(t.LineError) as e:
        t.parse_lines([])
    assert e.value.code == "no_lines"
    for raw, code in [([{"type": "bribe"}], "unknown_remedy_type"), ([{"type": "coupon"}], "amount_required"),
                      ([{"type": "cash", "amount": "-1"}], "invalid_amount"),
                      ([{"type": "cash", "amount": "NaN"}], "invalid_amount"),
                      ([{"type": "points", "points": "x"}], "invalid_points"),
                      ([{"type": "refund_full"}, {"type": "refund_partial", "amount": "1"}], "conflicting_refunds"),
                      ([{"type": "apology"}, {"type": "apology"}], "repeated_remedy_type")]:
        with pytest.raises(t.LineError) as e:
            t.parse_lines(raw)
        assert e.value.code == code


def test_offer_value_counts_money_and_out_of_policy_full_refunds():
    lines = t.parse_lines([{"type": "return"}, {"type": "coupon", "amount": "10"}, {"type": "points", "points": 500}])
    assert t.offer_value(lines, order_value=D("299")) == D("15.00")
    refund = t.parse_lines([{"type": "refund_full"}])
    assert t.offer_value(refund, order_value=D("299"), full_refund_in_policy=True) == 0
    assert t.offer_value(refund, order_value=D("299"), full_refund_in_policy=False) == D("299")


def test_tiers_are_percent_or_fixed_with_caps():
    tiers = t.parse_tiers([{"level": 1, "type": "coupon", "fixed": "10"},
                           {"level": 2, "type": "refund_partial", "percent": "10", "cap": "100"},
                           {"level": 3, "type": "refund_partial", "percent": "30", "cap": "300"}])
    assert [tier.amount(D("299")) for tier in tiers] == [D("10.00"), D("29.90"), D("89.70")]
    assert [tier.amount(D("5000")) for tier in tiers] == [D("10.00"), D("100.00"), D("300.00")]
    assert t.tier_reached(tiers, value=D("30"), order_value=D("299")) == 2
    assert t.tier_reached(tiers, value=D("5"), order_value=D("299")) is None
    with pytest.raises(t.LineError):
        t.parse_tiers([{"level": 1, "type": "coupon", "fixed": "1", "percent": "2"}])


def test_fairness_band_scales_past_cases_to_this_order_and_flags_both_directions():
    past = [f.PastCase(D(v), D("100")) for v in ("10", "10", "12", "15", "20")]
    # on a 200 元 order, 10 % cases become 20 元
    band = f.band(past, proposed=D("24"), order_value=D("200"))
    assert (band.low, band.median, band.high, band.verdict) == (D("20.00"), D("24.00"), D("30.00"), f.WITHIN)
    assert f.band(past, proposed=D("5"), order_value=D("200")).verdict == f.BELOW
    assert f.band(past, proposed=D("80"), order_value=D("200")).verdict == f.ABOVE
    assert f.band(past[:2], proposed=D("80"), order_value=D("200")).verdict == f.NO_HISTORY


def test_similar_order_values_are_within_a_factor_of_two():
    assert f.similar_order_value(D("150"), D("299"))
    assert not f.similar_order_value(D("100"), D("299"))
