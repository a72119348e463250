"""Legal floor (法定底线): an offer never falls below the customer's statutory rights.

- 七天无理由退货: goods bought online may be returned within 7 days of receipt
  without a reason, unless the category is exempt (the scenario says whether
  the right applies). The 7 days run from the day after delivery.
- Quality defects (三包): return within 7 days, exchange within 15 days of
  receipt, repair after that.
- Goods that never arrived (lost in transit) must be delivered or refunded.

Pure functions over plain values; the services feed them the order facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import tiers as t

NONE = "none"
SEVEN_DAY_RETURN = "seven_day_return"
QUALITY = "quality"
SEVEN_DAY_AND_QUALITY = "seven_day_and_quality"
FLOORS = (NONE, SEVEN_DAY_RETURN, QUALITY, SEVEN_DAY_AND_QUALITY)

RETURN_DAYS = 7
EXCHANGE_DAYS = 15


def days_since_delivery(delivered_at: dt.datetime | None, now: dt.datetime, tz: dt.tzinfo | None = None) -> int | None:
    """Whole days after the day of delivery (delivery day = 0), in local dates."""
    if delivered_at is None:
        return None
    if tz is not None:
        delivered_at, now = delivered_at.astimezone(tz), now.astimezone(tz)
    return (now.date() - delivered_at.date()).days


def within_days(delivered_at: dt.datetime | None, now: dt.datetime, days: int, tz: dt.tzinfo | None = None) -> bool:
    elapsed = days_since_delivery(delivered_at, now, tz)
    return elapsed is not None and 0 <= elapsed <= days


@dataclass(frozen=True)
class Rights:
    seven_day_return: bool = False
    quality_return: bool = False
    quality_exchange: bool = False
    quality_repair: bool = False
    undelivered: bool = False
    codes: tuple[str, ...] = field(default_factory=tuple)


def statutory_rights(*, floor: str, delivered_at: dt.datetime | None, shipping_status: str,
                     now: dt.datetime, product_defect: bool, tz: dt.tzinfo | None = None) -> Rights:
    seven = floor in (SEVEN_DAY_RETURN, SEVEN_DAY_AND_QUALITY) and within_days(delivered_at, now, RETURN_DAYS, tz)
    # 三包 is the law for defective goods whatever the scenario says.
    quality = product_defect
    q_return = quality and within_days(delivered_at, now, RETURN_DAYS, tz)
    q_exchange = quality and within_days(delivered_at, now, EXCHANGE_DAYS, tz)
    q_repair = quality and delivered_at is not None
    undelivered = shipping_status == "lost"
    codes = tuple(code for code, on in (
        ("seven_day_return", seven), ("quality_return", q_return), ("quality_exchange", q_exchange),
        ("quality_repair", q_repair), ("undelivered", undelivered),
    ) if on)
    return Rights(seven, q_return, q_exchange, q_repair, undelivered, codes)


@dataclass(frozen=True)
class Violation:
    code: str
    needs: tuple[str, ...]  # remedy types, any one of which satisfies the floor


def check_floor(*, rights: Rights, demand: str, line_types: set[str]) -> Violation | None:
    """The first statutory right the offer ignores, or None.

    The floor binds when the customer asks for what the right gives (a return,
    a refund, an exchange, a repair); an offer may add goodwill on top, never
    replace the right with something smaller such as a coupon.
    """
    wants_money_back = demand in ("refund", "return")
    if rights.undelivered:
        needs = (t.RESHIP, t.REFUND_FULL)
        if not line_types & set(needs):
            return Violation("undelivered", needs)
    if wants_money_back and (rights.seven_day_return or rights.quality_return):
        needs = (t.RETURN, t.REFUND_FULL)
        if not line_types & set(needs):
            return Violation("seven_day_return" if rights.seven_day_return else "quality_return", needs)
    if demand == "exchange" and (rights.quality_exchange or rights.seven_day_return):
        needs = (t.EXCHANGE, t.RETURN, t.REFUND_FULL)
        if not line_types & set(needs):
            return Violation("quality_exchange" if rights.quality_exchange else "seven_day_return", needs)
    if rights.quality_repair and demand in ("repair", "exchange", "return", "refund", "fix"):
        needs = (t.REPAIR, t.EXCHANGE, t.RETURN, t.REFUND_FULL)
        if not line_types & set(needs):
            return Violation("quality_repair", needs)
    return None


def full_refund_is_statutory(rights: Rights) -> bool:
    """A full refund that a statutory right already gives is within policy."""
    return rights.seven_day_return or rights.quality_return or rights.undelivered
