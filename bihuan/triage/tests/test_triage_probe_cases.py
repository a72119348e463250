"""Cases from a QA probe of 406 hand-written service-desk messages: each was
mis-triaged before its rule fix (a cue firing inside another word, a missing
cue, a longer cue hiding a shorter one). Checked with the shipped model and
with the rules alone, since the rules are what an administrator edits."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text,field,expected",
    [
        # a cue inside another word
        ("帮我老妈一步步操作手机银行，非常耐心，谢谢", "emotion", "calm"),  # 操 in 操作
        ("电动车停在楼道充电，半夜电池鼓包了", "subcategory", "safety"),  # 停在 is not a delay
        ("牛奶还没到保质期就胀袋了", "subcategory", "safety"),  # 还没到 保质期
        ("退款到现在还没到账", "subcategory", "billing_dispute"),
        # a longer cue hiding the one that matters
        ("你们卖的根本不是正品", "subcategory", "not_as_described"),  # 根本不 hid 不是正品
        ("我根本没收到快递", "subcategory", "lost"),
        # cues that were missing
        ("幼儿园二十多个小朋友吃了午餐以后都开始呕吐", "priority", "red"),
        ("商家不给退款", "demand", "refund"),
        ("鞋子穿了不到一个月鞋底就开胶了，能给换一双吗", "subcategory", "quality_defect"),
        ("鞋子穿了不到一个月鞋底就开胶了，能给换一双吗", "demand", "exchange"),
        # from a second, independent probe
        ("4S店说是我开车习惯的问题", "subcategory", "blame_shifting"),
        ("保险理赔被拒了", "subcategory", "refused_warranty"),
    ],
)
def test_probe_case(any_engine, text, field, expected):
    assert getattr(any_engine.triage(text), field) == expected


@pytest.mark.parametrize("text", ["我要去住建局投诉你们", "再不处理，咱们法庭上见", "已经向教育局举报了"])
def test_threats_worded_outside_the_old_lists(any_engine, text):
    r = any_engine.triage(text)
    assert r.escalation_risk and r.priority == "red"


def test_a_habit_of_threatening_is_not_a_threat(any_engine):
    # "动不动就" is a blocker: 就找 (a contrast marker) no longer resets the negation.
    assert not any_engine.triage("我也不是那种动不动就找媒体曝光的人").escalation_risk


def test_a_calm_question_is_not_angry(any_engine):
    assert any_engine.triage("物业费可以按季度交吗？").emotion != "angry"


@pytest.mark.parametrize("text", ["服务真是“一流”，打了二十个电话才有人接", "客服态度真是「好」，问三句答一句"])
def test_praise_in_quotation_marks_is_sarcasm(rules_only, text):
    plain = rules_only.triage(text.replace("“", "").replace("”", "").replace("「", "").replace("」", ""))
    quoted = rules_only.triage(text)
    assert quoted.complaint_score > plain.complaint_score
    assert quoted.is_complaint


def test_a_reported_safety_hazard_is_a_red_complaint_whatever_the_tone(any_engine):
    r = any_engine.triage("电暖器用了半小时就冒烟了，还有烧焦的味道，幸好人在旁边")
    assert r.is_complaint and r.subcategory == "safety" and r.priority == "red"


@pytest.mark.parametrize("text,emotion", [("热水器漏电把我电了一下，现在还很害怕", "anxious"),
                                          ("等了三个月终于修好，结果又坏了，太失望了", "disappointed"),
                                          ("等了三个月终于修好，结果又坏了，太失望了！气死我了", "angry")])
def test_a_strong_fear_or_disappointment_cue_names_the_emotion_unless_anger_shows(any_engine, text, emotion):
    assert any_engine.triage(text).emotion == emotion


def test_praise_before_a_contrast_does_not_make_a_service_complaint_a_product_one(any_engine):
    r = any_engine.triage("衣服质量过关，但是客服态度太差了")
    assert r.is_complaint and (r.category, r.subcategory) == ("service", "attitude")


def test_a_safety_question_is_not_a_reported_hazard(any_engine):
    r = any_engine.triage("请问这款取暖器会不会冒烟着火？")
    assert not r.is_complaint and r.priority == "green"


def test_a_threat_outweighs_a_not_a_complaint_statement(any_engine):
    r = any_engine.triage("我不是来投诉的，你们再不退款我就去12315")
    assert r.is_complaint and r.escalation_risk and r.priority == "red"


def test_praise_in_quotes_without_irony_is_a_label_not_sarcasm(rules_only):
    assert not rules_only.triage("东西收到了，已经给了“好评”").is_complaint


@pytest.mark.parametrize("text", ["哪怕赔一半也行，鞋底开胶了", "这个质量恐怕有问题吧"])
def test_fear_inside_other_words_is_not_anxiety(any_engine, text):
    assert any_engine.triage(text).emotion != "anxious"
