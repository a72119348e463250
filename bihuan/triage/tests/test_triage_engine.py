"""Behaviour of the triage engine: each field, negation, questions, red cases,
determinism and the rules-only fallback. No database, no network."""

from __future__ import annotations

import pytest

from bihuan.triage.engine import TriageEngine, TriageResult, triage_text
from bihuan.triage.labels import EMOTIONS, PRIORITIES, SUBCATEGORIES, TRIAGE_DEMANDS
from bihuan.triage.rules import default_ruleset


def test_negated_threat_is_not_escalation(any_engine):
    r = any_engine.triage("我不会去投诉")
    assert not r.escalation_risk
    assert r.escalation_score == 0.0


def test_negated_threat_is_listed_as_reason_with_zero_weight(any_engine):
    r = any_engine.triage("我也不想闹到12315，好好处理就行")
    assert not r.escalation_risk
    assert any(x["field"] == "escalation" and x["weight"] == 0.0 for x in r.reasons)


def test_question_threat_is_weaker_than_stated_threat(any_engine):
    q = any_engine.triage("要不要投诉到12315?")
    s = any_engine.triage("我明天就去12315")
    assert q.escalation_score < s.escalation_score
    assert not q.escalation_risk
    assert s.escalation_risk


@pytest.mark.parametrize(
    "text",
    [
        "再不处理我就找媒体曝光",
        "已经咨询了律师，准备起诉你们",
        "我已经在黑猫投诉上发帖了",
        "明天就去消协投诉",
    ],
)
def test_threats_raise_escalation_and_red(any_engine, text):
    r = any_engine.triage(text)
    assert r.escalation_risk
    assert r.priority == "red"


@pytest.mark.parametrize(
    "text",
    [
        "外卖送来全是馊的，孩子吃了拉肚子",
        "热水器插上电就冒烟，差点起火",
        "高速上刹车突然失灵，差点出事",
        "这一批奶粉好多人都出现同样的问题",
    ],
)
def test_safety_and_batch_are_red(any_engine, text):
    assert any_engine.triage(text).priority == "red"


def test_safety_cue_gives_product_safety(any_engine):
    r = any_engine.triage("吃出了虫子，还有一股馊味，明显变质了")
    assert (r.category, r.subcategory) == ("product", "safety")


@pytest.mark.parametrize(
    "text,category,sub",
    [
        ("客服态度太差了，直接挂我电话", "service", "attitude"),
        ("快递显示签收了，可我根本没收到", "logistics", "lost"),
        ("下单一周了还不发货", "logistics", "late_dispatch"),
        ("这个月话费莫名其妙多扣了30元", "other", "billing_dispute"),
        ("洗衣机不加热，一直显示故障代码", "product", "malfunction"),
        ("按尺码表买的，结果偏小一码穿不上", "product", "size_mismatch"),
    ],
)
def test_categories(any_engine, text, category, sub):
    r = any_engine.triage(text)
    assert (r.category, r.subcategory) == (category, sub)


def test_ordinary_problem_is_yellow_and_enquiry_green(any_engine):
    assert any_engine.triage("收到的台灯有一道划痕，要求换货").priority == "yellow"
    green = any_engine.triage("请问七天无理由退货怎么申请？")
    assert green.priority == "green"
    assert green.category == "other"


@pytest.mark.parametrize("text", ["我不会去投诉的，就是问问怎么退货", "不是投诉，就想问一下退货流程",
                                  "我不是来投诉的，只是咨询一下会员怎么续费"])
def test_saying_it_is_not_a_complaint_makes_an_enquiry(any_engine, text):
    r = any_engine.triage(text)
    assert not r.is_complaint and not r.escalation_risk
    assert (r.category, r.subcategory, r.priority) == ("other", "policy_question", "green")
    assert any(x.get("rule") == "complaint.disclaimer" for x in r.reasons)


@pytest.mark.parametrize("text,category", [("不是投诉，就是想说你们的快递太慢了", "logistics"),
                                           ("本来不是来投诉的，但是你们这服务太差了", "service")])
def test_a_named_problem_or_a_contrast_outweighs_the_disclaimer(any_engine, text, category):
    r = any_engine.triage(text)
    assert r.is_complaint and r.category == category


def test_praise_is_not_a_complaint(any_engine):
    r = any_engine.triage("骑手很准时，饭还是热的，非常满意，五星好评")
    assert not r.is_complaint
    assert (r.category, r.subcategory, r.priority) == ("other", "praise", "green")


@pytest.mark.parametrize(
    "text,demand",
    [
        ("东西坏了，我要退款", "refund"),
        ("发错型号了，请给我换一个", "exchange"),
        ("空调不制冷，请安排师傅上门维修", "repair"),
        ("客服骂人，要求道歉", "apology"),
        ("吃坏了肚子，医药费你们得赔偿", "compensation"),
    ],
)
def test_demands(any_engine, text, demand):
    assert any_engine.triage(text).demand == demand


def test_negated_demand_is_ignored(rules_only):
    assert rules_only.triage("我不要退款，只要换货").demand == "exchange"


