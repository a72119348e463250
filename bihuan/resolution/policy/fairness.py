"""Fairness band (公平性): what similar past cases received.

Customers compare compensation on social media; the same situation should get
the same remedy. Past values are scaled to this order's value when both have
an order value (a 10 % remedy on a 100 元 order is "the same" as 30 元 on a
300 元 one); the band is the interquartile range; an offer outside it in
either direction is flagged (too mean invites a second complaint, too generous
teaches customers to escalate).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MIN_CASES = 3
CENT = Decimal("0.01")

WITHIN = "within"
BELOW = "below"
ABOVE = "above"
NO_HISTORY = "no_history"


@dataclass(frozen=True)
class PastCase:
    value: Decimal
    order_value: Decimal


@dataclass(frozen=True)
class Band:
    n: int
    low: Decimal | None
    median: Decimal | None
    high: Decimal | None
    verdict: str

    @property
    def outside(self) -> bool:
        return self.verdict in (BELOW, ABOVE)

    def as_dict(self) -> dict:
        return {"n": self.n, "verdict": self.verdict,
                **{k: (str(v) if v is not None else None)
                   for k, v in (("low", self.low), ("median", self.median), ("high", self.high))}}


def quantile(sorted_values: list[Decimal], q: float) -> Decimal:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not sorted_values:
        raise ValueError("no values")
    position = (len(sorted_values) - 1) * Decimal(str(q))
    lower = int(position)
    upper = min(lower + 1, len(sorted_values) - 1)
    fraction = position - lower
    return sorted_values[lower] + (sorted_values[upper] - sorted_values[lower]) * fraction


def scaled(case: PastCase, order_value: Decimal) -> Decimal:
    if case.order_value > 0 and order_value > 0:
        return case.value * order_value / case.order_value
    return case.value


def similar_order_value(past: Decimal, current: Decimal, *, factor: Decimal = Decimal("2")) -> bool:
    """Order values within a factor of each other (0 matches only 0)."""
    if past <= 0 or current <= 0:
        return past <= 0 and current <= 0
    return current / factor <= past <= current * factor


def band(past: list[PastCase], *, proposed: Decimal, order_value: Decimal,
         min_cases: int = MIN_CASES) -> Band:
    values = sorted(scaled(case, order_value) for case in past)
    if len(values) < min_cases:
        return Band(len(values), None, None, None, NO_HISTORY)
    low, median, high = (quantile(values, q).quantize(CENT, rounding=ROUND_HALF_UP) for q in (0.25, 0.5, 0.75))
    # Small tolerance so 20.00 vs 19.99 is not a "finding".
    slack = max(Decimal("1"), (high - low) * Decimal("0.05"))
    if proposed < low - slack:
        verdict = BELOW
    elif proposed > high + slack:
        verdict = ABOVE
    else:
        verdict = WITHIN
    return Band(len(values), low, median, high, verdict)
