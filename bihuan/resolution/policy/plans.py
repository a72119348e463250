"""Execution-plan templates (执行跟踪): the steps each remedy needs.

"退货申请已提交 → 物流取件 → 仓库签收 → 退款到账": every step has an owner (a
role or department the agent chases) and a deadline counted in days from the
moment the customer agreed. Steps shared by several lines (a return that also
triggers the refund) appear once. The last step is always the customer's
confirmation, which is what "closed loop" means.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import tiers as t

# code -> ((zh-Hans, English) title, owner, days after the previous step of its chain)
STEPS: dict[str, tuple[tuple[str, str], str, int]] = {
    "return_requested": (("退货申请已提交", "Return request submitted"), "agent", 0),
    "pickup": (("快递上门取件", "Courier picks up the parcel"), "logistics", 2),
    "warehouse_received": (("仓库签收退货", "Warehouse receives the return"), "warehouse", 3),
    "refund_requested": (("退款申请已提交", "Refund request submitted"), "agent", 0),
    "refund_paid": (("退款到账", "Refund paid"), "finance", 3),
    "replacement_shipped": (("换新商品已发出", "Replacement shipped"), "warehouse", 1),
    "reship_shipped": (("补发商品已发出", "Reshipment dispatched"), "warehouse", 1),
    "delivered": (("商品送达", "Delivered to the customer"), "logistics", 3),
    "repair_booked": (("维修已预约", "Repair booked"), "after_sales", 1),
    "repair_done": (("维修完成", "Repair completed"), "after_sales", 4),
    "coupon_issued": (("优惠券已发放", "Coupon issued"), "agent", 0),
    "points_credited": (("积分已到账", "Points credited"), "agent", 0),
    "compensation_paid": (("补偿款已到账", "Compensation paid"), "finance", 3),
    "extension_applied": (("服务延期已生效", "Service extension applied"), "after_sales", 1),
    "apology_made": (("已向客户正式致歉", "Apology made to the customer"), "agent", 0),
    "date_changed": (("改期已办理", "Date changed"), "agent", 0),
    "customer_confirmed": (("客户确认问题已解决", "Customer confirms it is resolved"), "agent", 1),
}
OWNERS: dict[str, tuple[str, str]] = {
    "agent": ("坐席", "Agent"), "logistics": ("物流", "Logistics"), "warehouse": ("仓库", "Warehouse"),
    "finance": ("财务", "Finance"), "after_sales": ("售后", "After-sales"),
}
BY_TYPE: dict[str, tuple[str, ...]] = {
    t.RETURN: ("return_requested", "pickup", "warehouse_received", "refund_paid"),
    t.REFUND_FULL: ("refund_requested", "refund_paid"),
    t.REFUND_PARTIAL: ("refund_requested", "refund_paid"),
    t.EXCHANGE: ("return_requested", "pickup", "warehouse_received", "replacement_shipped", "delivered"),
    t.RESHIP: ("reship_shipped", "delivered"),
    t.REPAIR: ("repair_booked", "repair_done"),
    t.COUPON: ("coupon_issued",),
    t.POINTS: ("points_credited",),
    t.CASH: ("compensation_paid",),
    t.SERVICE_EXTENSION: ("extension_applied",),
    t.APOLOGY: ("apology_made",),
    t.DATE_CHANGE: ("date_changed",),
}


@dataclass(frozen=True)
class StepTemplate:
    code: str
    title: tuple[str, str]
    owner: str
    days: int


def plan_for(remedy_types: list[str]) -> list[StepTemplate]:
    """Ordered, de-duplicated steps with deadlines in days from the agreement.

    Each remedy is its own chain (days add up along it); chains run in
    parallel, a step shared by two chains keeps its earliest deadline, and a
    return's refund makes a separate refund request redundant.
    """
    due: dict[str, int] = {}
    types = set(remedy_types)
    for kind in remedy_types:
        elapsed = 0
        for code in BY_TYPE.get(kind, ()):
            if code == "refund_requested" and types & {t.RETURN, t.EXCHANGE}:
                continue
            elapsed += STEPS[code][2]
            due[code] = min(due.get(code, elapsed), elapsed)
    due["customer_confirmed"] = max(due.values(), default=0) + STEPS["customer_confirmed"][2]
    order = {code: i for i, code in enumerate(STEPS)}
    codes = sorted(due, key=lambda c: (due[c], order[c]))
    return [StepTemplate(c, STEPS[c][0], STEPS[c][1], due[c]) for c in codes]
