"""Fixed label sets shared by the triage engine and the complaint record.

Plain Python (no Django) so the engine, the corpus generator and the models
all speak the same vocabulary. Display names are zh-Hans first, English second;
the Django layer wraps them in gettext.
"""

from __future__ import annotations

CATEGORIES: dict[str, tuple[str, str]] = {
    "product": ("产品", "Product"),
    "service": ("服务", "Service"),
    "logistics": ("物流", "Logistics"),
    "other": ("其他", "Other"),
}

# Default sub-category tree. The database copy (editable by administrators)
# starts from this; codes are stable identifiers, "category.sub".
SUBCATEGORIES: dict[str, dict[str, tuple[str, str]]] = {
    "product": {
        "quality_defect": ("质量缺陷", "Quality defect"),
        "malfunction": ("故障", "Malfunction"),
        "not_as_described": ("与描述不符", "Not as described"),
        "size_mismatch": ("尺码不符", "Size mismatch"),
        "safety": ("安全问题", "Safety"),
    },
    "service": {
        "attitude": ("服务态度", "Attitude"),
        "slow_response": ("响应慢/无人处理", "Slow or no response"),
        "refused_warranty": ("拒绝保修/维修", "Refused warranty or repair"),
        "broken_promise": ("承诺未兑现", "Broken promise"),
        "blame_shifting": ("推诿", "Blame-shifting"),
        "process_complex": ("流程繁琐", "Process too complex"),
    },
    "logistics": {
        "late_dispatch": ("发货延迟", "Late dispatch"),
        "delivery_delay": ("配送延误", "Delivery delay"),
        "lost": ("丢件", "Lost"),
        "damaged": ("破损", "Damaged"),
        "wrong_item": ("错发漏发", "Wrong item"),
    },
    "other": {
        "billing_dispute": ("费用争议", "Billing/fee dispute"),
        "policy_question": ("政策咨询", "Policy question"),
        "suggestion": ("建议", "Suggestion"),
        "praise": ("表扬", "Praise"),
    },
}

PRIORITIES: dict[str, tuple[str, str]] = {
    "red": ("红", "Red"),
    "yellow": ("黄", "Yellow"),
    "green": ("绿", "Green"),
}

EMOTIONS: dict[str, tuple[str, str]] = {
    "angry": ("愤怒", "Angry"),
    "anxious": ("焦虑", "Anxious"),
    "disappointed": ("失望", "Disappointed"),
    "calm": ("理性", "Calm"),
}

DEMANDS: dict[str, tuple[str, str]] = {
    "refund": ("退款", "Refund"),
    "return": ("退货", "Return"),
    "exchange": ("换货", "Exchange"),
    "reship": ("补发", "Reship"),
    "repair": ("维修", "Repair"),
    "compensation": ("赔偿", "Compensation"),
    "apology": ("道歉", "Apology"),
    "explanation": ("解释说明", "Explanation"),
    "fix": ("解决问题", "Fix the problem"),
    "none": ("无明确诉求", "None stated"),
}


def subcategory_codes() -> list[str]:
    """All sub-category codes as "category.sub" strings."""
    return [f"{cat}.{sub}" for cat, subs in SUBCATEGORIES.items() for sub in subs]

# The triage contract (issue 4) predicts only these demands; "reship" is a
# demand an agent may record by hand but the engine folds it into "exchange".
TRIAGE_DEMANDS: tuple[str, ...] = (
    "refund", "return", "exchange", "repair", "compensation",
    "apology", "explanation", "fix", "none",
)
