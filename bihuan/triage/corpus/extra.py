"""Review, car-title and social-post examples for the corpus.

Labels follow from the fragments chosen (never from the engine):
- a review is negative (``is_complaint``) when a clearly negative clause carries
  its weight: on its own, after a contrast ("不错，但是…"), or with a negative
  verdict; praise with a minor reservation ("…就是有点贵") or a concession that
  ends positive ("虽然有点贵，但是很好吃") is not a complaint;
- a car title with both a fault and a dealer problem is emitted twice, once per
  category, so the softmax learns to share probability (multi-label);
- social posts carry only ``emotion`` (no complaint/category labels): they feed
  the emotion head via ``social_posts`` and are not part of ``generate_corpus``.
"""

from __future__ import annotations

import random
from typing import Any

from bihuan.triage.corpus import fragments_cars as fc
from bihuan.triage.corpus import fragments_reviews as fr
from bihuan.triage.corpus import fragments_social as fs

_PUNCT = ["，", "，", "，", "。", "！", " ", ",", "~"]
_END = ["", "。", "！", "!", "~", "。", "", "！！"]
# Keywords → sub-category of a negative review (first match wins).
_SUB_KEYS = [
    (("小时", "送了", "送得", "凉", "慢", "快递", "物流", "延误", "迟到"), "logistics.delivery_delay"),
    (("态度", "不理", "爱理", "骂", "推来推去", "推脱", "冷淡"), "service.attitude"),
    (("少送", "没送", "送错", "少发", "缺页"), "logistics.wrong_item"),
    (("图片", "描述", "简介", "假货", "盗版", "合同"), "product.not_as_described"),
    (("拉肚子", "虫", "臭", "霉", "蟑螂", "头发", "异味"), "product.safety"),
    (("收费", "贵", "扣", "加价", "押金"), "other.billing_dispute"),
    (("坏", "死机", "黑屏", "开不了", "充不进", "断", "失灵", "异响"), "product.malfunction"),
    (("保修", "不给修", "拒绝"), "service.refused_warranty"),
]


def _sub_for(text: str, domain: dict[str, list[str]]) -> str:
    for keys, sub in _SUB_KEYS:
        if any(k in text for k in keys):
            return sub
    return domain["sub"][0]


def _join(rng: random.Random, clauses: list[str]) -> str:
    out = clauses[0]
    for c in clauses[1:]:
        out += rng.choice(_PUNCT) + c
    return out + rng.choice(_END)


def _record(text: str, sub: str, complaint: bool, emotion: str, demand: str = "none") -> dict[str, Any]:
    cat, code = sub.split(".", 1)
    red = sub == "product.safety"
    return {
        "text": text,
        "category": cat,
        "subcategory": code,
        "priority": "green" if not complaint else ("red" if red else "yellow"),
        "emotion": emotion,
        "demand": demand,
        "escalation_risk": False,
        "is_complaint": complaint,
        "product": "",
        "industry": "reviews",
        "scenario": "",
        "amount": 0.0,
        "channel": "ecommerce",
        "lang": "zh",
    }


def review(rng: random.Random) -> dict[str, Any]:
    """One everyday review; about half negative, many mixed."""
    name = rng.choice(list(fr.DOMAINS))
    d = fr.DOMAINS[name]
    pos = lambda k=1: rng.sample(d["pos"], min(k, len(d["pos"])))  # noqa: E731
    neg = lambda k=1: rng.sample(d["neg"], min(k, len(d["neg"])))  # noqa: E731
    lead = [rng.choice(d["neutral"])] if rng.random() < 0.3 else []
    kind = rng.choices(
        ["pos", "neg", "pos_minor", "concede_pos", "pos_but_neg", "concede_neg", "sarcasm", "neutral"],
        weights=[26, 24, 14, 8, 12, 5, 3, 8],
    )[0]
    negative = kind in ("neg", "pos_but_neg", "concede_neg", "sarcasm")
    if kind == "pos":
        clauses = lead + pos(rng.choice([1, 2, 2, 3, 4]))
        if rng.random() < 0.5:
            clauses.append(rng.choice(fr.POS_OVERALL))
    elif kind == "neg":
        clauses = lead + neg(rng.choice([1, 1, 2, 3]))
        if rng.random() < 0.5:
            clauses.append(rng.choice(fr.NEG_OVERALL))
    elif kind == "pos_minor":  # praise + small reservation (+ often a positive verdict)
        clauses = lead + pos(rng.choice([1, 2, 3]))
        clauses.append(rng.choice(fr.RESERVATION) + rng.choice(d["minor"]))
        if rng.random() < 0.6:
            clauses.append(rng.choice(fr.POS_OVERALL))
    elif kind == "concede_pos":  # "虽然有点贵，但是很好吃"
        clauses = lead + [
            rng.choice(fr.CONCESSION + [""]) + rng.choice(d["minor"]),
            rng.choice(fr.CONTRAST) + rng.choice(d["pos"]),
        ]
        if rng.random() < 0.4:
            clauses.append(rng.choice(fr.POS_OVERALL))
    elif kind == "pos_but_neg":  # "位置不错，但是房间很脏"
        clauses = lead + pos(rng.choice([1, 1, 2]))
        clauses.append(rng.choice(fr.CONTRAST + fr.RESERVATION[:1]) + rng.choice(d["neg"]))
        if rng.random() < 0.5:
            clauses.append(rng.choice(fr.NEG_OVERALL))
    elif kind == "concede_neg":  # "虽然便宜，但是太难吃了"
        clauses = lead + [rng.choice(fr.CONCESSION) + rng.choice(d["pos"]),
                          rng.choice(fr.CONTRAST) + rng.choice(d["neg"])]
    elif kind == "sarcasm":
        clauses = [rng.choice(fr.SARCASM)]
    else:
        clauses = [rng.choice(fr.NEUTRAL)] if rng.random() < 0.6 else lead or [rng.choice(d["neutral"])]
    text = _join(rng, clauses)
    if not negative:
        question = "?" in text or "？" in text or "请问" in text or "吗" in text
        sub = "other.policy_question" if question else "other.praise"
        return _record(text, sub, False, "calm", "explanation" if question else "none")
    emotion = "angry" if kind == "sarcasm" else ("disappointed" if rng.random() < 0.6 else "calm")
    return _record(text, _sub_for(text, d), True, emotion)


