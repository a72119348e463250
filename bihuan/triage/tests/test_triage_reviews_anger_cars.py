"""Mixed reviews (contrast), anger slang, dealer service cues, corpus extras."""

from __future__ import annotations

import dataclasses
import random

import pytest

from bihuan.triage.corpus import generate_corpus, training_corpus
from bihuan.triage.corpus.extra import car_titles, review, social_post
from bihuan.triage.corpus.polarity import polar_reviews
from bihuan.triage.engine import TriageEngine
from bihuan.triage.rules import RuleSet, default_ruleset
from bihuan.triage.text import normalize


@pytest.mark.parametrize(
    "text",
    [
        "房间干净，服务热情，下次还住这里",
        "虽然价格有点贵，但是味道真的很好，推荐",
        "味道不错，就是有点咸，总体满意",
        "书的内容很精彩，孩子很爱看，就是字有点小",
    ],
)
def test_positive_and_mixed_positive_reviews_are_not_complaints(engine, rules_only, text):
    assert not engine.triage(text).is_complaint
    assert not rules_only.triage(text).is_complaint


@pytest.mark.parametrize(
    "text",
    [
        "位置不错，但是房间很脏，隔音太差",
        "包装挺好看，可惜吃完拉肚子了",
        "送了两个小时才到，饭菜都凉透了",
    ],
)
def test_negative_and_mixed_negative_reviews_are_complaints(engine, rules_only, text):
    assert engine.triage(text).is_complaint
    assert rules_only.triage(text).is_complaint


def test_contrast_shifts_polarity_weight():
    compiled = default_ruleset().compiled
    scan = compiled.scan(normalize("位置不错，但是房间很脏"))
    assert len(scan.contrasts) == 1
    eng = TriageEngine(default_ruleset(), None)
    before = eng.triage("位置不错，但是房间很脏").complaint_score
    after = eng.triage("房间很脏，但是位置不错").complaint_score
    assert before > 0.5 > after


@pytest.mark.parametrize(
    "text",
    [
        "室友半夜三点还在打游戏，真他妈烦死了",
        "什么玩意儿，插队还骂人，要不要脸",
        "这个裁判是睁眼瞎吗，气死我了",
        "物业乱收费还不给解释，一肚子火",
    ],
)
def test_anger_slang_is_angry_even_outside_complaints(engine, text):
    assert engine.triage(text).emotion == "angry"


@pytest.mark.parametrize("text", ["今天终于放假了，好开心", "明天就要考试了，好紧张", "分享一首歌，晚安"])
def test_everyday_posts_are_not_angry(engine, text):
    assert engine.triage(text).emotion != "angry"


@pytest.mark.parametrize(
    "text",
    [
        "某品牌轿车发动机异响，4S店拒绝保修",
        "新能源车车机系统卡顿死机，厂家承诺升级未兑现",
        "变速箱顿挫严重，4S店维修了三次都没修好",
    ],
)
def test_car_fault_plus_dealer_problem_is_both_product_and_service(engine, text):
    r = engine.triage(text)
    assert r.category in ("product", "service")
    assert r.category_scores.get("service", 0) >= 0.25, r.category_scores
    assert r.category_scores.get("product", 0) >= 0.25, r.category_scores
    assert r.categories[0] == r.category and set(r.categories) == {"product", "service"}


def test_categories_list_only_the_main_category_when_one_is_involved(engine):
    assert engine.triage("快递三天没动，物流信息一直不更新").categories == ["logistics"]
    praise = engine.triage("车开了两年一点毛病没有，4S店服务也很周到")
    assert praise.categories == [praise.category]  # not a complaint: no secondary problem category


@pytest.mark.parametrize("text", ["经销商承诺的赠品不兑现", "4S店服务态度恶劣", "售后维修配件一直缺货"])
def test_dealer_service_cues(engine, text):
    assert engine.triage(text).category == "service"


def test_as_dict_matches_dataclass_asdict(engine):
    r = engine.triage("快递三天没到，客服也不回，我要投诉到12315")
    assert r.as_dict() == dataclasses.asdict(r)


def test_strong_contrast_lexicon_round_trips():
    rs = default_ruleset()
    assert "但是" in rs.lexicons["strong_contrast"]
    again = RuleSet.from_dict(rs.as_dict())
    assert again.lexicons == rs.lexicons and again.params == rs.params


def test_corpus_extras_are_labelled():
    rng = random.Random(3)
    for _ in range(300):
        r = review(rng)
        assert isinstance(r["is_complaint"], bool) and r["text"]
        assert r["is_complaint"] or r["category"] == "other"
    titles = [t for _ in range(200) for t in car_titles(rng)]
    assert {t["category"] for t in titles} >= {"product", "service"}
    posts = [social_post(rng) for _ in range(300)]
    assert {p["emotion"] for p in posts} >= {"angry", "calm", "anxious", "disappointed"}
    assert all(set(p) == {"text", "emotion"} for p in posts)
    c = generate_corpus(500, seed=2)
    assert len(c) == 500 and sum(not x["is_complaint"] for x in c) > 100
    t = training_corpus(300, seed=2, written_weight=0)
    assert len(t) == 700 and t[:300] == generate_corpus(300, seed=2)


def test_polar_reviews_are_labelled_by_composition():
    reviews = polar_reviews(400, seed=5)
    assert reviews == polar_reviews(400, seed=5)
    assert 0.3 < sum(r["is_complaint"] for r in reviews) / len(reviews) < 0.7
    for r in reviews:
        assert r["emotion"] is None  # polarity only; the emotion head is not fed
        assert r["is_complaint"] or r["subcategory"] == "praise"
        assert r["is_complaint"] or not any(w in r["text"] for w in ("不推荐", "差评", "不会再"))


def test_reservation_marker_softens_the_complaint_that_follows(rules_only):
    with_marker = rules_only.triage("房间干净，服务热情，美中不足的是早餐太差")
    without = rules_only.triage("房间干净，服务热情，早餐太差")
    assert not with_marker.is_complaint
    assert with_marker.complaint_score < without.complaint_score


@pytest.mark.parametrize("text", ["大家千万不要上当", "两个多小时才送到", "等了90分钟还没到"])
def test_warnings_and_long_waits_are_complaints(rules_only, text):
    assert rules_only.triage(text).is_complaint


def test_dealer_cue_is_not_cancelled_by_an_earlier_negator(rules_only):
    r = rules_only.triage("变速箱顿挫加速无力4S店不解决")
    assert r.category_scores.get("service", 0) >= 0.25, r.category_scores


def test_traditional_characters_fold_to_simplified_one_for_one(rules_only):
    text = "服務態度很差，房間也髒，再也不來了"
    assert normalize(text) == "服务态度很差,房间也脏,再也不来了"
    assert len(normalize(text)) == len(text)  # reason spans stay valid
    r = rules_only.triage(text)
    assert r.is_complaint and r.category == "service"
