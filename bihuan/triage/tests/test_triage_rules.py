"""Rule sets as data: validation, JSON round trip, editing, test_rule."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bihuan.triage.engine import TriageEngine
from bihuan.triage.rule_check import test_rule
from bihuan.triage.rules import Rule, RuleError, RuleSet, default_ruleset


def test_default_ruleset_round_trip():
    rs = default_ruleset()
    again = RuleSet.from_dict(json.loads(json.dumps(rs.as_dict(), ensure_ascii=False)))
    assert again.as_dict() == rs.as_dict()
    assert again.version == rs.version and len(again.rules) == len(rs.rules)


@pytest.mark.parametrize(
    "bad,msg",
    [
        ({"id": "x", "field": "nope", "value": "threat", "terms": ["a"]}, "unknown field"),
        ({"id": "x", "field": "escalation", "value": "maybe", "terms": ["a"]}, "not allowed"),
        ({"id": "x", "field": "emotion", "value": "angry"}, "needs terms"),
        ({"id": "x", "field": "emotion", "value": "angry", "pattern": "("}, "bad pattern"),
        ({"field": "emotion", "value": "angry", "terms": ["a"]}, "missing"),
    ],
)
def test_invalid_rules_are_rejected_with_message(bad, msg):
    with pytest.raises(RuleError, match=msg):
        Rule.from_dict(bad)


def test_duplicate_rule_ids_rejected():
    r = {"id": "x", "field": "emotion", "value": "angry", "terms": ["a"]}
    with pytest.raises(RuleError, match="duplicate"):
        RuleSet.from_dict({"rules": [r, r]})


def test_added_rule_changes_the_engine():
    data = default_ruleset().as_dict()
    text = "我要找省电视台的朋友帮忙"
    before = TriageEngine(RuleSet.from_dict(data), None).triage(text)
    data["rules"].append(
        {"id": "esc.friend", "field": "escalation", "value": "threat", "terms": ["电视台的朋友"], "weight": 2.0}
    )
    data["version"] = "v2"
    after = TriageEngine(RuleSet.from_dict(data), None).triage(text)
    assert after.escalation_score > before.escalation_score
    assert after.escalation_risk
    assert "v2" in after.model_version


def _rule_ids(ruleset: RuleSet, text: str) -> dict[str, set[str]]:
    compiled = ruleset.compiled
    return {h.term: {compiled.rules[i].id for i in h.rules} for h in compiled.scan(text).hits}


def test_a_longer_cue_credits_the_rules_of_its_prefix_for_other_fields():
    rules = [
        {"id": "neg", "field": "sentiment", "value": "neg", "terms": ["太慢了", "太慢"]},
        {"id": "late", "field": "subcategory", "value": "logistics.delivery_delay", "terms": ["太慢"]},
        {"id": "pos1", "field": "sentiment", "value": "pos", "terms": ["好"]},
        {"id": "batch", "field": "priority", "value": "red", "terms": ["好多人"]},
        {"id": "anger", "field": "emotion", "value": "angry", "terms": ["气死"]},
    ]
    rs = RuleSet.from_dict({"rules": rules, "lexicons": {"blocker": ["气死人不偿命"]}})
    # "太慢了" hides "太慢" (leftmost-longest), yet the delay rule still fires
    assert _rule_ids(rs, "快递太慢了") == {"太慢了": {"neg", "late"}}
    # one-character cues are not inherited: "好多人" is not praise
    assert _rule_ids(rs, "好多人都坏了") == {"好多人": {"batch"}}
    # a blocker still hides what it contains
    assert _rule_ids(rs, "笑得气死人不偿命") == {}
    # and a rule is never credited twice
    assert _rule_ids(rs, "太慢") == {"太慢": {"neg", "late"}}


def test_praise_neither_passes_on_nor_takes_a_problem_cue():
    rules = [
        {"id": "defect", "field": "subcategory", "value": "product.quality_defect", "terms": ["质量"]},
        {"id": "praise", "field": "sentiment", "value": "pos", "terms": ["质量过关", "良心"]},
        {"id": "anger", "field": "emotion", "value": "angry", "terms": ["良心被狗吃"]},
        {"id": "ask", "field": "subcategory", "value": "other.policy_question", "terms": ["怎么办理"]},
        {"id": "worry", "field": "emotion", "value": "anxious", "terms": ["怎么办"]},
    ]
    rs = RuleSet.from_dict({"rules": rules})
    assert _rule_ids(rs, "衣服质量过关") == {"质量过关": {"praise"}}
    assert _rule_ids(rs, "良心被狗吃了") == {"良心被狗吃": {"anger"}}
    assert _rule_ids(rs, "会员卡怎么办理") == {"怎么办理": {"ask"}}


def test_disabled_rule_does_not_fire():
    data = default_ruleset().as_dict()
    for r in data["rules"]:
        if r["field"] == "escalation":
            r["enabled"] = False
    eng = TriageEngine(RuleSet.from_dict(data), None)
    assert not eng.triage("我明天就去12315").escalation_risk


def test_test_rule_reports_where_and_how():
    rule = {"id": "t", "field": "escalation", "value": "threat", "terms": ["12315"]}
    hit = test_rule(rule, "我明天就去12315")
    assert hit["fires"] and hit["matches"][0]["span"] == [5, 10]
    neg = test_rule(rule, "我不会去12315")
    assert not neg["fires"] and neg["matches"][0]["negated"]
    q = test_rule(rule, "要不要去12315?")
    assert q["fires"] and q["matches"][0]["question"]
    assert q["weight"] < hit["weight"]
    assert not test_rule(Rule.from_dict(rule), "一切正常")["fires"]


def test_regex_rule():
    rule = {"id": "amt", "field": "priority", "value": "red", "pattern": r"\d+个人"}
    assert test_rule(rule, "我们有12个人吃了都不舒服")["fires"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_engine_never_crashes_on_any_text(text):
    r = TriageEngine(default_ruleset(), None).triage(text)
    assert r.priority in ("red", "yellow", "green")
