"""Legal floor and automatic order checks, without the database."""

import datetime as dt
from decimal import Decimal

from bihuan.resolution.policy import checks, legal

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=TZ)


def rights(days_ago, *, floor=legal.SEVEN_DAY_RETURN, defect=False, shipping="delivered"):
    delivered = NOW - dt.timedelta(days=days_ago) if days_ago is not None else None
    return legal.statutory_rights(floor=floor, delivered_at=delivered, shipping_status=shipping, now=NOW,
                                  product_defect=defect, tz=TZ)


def test_seven_day_window_counts_from_the_day_after_delivery():
    assert rights(7).seven_day_return
    assert not rights(8).seven_day_return
    assert not rights(None, shipping="in_transit").seven_day_return
    assert not rights(2, floor=legal.NONE).seven_day_return


def test_a_coupon_instead_of_a_statutory_return_is_below_the_floor():
    violation = legal.check_floor(rights=rights(3), demand="refund", line_types={"coupon"})
    assert violation.code == "seven_day_return" and "return" in violation.needs
    assert legal.check_floor(rights=rights(3), demand="refund", line_types={"return", "coupon"}) is None
    # the floor binds only when the customer asks for what the right gives
    assert legal.check_floor(rights=rights(3), demand="apology", line_types={"coupon"}) is None
    # after the window a coupon may be all that is owed
    assert legal.check_floor(rights=rights(10), demand="refund", line_types={"coupon"}) is None


def test_defects_give_return_exchange_then_repair():
    assert legal.check_floor(rights=rights(10, defect=True), demand="exchange", line_types={"coupon"}).code == \
        "quality_exchange"
    assert legal.check_floor(rights=rights(30, defect=True), demand="repair", line_types={"coupon"}).code == \
        "quality_repair"
    assert legal.check_floor(rights=rights(30, defect=True), demand="repair", line_types={"repair"}) is None


def test_a_lost_parcel_must_be_reshipped_or_refunded():
    r = rights(None, shipping="lost", floor=legal.NONE)
    assert legal.check_floor(rights=r, demand="compensation", line_types={"coupon"}).code == "undelivered"
    assert legal.full_refund_is_statutory(r)


def test_automatic_checks_state_the_order_facts():
    order = checks.OrderFacts("JD1", "delivered", "delivered", Decimal("299"), NOW - dt.timedelta(days=9),
                              NOW - dt.timedelta(days=3))
    codes = {c.code: c for c in checks.run_checks(order, now=NOW, tz=TZ)}
    assert set(codes) == {"refundable", "delivered", "within_7_days"}
    assert codes["within_7_days"].params["deadline"] == "2026-11-24"
    assert "2026-11-24" in checks.message(codes["within_7_days"], "zh-hans")
    late = checks.OrderFacts("JD1", "refunded", "lost", Decimal("1"), None, None)
    assert {c.code for c in checks.run_checks(late, now=NOW, tz=TZ)} == {"already_refunded", "lost"}
    assert checks.run_checks(None, now=NOW, order_no="X")[0].code == "order_not_found"
