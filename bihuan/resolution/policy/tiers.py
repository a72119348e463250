"""Remedy types, offer lines and the tiered compensation standard (赔付分级).

A remedy offer is a small package of lines ("free return + 10 元 coupon").
Each line has a type; money-bearing lines carry an amount. The *value* of an
offer is the extra money the company gives beyond fulfilling the original
sale; it is what authority limits and the fairness band are measured in.
Returning, exchanging, reshipping or repairing honour the sale itself and
count 0, except a full refund, which counts the order value unless it is
within policy (scenario standard or a statutory right).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from . import pick

REFUND_FULL = "refund_full"
REFUND_PARTIAL = "refund_partial"
RETURN = "return"
EXCHANGE = "exchange"
RESHIP = "reship"
REPAIR = "repair"
COUPON = "coupon"
POINTS = "points"
CASH = "cash"
SERVICE_EXTENSION = "service_extension"
APOLOGY = "apology"
DATE_CHANGE = "date_change"

REMEDY_TYPES: dict[str, tuple[str, str]] = {
    REFUND_FULL: ("全额退款", "Full refund"),
    REFUND_PARTIAL: ("部分退款", "Partial refund"),
    RETURN: ("退货退款", "Return for refund"),
    EXCHANGE: ("换货", "Exchange"),
    RESHIP: ("补发", "Reship"),
    REPAIR: ("维修", "Repair"),
    COUPON: ("优惠券", "Coupon"),
    POINTS: ("积分", "Points"),
    CASH: ("现金补偿", "Cash compensation"),
    SERVICE_EXTENSION: ("延长服务/保修", "Service extension"),
    APOLOGY: ("正式道歉", "Apology"),
    DATE_CHANGE: ("改期（代替取消）", "Date change instead of cancelling"),
}
# Lines whose amount is money given to the customer.
AMOUNT_TYPES = frozenset({REFUND_PARTIAL, COUPON, CASH})
MAX_AMOUNT = Decimal("1000000")
MAX_POINTS = 10_000_000
CENT = Decimal("0.01")


class LineError(ValueError):
    """A malformed offer line; `code` is stable, `params` fill the message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Line:
    remedy_type: str
    amount: Decimal = Decimal("0")
    points: int = 0
    note: str = ""

    def label(self, language: str | None = None) -> str:
        name = pick(REMEDY_TYPES[self.remedy_type], language)
        if self.remedy_type in AMOUNT_TYPES and self.amount:
            unit = "CNY " if (language or "").startswith("en") else ""
            suffix = "" if unit else " 元"
            return f"{name} {unit}{self.amount}{suffix}"
        if self.remedy_type == POINTS and self.points:
            return f"{name} {self.points}"
        return name

    def as_dict(self) -> dict:
        return {"type": self.remedy_type, "amount": str(self.amount), "points": self.points,
                "note": self.note}


def money(value: object) -> Decimal:
    """Parse a non-negative amount in yuan, rounded to the fen."""
    try:
        amount = Decimal(str(value if value not in (None, "") else "0"))
    except (InvalidOperation, ValueError):
        raise LineError("invalid_amount", value=value) from None
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise LineError("invalid_amount", value=value)
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _line(item: dict) -> Line:
    """One offer line, checked on its own (its type, amount, points)."""
    kind = str(item.get("type") or item.get("remedy_type") or "")
    if kind not in REMEDY_TYPES:
        raise LineError("unknown_remedy_type", type=kind)
    amount = money(item.get("amount")) if kind in AMOUNT_TYPES else Decimal("0")
    if kind in AMOUNT_TYPES and amount <= 0:
        raise LineError("amount_required", type=kind)
    try:
        points = int(item.get("points") or 0) if kind == POINTS else 0
    except (TypeError, ValueError):
        raise LineError("invalid_points") from None
    if kind == POINTS and not 0 < points <= MAX_POINTS:
        raise LineError("invalid_points")
    return Line(kind, amount, points, str(item.get("note") or "")[:200])


def parse_lines(raw: list[dict]) -> list[Line]:
    """Validate offer lines from a form or the API (1–6 lines, no repeated type)."""
    if not raw:
        raise LineError("no_lines")
    if len(raw) > 6:
        raise LineError("too_many_lines")
    lines: list[Line] = []
    for item in raw:
        line = _line(item)
        if any(other.remedy_type == line.remedy_type for other in lines):
            raise LineError("repeated_remedy_type", type=line.remedy_type)
        lines.append(line)
    if {REFUND_FULL, REFUND_PARTIAL} <= {line.remedy_type for line in lines}:
        raise LineError("conflicting_refunds")
    return lines


