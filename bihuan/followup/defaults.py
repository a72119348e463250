"""Default follow-up policies and reminder rules (data, used by the data migration)."""

from __future__ import annotations

# (position, category, priority, working days, attempts)
POLICIES = [
    (10, "", "red", 1, 3),
    (20, "", "yellow", 2, 3),
    (30, "", "", 3, 3),
]

# (name, position, categories, subcategories, channels, keywords, advice zh, advice en)
REMINDERS = [
    ("婴儿出行证件", 10, [], [], [], ["婴儿", "宝宝", "婴童", "infant", "baby"],
     "携带婴儿乘机/乘车出行，请带好婴儿的户口本或出生证明原件，值机时需要核验。",
     "Travelling with an infant: bring the baby's household register (户口本) or birth certificate; "
     "it is checked at check-in."),
    ("易碎品包装", 20, ["logistics", "product"], [], [], ["易碎", "玻璃", "陶瓷", "碎了", "破损", "fragile", "glass"],
     "寄回或再次寄送易碎品时，请用原包装或气泡膜多层包裹，四周填满缓冲物，并在外箱标注“易碎”。",
     "When sending fragile items, use the original box or several layers of bubble wrap, fill the gaps, "
     "and mark the carton “fragile”."),
    ("七天无理由退货", 30, ["product"], [], [], ["退", "不想要", "return", "refund"],
     "签收后 7 天内，商品完好可享受七天无理由退货，请保留好包装和配件。",
     "Within 7 days of delivery you may return an undamaged item without giving a reason; "
     "please keep the packaging and accessories."),
]


def seed(FollowUpPolicy, ReminderRule) -> None:  # noqa: N803 - historical models from the migration
    for position, category, priority, days, attempts in POLICIES:
        FollowUpPolicy.objects.get_or_create(position=position, category=category, priority=priority,
                                             defaults={"working_days": days, "max_attempts": attempts})
    for name, position, cats, subs, channels, words, zh, en in REMINDERS:
        ReminderRule.objects.get_or_create(name=name, defaults={
            "position": position, "categories": cats, "subcategories": subs, "channels": channels,
            "keywords": words, "advice_zh": zh, "advice_en": en})
