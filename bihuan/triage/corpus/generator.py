"""Labelled synthetic complaint corpus, composed from Bihuan's own fragments.

Labels follow from the fragments chosen, never from the rules engine, so the
corpus can train and check the engine without circularity:
- priority: red for safety, batch problems, real threats or extreme anger;
  green for praise/policy questions/suggestions; yellow otherwise (SPEC §3);
- escalation_risk only for real threats (negated/hypothetical ones are
  inserted as hard negatives);
- emotion from the emotion fragment (none → calm).
"""

from __future__ import annotations

import random
from typing import Any

from bihuan.triage.corpus import extra, polarity
from bihuan.triage.corpus import fragments_misc as fm
from bihuan.triage.corpus.fragments_industries import INDUSTRIES, SUB_INDUSTRIES
from bihuan.triage.corpus.fragments_problems import PROBLEMS
from bihuan.triage.corpus.written import written_training

# One hand-written line counts as this many generated examples in training.
WRITTEN_WEIGHT = 2.0

SUB_WEIGHTS = {
    "product.quality_defect": 10,
    "product.malfunction": 8,
    "product.not_as_described": 5,
    "product.size_mismatch": 3,
    "product.safety": 5,
    "service.attitude": 6,
    "service.slow_response": 6,
    "service.refused_warranty": 5,
    "service.broken_promise": 4,
    "service.blame_shifting": 4,
    "service.process_complex": 3,
    "logistics.late_dispatch": 4,
    "logistics.delivery_delay": 7,
    "logistics.lost": 4,
    "logistics.damaged": 4,
    "logistics.wrong_item": 4,
    "other.billing_dispute": 5,
}
# Demands that make sense for each sub-category (first = most typical).
SUB_DEMANDS = {
    "product.quality_defect": ["refund", "return", "exchange", "compensation"],
    "product.malfunction": ["repair", "exchange", "return", "refund"],
    "product.not_as_described": ["return", "refund", "compensation", "explanation"],
    "product.size_mismatch": ["exchange", "return"],
    "product.safety": ["compensation", "refund", "explanation", "apology"],
    "service.attitude": ["apology", "explanation"],
    "service.slow_response": ["fix", "explanation"],
    "service.refused_warranty": ["repair", "refund", "return", "explanation"],
    "service.broken_promise": ["fix", "compensation", "explanation"],
    "service.blame_shifting": ["fix", "explanation"],
    "service.process_complex": ["fix", "explanation"],
    "logistics.late_dispatch": ["refund", "fix", "explanation"],
    "logistics.delivery_delay": ["refund", "compensation", "fix", "explanation"],
    "logistics.lost": ["refund", "exchange", "compensation"],
    "logistics.damaged": ["exchange", "refund", "compensation"],
    "logistics.wrong_item": ["exchange", "refund"],
    "other.billing_dispute": ["refund", "explanation"],
}
SCENARIOS = {
    "product": ["收货后当天发现", "使用一周后出现", "开箱即发现"],
    "service": ["多次联系客服后", "售后处理过程中"],
    "logistics": ["配送过程中", "签收时发现"],
    "other": ["结算后发现", "咨询时"],
}
CHANNELS = ["phone", "web", "app", "wechat", "weibo", "email", "ecommerce", "12315"]


def _fill(tpl: str, rng: random.Random, ind: dict[str, list[str]], product: str) -> str:
    return tpl.format(
        p=product,
        m=rng.choice(ind["m"]),
        k=rng.choice(ind["k"]),
        t=rng.choice(fm.TIMES),
        d=rng.choice(fm.DURATIONS),
        n=rng.randint(2, 9),
        amt=rng.choice([9.9, 15, 30, 58, 99, 120, 268]),
        order=f"{rng.randint(10**11, 10**12 - 1)}",
    )


def _pick(rng: random.Random, sub: str, industry: str) -> str:
    own = PROBLEMS[sub].get(industry, [])
    if own and industry in ("food", "travel"):
        return rng.choice(own)  # generic "{p}用了三天就坏了" reads oddly for a meal or a trip
    opts = own + PROBLEMS[sub].get("*", [])
    return rng.choice(opts)