@pytest.mark.parametrize(
    "text,emotion",
    [
        ("你们就是骗子！太气人了！！", "angry"),
        ("钱到底什么时候能退？我已经问了好几次了，急死了", "anxious"),
        ("太失望了，以后不会再买了", "disappointed"),
    ],
)
def test_emotions(any_engine, text, emotion):
    r = any_engine.triage(text)
    assert r.emotion == emotion
    assert 0.0 <= r.emotion_score <= 1.0


def test_calm_enquiry(any_engine):
    assert any_engine.triage("请问发票怎么开？").emotion == "calm"


def test_high_value_customer(engine):
    assert engine.triage("东西坏了", customer={"member_level": 3}).high_value_customer
    assert not engine.triage("东西坏了", customer={"member_level": 2}).high_value_customer
    assert not engine.triage("东西坏了", customer={"member_level": "x"}).high_value_customer
    assert not engine.triage("东西坏了").high_value_customer


def test_all_fields_within_label_sets(any_engine):
    for text in [
        "",
        "   ",
        "！！！",
        "hello",
        "12315",
        "The phone stopped working, I want a refund.",
        "我要投诉" * 200,
    ]:
        r = any_engine.triage(text)
        assert r.category in SUBCATEGORIES and r.subcategory in SUBCATEGORIES[r.category]
        assert r.priority in PRIORITIES and r.emotion in EMOTIONS and r.demand in TRIAGE_DEMANDS
        assert 0.0 <= r.escalation_score <= 1.0 and 0.0 <= r.emotion_score <= 1.0
        assert isinstance(r.is_complaint, bool) and isinstance(r.escalation_risk, bool)


def test_reason_spans_point_at_cues(any_engine):
    text = "客服态度恶劣，我明天就去12315投诉"
    r = any_engine.triage(text)
    spans = [x for x in r.reasons if x["source"] == "rule" and x["span"]]
    assert spans
    for x in spans:
        a, b = x["span"]
        assert text[a:b].lower() == x["cue"]
    assert {x["source"] for x in r.reasons} <= {"rule", "model", "lexicon"}


def test_full_width_text_matches(any_engine):
    assert any_engine.triage("我明天就去１２３１５投诉！").escalation_risk


def test_as_dict_is_json_ready(engine):
    import json

    d = engine.triage("快递丢了，要求赔偿", customer={"member_level": 4}).as_dict()
    json.dumps(d, ensure_ascii=False)
    for key in (
        "category",
        "subcategory",
        "priority",
        "emotion",
        "emotion_score",
        "escalation_risk",
        "escalation_score",
        "is_complaint",
        "demand",
        "high_value_customer",
        "reasons",
        "model_version",
    ):
        assert key in d


def test_deterministic(engine):
    text = "点的麻辣烫等了一个多小时才送到，汤洒了一半，要求退款！"
    assert engine.triage(text).as_dict() == engine.triage(text).as_dict()
    assert triage_text(text).as_dict() == engine.triage(text).as_dict()


def test_batch_equals_single(engine):
    texts = ["东西坏了，要退款", "请问保修多久？", "太气人了，我要去12315"]
    batch = engine.triage_many(texts)
    for t, b in zip(texts, batch, strict=True):
        single = engine.triage(t)
        assert (single.category, single.subcategory, single.priority, single.emotion, single.demand) == (
            b.category,
            b.subcategory,
            b.priority,
            b.emotion,
            b.demand,
        )


def test_fallback_without_model_gives_every_field(rules_only):
    r = rules_only.triage("手机用了三天就黑屏，客服不理人，我要退货")
    assert isinstance(r, TriageResult)
    assert r.model_version.startswith("rules-only")
    assert all(x["source"] != "model" for x in r.reasons)
    assert r.is_complaint and r.category in ("product", "service") and r.demand == "return"


def test_model_reasons_present_with_model(engine):
    if engine.model is None:
        pytest.skip("no shipped model")
    r = engine.triage("手机用了三天就黑屏")
    assert any(x["source"] == "model" and 0 <= x["score"] <= 1 for x in r.reasons)
    assert not r.model_version.startswith("rules-only")


def test_complaint_blend_weights_are_read_from_the_rule_set(engine, rules_only):
    """complaint_rule_weight / complaint_model_weight / complaint_offset stack the
    rule logit and the model's log-odds (fitted by bench/triage_blend_fit.py)."""
    import math

    text = "房间有点小，不过干净，前台也热情"
    p_rules = rules_only.triage(text).complaint_score  # rounded to 4 places: compare probabilities
    ruleset = default_ruleset()
    ruleset.params.update(complaint_rule_weight=2.0, complaint_model_weight=0.0, complaint_offset=0.5)
    stacked = TriageEngine(ruleset, engine.model).triage(text).complaint_score
    expected = 1 / (1 + math.exp(-(2.0 * math.log(p_rules / (1 - p_rules)) + 0.5)))
    assert stacked == pytest.approx(expected, abs=2e-3)
    ruleset.params.update(complaint_offset=-20.0)  # a huge negative offset: nothing is a complaint
    assert not TriageEngine(ruleset, engine.model).triage("太差了，垃圾，退款").is_complaint
