# ruff: noqa: E501  (tables of human sentences read better unwrapped)
"""The default solution library and verification checklists.

Written from the seed articles' practice (e.g. a quality problem: free return
with freight paid plus a 10 元 coupon; a rude agent: apology plus a 5 元
coupon; a late delivery: reship plus a 20 元 coupon) and the statutory floor.
Loaded by migration 0002 and by `seed_library()` (idempotent) for load_demo.
"""

from __future__ import annotations


def _tier(level: int, kind: str, *, percent: str | None = None, fixed: str | None = None,
          cap: str | None = None) -> dict:
    out: dict = {"level": level, "type": kind}
    if percent is not None:
        out["percent"] = percent
    if fixed is not None:
        out["fixed"] = fixed
    if cap is not None:
        out["cap"] = cap
    return out


# (code, category, subcategory, responsibility, title zh, title en, standard lines, tiers,
#  legal floor, talk track zh, talk track en, message zh, message en)
SCENARIOS: list[tuple] = [
    ("product-quality-defect", "product", "quality_defect", "own_product",
     "产品质量缺陷", "Product quality defect",
     [{"type": "return"}, {"type": "coupon", "amount": "10"}],
     [_tier(1, "coupon", fixed="10"), _tier(2, "refund_partial", percent="10", cap="100"),
      _tier(3, "refund_partial", percent="30", cap="300")],
     "seven_day_and_quality",
     "先致歉并确认问题；说明可免费退货（运费由我们承担）或换新；补偿按一级起步，客户损失较大时再升级。",
     "Apologise and confirm the problem; offer a free return (we pay the freight) or a replacement; "
     "start compensation at level 1 and go higher only when the customer's loss is larger.",
     "非常抱歉商品出现质量问题。我们为您办理：{remedy}。预计{promised}前处理完毕。",
     "We are sorry the item was faulty. We have arranged: {remedy}. It will be completed by {promised}."),
    ("product-malfunction", "product", "malfunction", "own_product",
     "产品故障", "Product malfunction",
     [{"type": "repair"}, {"type": "coupon", "amount": "10"}],
     [_tier(1, "coupon", fixed="10"), _tier(2, "cash", percent="5", cap="50"),
      _tier(3, "refund_partial", percent="15", cap="200")],
     "quality",
     "先排查使用方法，确认故障后：7天内可退、15天内可换、之后免费维修；维修期间主动告知进度。",
     "Rule out misuse first; once the fault is confirmed: return within 7 days, exchange within 15, "
     "free repair after that; keep the customer posted during the repair.",
     "给您带来不便很抱歉。我们为您安排：{remedy}，预计{promised}前完成。",
     "Sorry for the trouble. We have arranged: {remedy}, to be completed by {promised}."),
    ("product-not-as-described", "product", "not_as_described", "own_product",
     "商品与描述不符", "Not as described",
     [{"type": "return"}, {"type": "coupon", "amount": "10"}],
     [_tier(1, "coupon", fixed="10"), _tier(2, "refund_partial", percent="10", cap="80"),
      _tier(3, "refund_partial", percent="20", cap="200")],
     "seven_day_and_quality",
     "承认页面描述有误，不与客户争辩；可退货退款，或客户愿意保留时给予部分退款。",
     "Admit the listing was wrong and do not argue; offer a return, or a partial refund if the "
     "customer prefers to keep it.",
     "抱歉商品与页面描述不一致。我们为您办理：{remedy}，预计{promised}前完成。",
     "Sorry the item did not match its description. We have arranged: {remedy}, by {promised}."),
    ("product-size", "product", "size_mismatch", "customer",
     "尺码不合适", "Size does not fit",
     [{"type": "exchange"}],
     [_tier(1, "coupon", fixed="5")],
     "seven_day_return",
     "七天内支持无理由退换；主动提供尺码建议，换货运费按店铺政策。",
     "7-day no-reason return or exchange applies; offer sizing advice; exchange freight per shop policy.",
     "已为您安排换货：{remedy}，预计{promised}前收到新尺码。",
     "We have arranged an exchange: {remedy}; the new size should reach you by {promised}."),
    ("product-safety", "product", "safety", "own_product",
     "产品安全问题", "Product safety",
     [{"type": "refund_full"}, {"type": "apology"}],
     [_tier(1, "cash", fixed="100"), _tier(2, "cash", percent="50", cap="500"),
      _tier(3, "cash", percent="100", cap="2000")],
     "seven_day_and_quality",
     "人身安全优先：先关心客户身体状况，立即停止使用并封存商品；全额退款，检测与赔偿走主管审批。",
     "Safety first: ask after the customer's health, ask them to stop using and keep the item; full "
     "refund, and testing and compensation go through a lead's approval.",
     "我们高度重视您反映的安全问题，已为您办理：{remedy}。专人会在{promised}前与您联系后续检测事宜。",
     "We take the safety issue you reported very seriously and have arranged: {remedy}. A specialist "
     "will contact you by {promised} about testing."),
    ("logistics-delay", "logistics", "delivery_delay", "third_party_logistics",
     "配送延误", "Delivery delay",
     [{"type": "coupon", "amount": "10"}],
     [_tier(1, "coupon", fixed="5"), _tier(2, "coupon", fixed="10"), _tier(3, "coupon", fixed="20")],
     "none",
     "不说“是快递的问题”：由我们联系快递催派，并给出明确的送达时间；延误超过3天可升到三级。",
     "Never say \"it's the courier's fault\": we chase the courier and give a clear delivery time; "
     "more than 3 days late may go to level 3.",
     "抱歉包裹延误了。我们已联系快递加急派送，并为您申请：{remedy}。预计{promised}前送达。",
     "Sorry your parcel is late. We have asked the courier to hurry and arranged: {remedy}. "
     "Expected by {promised}."),
    ("logistics-lost", "logistics", "lost", "third_party_logistics",
     "包裹丢失", "Parcel lost",
     [{"type": "reship"}, {"type": "coupon", "amount": "20"}],
     [_tier(1, "coupon", fixed="10"), _tier(2, "coupon", fixed="20"), _tier(3, "cash", percent="10", cap="100")],
     "none",
     "先补发或全额退款（由客户选择），再与快递公司追责，不让客户等追责结果。",
     "Reship or refund in full first (customer's choice), then claim from the carrier; the customer "
     "never waits for our claim.",
     "非常抱歉您的包裹丢失了。我们已为您安排：{remedy}，预计{promised}前送达。",
     "We are very sorry your parcel was lost. We have arranged: {remedy}, expected by {promised}."),
    ("logistics-damaged", "logistics", "damaged", "warehouse",
     "包裹破损", "Damaged in transit",
     [{"type": "reship"}, {"type": "coupon", "amount": "10"}],
     [_tier(1, "coupon", fixed="10"), _tier(2, "coupon", fixed="20"),
      _tier(3, "refund_partial", percent="20", cap="150")],
     "seven_day_and_quality",
     "请客户拍照留证即可，不要求复杂材料；补发或退货任选，同时核实仓库打包与快递环节。",
     "Ask only for a photo; offer a reship or a return; meanwhile check packing and the carrier.",
     "抱歉商品在运输中破损。我们为您安排：{remedy}，预计{promised}前完成。",
     "Sorry the item was damaged in transit. We have arranged: {remedy}, by {promised}."),
    ("logistics-wrong-item", "logistics", "wrong_item", "warehouse",
     "错发漏发", "Wrong or missing item",
     [{"type": "exchange"}, {"type": "coupon", "amount": "10"}],
     [_tier(1, "coupon", fixed="10"), _tier(2, "coupon", fixed="20"), _tier(3, "cash", fixed="50")],
     "seven_day_return",
     "错发由我们上门取回、免费换发正确商品；漏发直接补发。",
     "For a wrong item we collect it and send the right one free; for a missing item we reship.",
     "抱歉给您发错了商品。我们为您安排：{remedy}，预计{promised}前收到正确商品。",
     "Sorry we sent the wrong item. We have arranged: {remedy}; the right one should arrive by {promised}."),
    ("service-attitude", "service", "attitude", "agent",
     "客服态度问题", "Agent attitude",
     [{"type": "apology"}, {"type": "coupon", "amount": "5"}],
     [_tier(1, "coupon", fixed="5"), _tier(2, "coupon", fixed="10"), _tier(3, "cash", fixed="20")],
     "none",
     "代表公司真诚道歉，说明已对相关人员进行辅导；不替同事辩解。",
     "Apologise sincerely on the company's behalf and say the colleague has been coached; do not "
     "defend the colleague.",
     "非常抱歉我们的客服没有给您提供满意的服务，我们已对其进行培训，并为您申请了：{remedy}。",
     "We are sorry our agent did not serve you well; they have been coached, and we have arranged: {remedy}."),
    ("service-broken-promise", "service", "broken_promise", "agent",
     "承诺未兑现", "Broken promise",
     [{"type": "apology"}, {"type": "cash", "amount": "10"}],
     [_tier(1, "cash", fixed="10"), _tier(2, "cash", fixed="20"), _tier(3, "cash", fixed="50")],
     "none",
     "先兑现原承诺，再为失约补偿；给出新的明确时间并按时回电。",
     "Keep the original promise first, then compensate for breaking it; give a new, firm time and call back on time.",
     "抱歉之前的承诺没有兑现。我们已为您办理：{remedy}，并会在{promised}前完成原承诺事项。",
     "Sorry we did not keep our promise. We have arranged: {remedy}, and will complete what we "
     "promised by {promised}."),
    ("service-slow", "service", "slow_response", "agent",
     "响应慢/无人处理", "Slow response",
     [{"type": "apology"}, {"type": "coupon", "amount": "5"}],
     [_tier(1, "coupon", fixed="5"), _tier(2, "coupon", fixed="10")],
     "none",
     "致歉并当场解决原问题；留下直接联系方式，避免客户再次排队。",
     "Apologise and solve the original problem on the spot; leave a direct contact so the customer does not queue again.",
     "抱歉让您久等了。您的问题已由我专门跟进，并为您申请了：{remedy}。",
     "Sorry to keep you waiting. I am now handling your case personally and have arranged: {remedy}."),
    ("other-billing", "other", "billing_dispute", "platform",
     "费用争议", "Billing dispute",
     [{"type": "refund_partial", "amount": "10"}],
     [_tier(1, "coupon", fixed="5"), _tier(2, "refund_partial", percent="5", cap="50")],
     "none",
     "逐项解释费用构成；多收的部分直接退回，不让客户自己举证。",
     "Explain each charge; refund anything overcharged without asking the customer to prove it.",
     "我们核对了您的费用明细，为您办理：{remedy}，预计{promised}前到账。",
     "We checked your charges and arranged: {remedy}, arriving by {promised}."),
    ("general", "other", "", "",
     "通用补偿标准", "General standard",
     [{"type": "apology"}],
     [_tier(1, "coupon", fixed="5"), _tier(2, "coupon", fixed="10"), _tier(3, "coupon", fixed="20")],
     "none",
     "倾听—确认—承诺：复述客户诉求，确认理解无误，再给出明确的处理时间。",
     "Listen – confirm – commit: repeat the customer's request back, confirm it, then give a firm time.",
     "感谢您的耐心。我们为您安排：{remedy}，预计{promised}前完成。",
     "Thank you for your patience. We have arranged: {remedy}, to be completed by {promised}."),
]

