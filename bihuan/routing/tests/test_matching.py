"""Rule matching and agent choice: pure functions, no database."""

from __future__ import annotations

import datetime as dt

from bihuan.routing.matching import (
    AgentFacts,
    ComplaintFacts,
    Need,
    RuleSpec,
    choose_agent,
    match_rule,
    need_for,
    rule_matches,
)

LEGAL = RuleSpec(id=1, name="legal", keywords=("律师", "12315"), department_id=10, owner_roles=frozenset({"team_lead"}))
RED = RuleSpec(id=2, name="red", priorities=frozenset({"red"}), team_id=3, min_seniority=3)
PRODUCT = RuleSpec(id=3, name="product", categories=frozenset({"product"}), team_id=4,
                   required_skills=frozenset({"appliances"}))
LOGISTICS = RuleSpec(id=4, name="logistics", categories=frozenset({"logistics"}), team_id=5)
VIP = RuleSpec(id=5, name="vip", min_member_level=3, team_id=3)
RULES = [LEGAL, RED, PRODUCT, LOGISTICS, VIP]


def test_first_matching_rule_wins_in_order():
    # given a red product complaint that threatens to call 12315
    facts = ComplaintFacts(category="product", priority="red", text="再不处理我就打12315投诉")
    # then the legal rule (first) wins over red and product
    assert match_rule(RULES, facts) is LEGAL
    # without the threat, red comes before product
    assert match_rule(RULES, ComplaintFacts(category="product", priority="red", text="坏了")) is RED
    assert match_rule(RULES, ComplaintFacts(category="product", priority="green")) is PRODUCT
    assert match_rule(RULES, ComplaintFacts(category="logistics")) is LOGISTICS
    assert match_rule(RULES, ComplaintFacts(category="service", member_level=4)) is VIP
    assert match_rule(RULES, ComplaintFacts(category="service", member_level=1)) is None


def test_conditions_are_and_across_fields_and_or_inside_a_list():
    rule = RuleSpec(id=9, channels=frozenset({"phone", "wechat"}), regions=frozenset({"广东"}),
                    products=("电饭煲",), subcategories=frozenset({"malfunction"}))
    base = dict(channel="wechat", region="广东", products=("智能电饭煲 4L", "RC-4L-1"), subcategory="malfunction")
    assert rule_matches(rule, ComplaintFacts(**base))
    for field, value in [("channel", "weibo"), ("region", "浙江"), ("products", ("空气炸锅",)),
                         ("subcategory", "noise")]:
        assert not rule_matches(rule, ComplaintFacts(**{**base, field: value})), field


def test_product_condition_matches_sku_case_insensitively():
    rule = RuleSpec(id=9, products=("rc-4l",))
    assert rule_matches(rule, ComplaintFacts(products=("智能电饭煲", "RC-4L-1")))


def test_red_or_angry_needs_seniority_even_without_a_rule():
    assert need_for(ComplaintFacts(priority="red"), None).min_seniority == 3
    assert need_for(ComplaintFacts(emotion="angry"), None).min_seniority == 3
    assert need_for(ComplaintFacts(priority="green"), PRODUCT).skills == {"appliances"}


T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def agent(id: int, **kw) -> AgentFacts:
    kw.setdefault("role", "agent")
    return AgentFacts(id=id, **kw)


def test_choice_prefers_skills_then_load_then_round_robin():
    a = agent(1, skills=frozenset({"appliances"}), load=5)
    b = agent(2, skills=frozenset({"appliances"}), load=2)
    c = agent(3, load=0)  # idle but lacks the skill
    assert choose_agent([a, b, c], Need(skills=frozenset({"appliances"}))).id == 2
    # equal load: whoever was assigned least recently (round robin)
    d = agent(4, load=2, skills=frozenset({"appliances"}), last_assigned_at=T0)
    e = agent(5, load=2, skills=frozenset({"appliances"}), last_assigned_at=T0 - dt.timedelta(minutes=5))
    assert choose_agent([d, e], Need(skills=frozenset({"appliances"}))).id == 5


def test_away_agents_are_skipped_unless_nobody_is_on_shift():
    away = agent(1, load=0, available=False)
    busy = agent(2, load=9)
    assert choose_agent([away, busy], Need()).id == 2
    assert choose_agent([away], Need()).id == 1  # never leave it without an owner


def test_seniority_and_language_and_role_needs():
    junior = agent(1, seniority=1, load=0)
    senior = agent(2, seniority=4, load=6)
    assert choose_agent([junior, senior], Need(min_seniority=3)).id == 2
    zh = agent(3, languages=frozenset({"zh-hans"}))
    en = agent(4, languages=frozenset({"zh-hans", "en"}), load=1)
    assert choose_agent([zh, en], Need(language="en")).id == 4
    lead = agent(5, role="team_lead", load=10)
    assert choose_agent([junior, lead], Need(roles=frozenset({"team_lead"}))).id == 5
    assert choose_agent([], Need()) is None