def _complaint(rng: random.Random) -> dict[str, Any]:
    sub = rng.choices(list(SUB_WEIGHTS), weights=list(SUB_WEIGHTS.values()))[0]
    industry = rng.choice(SUB_INDUSTRIES[sub])
    ind = INDUSTRIES[industry]
    product = rng.choice(ind["p"])
    emotion = rng.choices(["angry", "anxious", "disappointed", "calm"], weights=[3, 2, 2, 3])[0]
    extreme = emotion == "angry" and rng.random() < 0.2
    demand = (
        "none" if rng.random() < 0.18 else (SUB_DEMANDS[sub][0] if rng.random() < 0.5 else rng.choice(SUB_DEMANDS[sub]))
    )
    threat = rng.random() < 0.13
    non_threat = not threat and rng.random() < 0.07
    batch = sub in ("product.safety", "product.quality_defect", "product.malfunction") and rng.random() < 0.12
    terse = rng.random() < 0.3  # short review-style complaint

    parts: list[str] = []
    if terse:
        if rng.random() < 0.3:
            parts.append(rng.choice(fm.MIXED))
        parts.append(_fill(_pick(rng, sub, industry), rng, ind, product))
        if rng.random() < 0.5 and sub != "other.billing_dispute":
            parts.append("，" + _fill(_pick(rng, sub, industry), rng, ind, product))
        parts.append(rng.choice(["。", "！", "，", "", "..."]))
    else:
        parts.append(rng.choice(fm.OPENINGS))
        parts.append(_fill(rng.choice(fm.CONTEXTS), rng, ind, product))
        if rng.random() < 0.15:
            parts.append(rng.choice(fm.MIXED))
        parts.append(_fill(_pick(rng, sub, industry), rng, ind, product) + rng.choice(["。", "，", "！"]))
        if rng.random() < 0.35:
            parts.append(_fill(_pick(rng, sub, industry), rng, ind, product) + "。")
    if batch:
        parts.append(_fill(rng.choice(fm.BATCH), rng, ind, product))
    emo_frag = rng.choice(fm.EMOTION["angry_extreme" if extreme else emotion])
    if emotion != "calm" or not terse:
        # Emotion may come first or after the facts, as people write either way.
        if rng.random() < 0.25:
            parts.insert(0, emo_frag)
        else:
            parts.append(emo_frag)
    if demand != "none" and (not terse or rng.random() < 0.5):
        parts.append(rng.choice(fm.DEMAND[demand]))
    elif demand != "none":
        demand = "none"
    if threat:
        parts.append(
            rng.choice(fm.THREATS).format(
                when=rng.choice(fm.THREAT_WHEN), org=rng.choice(fm.ORGS), media=rng.choice(fm.MEDIA)
            )
        )
    elif non_threat:
        parts.append(rng.choice(fm.NON_THREATS))
    if not terse:
        parts.append(rng.choice(fm.CLOSINGS))
    cat = sub.split(".")[0]
    red = sub == "product.safety" or batch or threat or extreme
    return {
        "text": "".join(parts),
        "category": cat,
        "subcategory": sub.split(".")[1],
        "priority": "red" if red else "yellow",
        "emotion": emotion,
        "demand": demand,
        "escalation_risk": threat,
        "is_complaint": True,
        "product": product,
        "industry": industry,
        "scenario": rng.choice(SCENARIOS[cat]),
        "amount": round(rng.uniform(9, 3000), 2),
        "channel": rng.choice(CHANNELS),
        "lang": "zh",
    }


