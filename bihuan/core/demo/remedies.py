"""Remedies (赔付) for the demo complaints that reached execution, so the compensation, refund and
remedy-outcome panels have something real to compare.

Bulk rows, like the rest of the demo: the package depends on the category and on how much the
order was worth; refunds carry the refunded amount as their value, goodwill lines (coupon,
points, cash) their face value, and apologies/exchanges nothing.
"""

from __future__ import annotations

import random
from decimal import Decimal

from bihuan.complaints.models import Complaint
from bihuan.resolution.models import Remedy

_PACKAGES = {
    "product": [("exchange", 0), ("refund_partial", 0.3), ("return", 1.0), ("repair", 0)],
    "logistics": [("reship", 0), ("refund_partial", 0.15), ("coupon", 20)],
    "service": [("apology", 0), ("coupon", 10), ("points", 0)],
    "other": [("refund_partial", 0.1), ("apology", 0)],
}
_RESPONSIBILITY = {"product": "own_product", "logistics": "third_party_logistics", "service": "agent",
                   "other": "unknown"}
_DONE = {"follow_up", "closed", "reopened"}


def _line(kind: str, amount: Decimal, rng: random.Random) -> dict:
    return {"type": kind, "amount": str(amount), "points": rng.choice((200, 500)) if kind == "points" else 0,
            "note": ""}


def create_remedies(rng: random.Random, complaints: list[Complaint]) -> int:
    rows = []
    for c in complaints:
        if c.status not in _DONE | {"executing"} or not c.owner_id:
            continue
        order_value = Decimal(c.order.amount) if c.order_id else Decimal("0")
        kind, share = rng.choice(_PACKAGES.get(c.category or "other", _PACKAGES["other"]))
        if kind in {"refund_partial", "return"} and not order_value:
            kind, share = "coupon", 10
        if kind in {"refund_partial", "return"}:
            amount = (order_value * Decimal(str(share))).quantize(Decimal("0.01"))
        elif kind == "coupon":
            amount = Decimal(rng.choice((5, 10, 20, 30)))
        else:
            amount = Decimal("0")
        lines = [_line(kind, amount, rng)]
        if kind not in ("apology", "coupon") and rng.random() < 0.3:  # an apology coupon on top, sometimes
            lines.append(_line("coupon", Decimal(10), rng))
            amount += 10
        rows.append(Remedy(
            complaint=c, lines=lines, value=amount, order_value=order_value, tier=rng.choice((1, 1, 2)),
            status="completed" if c.status in _DONE else "executing",
            responsibility=_RESPONSIBILITY.get(c.category or "other", "unknown"), proposed_by_id=c.owner_id,
            justification="按方案库标准档位处理"))
    Remedy.objects.bulk_create(rows, batch_size=500)
    return len(rows)