def car_titles(rng: random.Random) -> list[dict[str, Any]]:
    """A short car-owner complaint title; one record per category it involves."""
    model = rng.choice(fc.MODELS)
    if rng.random() < 0.5:
        fault = rng.choice(fc.PRODUCT_TITLES)
    else:
        fault = rng.choice(fc.PARTS) + rng.choice(fc.FAULTS)
    kind = rng.choices(["product", "service", "both"], weights=[45, 20, 35])[0]
    svc_sub = rng.choice(list(fc.SERVICE))
    svc = rng.choice(fc.SERVICE[svc_sub])
    sep = rng.choice(["", " ", "，", "，"])
    if kind == "product":
        text = model + fault
    elif kind == "service":
        text = model + svc
    else:
        text = model + fault + sep + svc if rng.random() < 0.8 else model + svc + sep + fault
    if rng.random() < 0.25:
        text = rng.choice(fc.OPENERS) + text
    demand = "none"
    if rng.random() < 0.3:
        text += rng.choice(["", "，"]) + rng.choice(fc.DEMANDS)
        demand = "fix"
    product_sub = "product.malfunction" if rng.random() < 0.7 else "product.quality_defect"
    subs = {"product": [product_sub], "service": [svc_sub], "both": [product_sub, svc_sub]}[kind]
    return [_record(text, s, True, "calm", demand) for s in subs]


def social_post(rng: random.Random) -> dict[str, Any]:
    """An everyday post labelled with emotion only (angry ~38%)."""
    r = rng.random()
    if r < 0.38:
        shape = rng.random()
        target, act, out = rng.choice(fs.ANGER_TARGETS), rng.choice(fs.ANGER_ACTS), rng.choice(fs.ANGER_OUTBURSTS)
        if shape < 0.35:
            text = f"{target}{act}，{out}"
        elif shape < 0.6:
            text = f"{out}，{target}{act}" + rng.choice(["", "，" + rng.choice(fs.ANGER_OUTBURSTS)])
        elif shape < 0.8:
            text = f"{target}{act}，" + rng.choice(fs.ANGER_RHETORICAL)
        else:
            text = (rng.choice(fs.ANGER_OUTBURSTS) + rng.choice(["！", "，", "!!", "。"])
                    + rng.choice(fs.ANGER_OUTBURSTS))
        text += rng.choice(["", "！", "！！", "。", "!!!", "?", ""])
        return {"text": text, "emotion": "angry"}
    pool, emo = rng.choices(
        [
            (fs.HAPPY, "calm"),
            (fs.NEUTRAL, "calm"),
            (fs.SAD, "disappointed"),
            (fs.LOW, "disappointed"),
            (fs.FEAR, "anxious"),
            (fs.SURPRISE, "calm"),
        ],
        weights=[25, 30, 12, 13, 12, 8],
    )[0]
    text = rng.choice(pool)
    if rng.random() < 0.3:
        text += "，" + rng.choice(pool)
    return {"text": text + rng.choice(["", "。", "！", "~", "…"]), "emotion": emo}


def social_posts(n: int, seed: int = 0) -> list[dict[str, Any]]:
    rng = random.Random(seed * 7919 + 1)
    return [social_post(rng) for _ in range(n)]
