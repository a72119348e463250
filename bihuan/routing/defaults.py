"""Default SLA policies and routing rules (data, used by the data migration and `seed_routing`).

Targets are minutes of business time unless the basis says calendar. With the
default calendar (09:00–12:00, 13:00–21:00 = 11 open hours a working day),
"1 working day" is 660 minutes.
"""

from __future__ import annotations

DAY = 660  # one working day of the default calendar, in minutes

RED_ACTIONS = [
    {"on": "warning", "metric": "*", "do": "notify_owner", "channel": "console"},
    # SPEC §4: red not handled within 2 hours → SMS to the owner and a notice to the supervisor.
    {"on": "breach", "metric": "*", "do": "notify_owner", "channel": "sms"},
    {"on": "breach", "metric": "*", "do": "notify_supervisor", "channel": "wecom"},
]
YELLOW_ACTIONS = [
    {"on": "warning", "metric": "*", "do": "notify_owner", "channel": "console"},
    {"on": "breach", "metric": "*", "do": "notify_owner", "channel": "console"},
    {"on": "breach", "metric": "*", "do": "notify_supervisor", "channel": "console"},
    {"on": "breach", "metric": "first_response", "do": "raise_priority"},
]
GREEN_ACTIONS = [
    {"on": "breach", "metric": "*", "do": "notify_owner", "channel": "console"},
    {"on": "breach", "metric": "resolution", "do": "notify_supervisor", "channel": "console"},
]

# (name, position, priorities, channels, first_response, next_update, resolution, follow_up, basis, actions)
POLICIES = [
    ("监管转办（12315/12345）", 10, [], ["regulator"], 120, DAY, 5 * DAY, 2 * DAY, "business", RED_ACTIONS),
    ("红色 · 紧急", 20, ["red"], [], 120, 4 * 60, 2 * DAY, DAY, "business", RED_ACTIONS),
    ("黄色 · 较急", 30, ["yellow"], [], 4 * 60, DAY, 3 * DAY, 2 * DAY, "business", YELLOW_ACTIONS),
    ("绿色 / 未分级", 40, [], [], 8 * 60, 3 * DAY, 5 * DAY, 3 * DAY, "business", GREEN_ACTIONS),
]

LEGAL_KEYWORDS = [
    "律师", "起诉", "法院", "诉讼", "12315", "12345", "消协", "消费者协会", "市场监管", "工商局",
    "媒体", "曝光", "记者", "报警", "维权", "投诉到", "举报",
]

# (name, position, conditions, department kind, team name, skills, min seniority, owner roles, restricted)
RULES = [
    ("法律/监管风险 → 法务 + 客服主管", 10, {"keywords": LEGAL_KEYWORDS}, "legal", "客服一组", [], 3,
     ["team_lead"], True),
    ("监管转办渠道 → 法务 + 客服主管", 20, {"channels": ["regulator", "public_platform"]}, "legal", "客服一组",
     [], 3, ["team_lead"], False),
    ("红色 → 专家组", 30, {"priorities": ["red"]}, "customer_service", "专家组", [], 3, [], False),
    ("产品问题 → 产品质量组", 40, {"categories": ["product"]}, "product", "产品质量组", ["appliances"], 1, [], False),
    ("物流问题 → 仓储物流", 50, {"categories": ["logistics"]}, "logistics", "物流协调组", ["logistics"], 1, [], False),
    ("VIP（会员≥3）→ 专家组", 60, {"min_member_level": 3}, "customer_service", "专家组", ["vip"], 2, [], False),
]