def stored_lines(raw: list[dict]) -> list[Line]:
    """The lines of a remedy already saved, for display and records.

    New offers go through ``parse_lines``; saved ones are shown as stored even
    when together they break a rule for new offers (older data, an import, a
    rule tightened later): a page must never fail because of what is in the
    database. A line that is unreadable on its own is left out.
    """
    lines = []
    for item in raw or []:
        try:
            lines.append(_line(item))
        except (LineError, AttributeError):  # AttributeError: an item that is not an object
            continue
    return lines


def line_value(line: Line, *, order_value: Decimal, points_per_cny: int, full_refund_in_policy: bool) -> Decimal:
    if line.remedy_type in AMOUNT_TYPES:
        return line.amount
    if line.remedy_type == POINTS:
        return (Decimal(line.points) / Decimal(max(points_per_cny, 1))).quantize(CENT)
    if line.remedy_type == REFUND_FULL and not full_refund_in_policy:
        return order_value
    return Decimal("0")


def offer_value(lines: list[Line], *, order_value: Decimal, points_per_cny: int = 100,
                full_refund_in_policy: bool = True) -> Decimal:
    return sum((line_value(line, order_value=order_value, points_per_cny=points_per_cny,
                           full_refund_in_policy=full_refund_in_policy) for line in lines), Decimal("0"))


# ---------------------------------------------------------------- tiers
@dataclass(frozen=True)
class Tier:
    """One level of a scenario's standard: a percentage of the order value or a fixed amount, capped."""

    level: int
    remedy_type: str
    percent: Decimal | None = None
    fixed: Decimal | None = None
    cap: Decimal | None = None

    def amount(self, order_value: Decimal) -> Decimal:
        if self.fixed is not None:
            value = self.fixed
        else:
            value = (order_value * (self.percent or Decimal("0")) / Decimal(100))
        if self.cap is not None:
            value = min(value, self.cap)
        return value.quantize(CENT, rounding=ROUND_HALF_UP)

    def as_dict(self) -> dict:
        out: dict = {"level": self.level, "type": self.remedy_type}
        for name in ("percent", "fixed", "cap"):
            value = getattr(self, name)
            if value is not None:
                out[name] = str(value)
        return out


def parse_tiers(raw: list[dict]) -> list[Tier]:
    """Tiers from the library's JSON; levels 1..3 ascending, each percent-or-fixed."""
    tiers = []
    for item in raw:
        kind = str(item.get("type", ""))
        if kind not in REMEDY_TYPES:
            raise LineError("unknown_remedy_type", type=kind)
        percent = money(item["percent"]) if item.get("percent") not in (None, "") else None
        fixed = money(item["fixed"]) if item.get("fixed") not in (None, "") else None
        cap = money(item["cap"]) if item.get("cap") not in (None, "") else None
        if (percent is None) == (fixed is None):
            raise LineError("tier_needs_percent_or_fixed", level=item.get("level"))
        if percent is not None and percent > 100:
            raise LineError("invalid_percent", level=item.get("level"))
        tiers.append(Tier(int(item.get("level", len(tiers) + 1)), kind, percent, fixed, cap))
    levels = [t.level for t in tiers]
    if levels != sorted(set(levels)):
        raise LineError("tier_levels_not_ascending")
    return tiers


def tier_offers(tiers: list[Tier], order_value: Decimal) -> list[tuple[Tier, Line]]:
    """The ready-made line for each tier at this order value (what the UI suggests)."""
    out = []
    for tier in tiers:
        amount = tier.amount(order_value)
        if tier.remedy_type == POINTS:
            line = Line(POINTS, points=int(amount * 100))
        elif tier.remedy_type in AMOUNT_TYPES:
            line = Line(tier.remedy_type, amount=amount)
        else:
            line = Line(tier.remedy_type)
        out.append((tier, line))
    return out


def tier_reached(tiers: list[Tier], *, value: Decimal, order_value: Decimal) -> int | None:
    """The highest tier whose amount the offer's value reaches; None below level 1 or without tiers."""
    reached = None
    for tier in tiers:
        if value >= tier.amount(order_value) > 0:
            reached = tier.level
    return reached