_BASE_ITEMS = [
    ("history_reviewed", "聊天/通话记录已查看", "Chat and call history reviewed"),
    ("order_log_checked", "订单与物流记录已核对", "Order and shipping log checked"),
    ("evidence_requested", "已向客户索取凭证", "Evidence requested from the customer"),
    ("evidence_received", "凭证已收到并核对", "Evidence received and checked"),
    ("department_statement", "相关部门说明已收到", "Statement from the department received"),
]
_EXTRA_ITEMS = {
    "product": [("batch_checked", "批次与质检记录已核对", "Batch and QC records checked")],
    "logistics": [("carrier_trace", "承运商轨迹已核实", "Carrier tracking confirmed"),
                  ("packing_checked", "仓库打包记录已核对", "Warehouse packing record checked")],
    "service": [("recording_reviewed", "录音/会话已复听", "Recording or chat replayed")],
    "other": [],
}


def checklist_items(category: str) -> list[dict]:
    rows = _BASE_ITEMS + _EXTRA_ITEMS.get(category, [])
    return [{"code": code, "zh": zh, "en": en} for code, zh, en in rows]


def seed_library(scenario_model, checklist_model) -> int:
    """Create the default scenarios and checklists that are missing; returns rows created."""
    created = 0
    for (code, category, sub, resp, title_zh, title_en, standard, tiers, floor,
         track_zh, track_en, msg_zh, msg_en) in SCENARIOS:
        if scenario_model.objects.filter(code=code).exists():
            continue
        scenario_model.objects.create(
            code=code, version=1, status="active", category=category, subcategory=sub,
            responsibility=resp, title_zh=title_zh, title_en=title_en, standard_remedy=standard,
            tiers=tiers, legal_floor=floor, talk_track_zh=track_zh, talk_track_en=track_en,
            message_zh=msg_zh, message_en=msg_en,
        )
        created += 1
    for category in _EXTRA_ITEMS:
        _, made = checklist_model.objects.get_or_create(
            category=category, subcategory="", defaults={"items": checklist_items(category)})
        created += int(made)
    return created