def _non_complaint(rng: random.Random) -> dict[str, Any]:
    industry = rng.choice(list(INDUSTRIES))
    ind = INDUSTRIES[industry]
    product = rng.choice(ind["p"])
    kind = rng.choices(["praise", "policy_question", "suggestion"], weights=[5, 3, 2])[0]
    if kind == "praise":
        pool = fm.PRAISE.get(industry, []) + fm.PRAISE["*"]
        k = rng.choice([1, 1, 2, 3])
        # Praise is as long as complaints in real streams; without context and
        # minor reservations the model would learn "long text = complaint".
        text = _fill(rng.choice(fm.CONTEXTS), rng, ind, product) if rng.random() < 0.5 else ""
        text += "".join(_fill(rng.choice(pool), rng, ind, product) for _ in range(k))
        if rng.random() < 0.3:
            text += rng.choice(fm.MINOR_RESERVATIONS)
        demand = "none"
    elif kind == "policy_question":
        text = rng.choice(fm.OPENINGS[:8]) + _fill(rng.choice(fm.POLICY), rng, ind, product)
        demand = "explanation"
    else:
        text = _fill(rng.choice(fm.SUGGESTION), rng, ind, product)
        demand = "none"
    return {
        "text": text,
        "category": "other",
        "subcategory": kind,
        "priority": "green",
        "emotion": "calm",
        "demand": demand,
        "escalation_risk": False,
        "is_complaint": False,
        "product": product,
        "industry": industry,
        "scenario": "",
        "amount": 0.0,
        "channel": rng.choice(CHANNELS),
        "lang": "zh",
    }


def _english(rng: random.Random) -> dict[str, Any]:
    product = rng.choice(fm.EN_PRODUCTS)
    if rng.random() < 0.25:
        praise = rng.random() < 0.6
        text = rng.choice(fm.EN_PRAISE) if praise else rng.choice(fm.EN_POLICY).format(p=product)
        return {
            "text": text,
            "category": "other",
            "subcategory": "praise" if praise else "policy_question",
            "priority": "green",
            "emotion": "calm",
            "demand": "none" if praise else "explanation",
            "escalation_risk": False,
            "is_complaint": False,
            "product": product,
            "industry": "ecommerce",
            "scenario": "",
            "amount": 0.0,
            "channel": "email",
            "lang": "en",
        }
    sub = rng.choice(list(fm.EN_PROBLEMS))
    emotion = rng.choice(list(fm.EN_EMOTION))
    demand = rng.choice(list(fm.EN_DEMAND))
    threat = rng.random() < 0.15
    text = " ".join(
        x
        for x in [
            rng.choice(fm.EN_PROBLEMS[sub]).format(p=product),
            rng.choice(fm.EN_EMOTION[emotion]),
            fm.EN_DEMAND[demand],
            fm.EN_THREAT if threat else "",
        ]
        if x
    )
    return {
        "text": text,
        "category": sub.split(".")[0],
        "subcategory": sub.split(".")[1],
        "priority": "red" if threat else "yellow",
        "emotion": emotion,
        "demand": demand,
        "escalation_risk": threat,
        "is_complaint": True,
        "product": product,
        "industry": "ecommerce",
        "scenario": "",
        "amount": round(rng.uniform(9, 900), 2),
        "channel": "email",
        "lang": "en",
    }


def generate_corpus(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` fully labelled examples, deterministic for a given seed: complaints,
    non-complaints, everyday reviews (half of them mixed or positive) and short
    car-owner titles (see corpus/extra.py)."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    while len(out) < n:
        r = rng.random()
        if r < 0.04:
            out.append(_english(rng))
        elif r < 0.18:
            out.append(_non_complaint(rng))
        elif r < 0.46:
            out.append(extra.review(rng))
        elif r < 0.54:
            out.extend(extra.car_titles(rng))
        else:
            out.append(_complaint(rng))
    return out[:n]


def training_corpus(n: int, seed: int = 0, *, written_weight: float = WRITTEN_WEIGHT) -> list[dict[str, Any]]:
    """What the shipped model is trained on: ``generate_corpus`` plus social
    posts labelled with emotion only (anger slang, everyday non-angry posts),
    compositional everyday reviews (corpus/polarity.py) and the training part
    of the hand-written files (corpus/written.py; ``written_weight`` 0 leaves
    them out)."""
    generated = generate_corpus(n, seed) + extra.social_posts(n // 3, seed) + polarity.polar_reviews(n, seed)
    return generated + (written_training(written_weight) if written_weight > 0 else [])
