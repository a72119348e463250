"""Compositional everyday reviews (fragments_polarity): polarity words, degree,
negation and contrast in many combinations, short and long.

Labels follow from the composition, never from the engine:
- praise, praise with a small reservation, and a concession that ends in praise
  ("虽然有点贵，但是很好吃") are not complaints;
- a clearly negative clause standing alone, after a contrast, or a negated
  praise word ("服务不太热情") makes the review a complaint;
- long narrative padding is added to both sides alike, so length says nothing.
"""

from __future__ import annotations

import random
from functools import lru_cache
from typing import Any

from bihuan.triage.corpus import fragments_polarity as fp
from bihuan.triage.corpus import fragments_reviews as fr
from bihuan.triage.corpus.extra import _record, _sub_for
from bihuan.triage.rules import default_ruleset

_PUNCT = ["，", "，", "，", "。", "！", " ", ",", "；"]
_END = ["", "。", "！", "~", "。", "", "！！", "..."]
_BUT = ["但是", "但", "不过", "可是"]
_BAD_START = ("不", "没", "有", "易", "难")  # "不有礼貌", "不不耐用" read wrong


def _aspect(rng: random.Random, domain: str) -> tuple[str, str]:
    groups = [g for g in fp.ASPECTS[domain] if g in fp.ADJ]
    group = rng.choice(groups)
    return rng.choice(fp.ASPECTS[domain][group]), group


def _pos(rng: random.Random, domain: str) -> str:
    a, g = _aspect(rng, domain)
    r = rng.random()
    if r < 0.12:  # "价格不贵", "房间不吵": a negated negative word is mild praise
        adj = [w for w in fp.ADJ[g]["neg"] if not w.startswith(_BAD_START)]
        if adj:
            return a + rng.choice(fp.NEG_OF_NEG) + rng.choice(adj)
    adj = rng.choice(fp.ADJ[g]["pos"])
    if r < 0.2:
        return rng.choice(fp.DEGREE) + adj  # no aspect: "很好吃"
    return a + rng.choice(fp.DEGREE + [""]) + adj + rng.choice(["", "", "的", "了"] if r > 0.9 else [""])


def _neg(rng: random.Random, domain: str) -> str:
    a, g = _aspect(rng, domain)
    if rng.random() < 0.3:  # "服务不太热情": negated praise
        adj = [w for w in fp.ADJ[g]["pos"] if not w.startswith(_BAD_START)]
        return a + rng.choice(fp.NEG_PREFIX) + rng.choice(adj)
    adj = rng.choice(fp.ADJ[g]["neg"])
    deg = "" if adj.startswith(_BAD_START) else rng.choice(fp.DEGREE + ["太", "太", "超级"])
    return a + deg + adj + rng.choice(["", "", "了", "得要命", "死了"] if deg else [""])


def _mild(rng: random.Random, domain: str) -> str:
    a, g = _aspect(rng, domain)
    if rng.random() < 0.25:
        return a + rng.choice(fp.POS_OF_POS_ZERO)
    adj = [w for w in fp.ADJ[g]["neg"] if not w.startswith(_BAD_START)] or fp.ADJ[g]["neg"]
    return a + rng.choice(fp.WEAK_DEGREE) + rng.choice(adj)


@lru_cache(maxsize=1)
def _lexicon_terms() -> dict[str, list[str]]:
    """Multi-character polarity cues of the built-in lexicon (strong ones only),
    so the model sees every cue an administrator wrote, in sentence context."""
    out: dict[str, list[str]] = {"pos": [], "neg": []}
    for r in default_ruleset().rules:
        if r.field == "sentiment" and r.weight >= 0.7:
            out[r.value].extend(t for t in r.terms if len(t) > 1 and not t.isascii())
    return out


def _lex(rng: random.Random, domain: str, value: str) -> str:
    term = rng.choice(_lexicon_terms()[value])
    return (_aspect(rng, domain)[0] + term) if rng.random() < 0.4 else term


def _whole(rng: random.Random, domain: str, key: str) -> str:
    # Mix in the hand-written whole clauses so both sources stay in use.
    return rng.choice(fr.DOMAINS[domain][key])


def _join(rng: random.Random, clauses: list[str]) -> str:
    out = clauses[0]
    for c in clauses[1:]:
        out += rng.choice(_PUNCT) + c
    return out + rng.choice(_END)


def _pick(rng: random.Random, domain: str, value: str) -> str:
    r = rng.random()
    if r < 0.55:
        return _pos(rng, domain) if value == "pos" else _neg(rng, domain)
    if r < 0.75:
        return _whole(rng, domain, value)
    return _lex(rng, domain, value)


def polar_review(rng: random.Random) -> dict[str, Any]:
    domain = rng.choice(list(fp.ASPECTS))
    pos = lambda: _pick(rng, domain, "pos")  # noqa: E731
    neg = lambda: _pick(rng, domain, "neg")  # noqa: E731
    lead = rng.sample(fp.NARRATIVE, rng.choice([0, 0, 1, 1, 2, 3, 4]))
    kind = rng.choices(
        ["pos", "pos_minor", "concede_pos", "neg", "pos_but_neg", "concede_neg", "mild"],
        weights=[24, 16, 8, 24, 14, 8, 6],
    )[0]
    if kind == "pos":
        clauses = [pos() for _ in range(rng.choice([1, 2, 2, 3, 4, 5, 6]))]
        if rng.random() < 0.5:
            clauses.append(rng.choice(fp.POS_VERDICT))
    elif kind == "pos_minor":
        clauses = [pos() for _ in range(rng.choice([1, 2, 3, 4, 5]))]
        clauses.append(rng.choice(fp.RESERVATION) + _mild(rng, domain))
        if rng.random() < 0.3:
            clauses.append(pos())
        if rng.random() < 0.6:
            clauses.append(rng.choice(fp.POS_VERDICT))
    elif kind == "concede_pos":  # "虽然有点贵，但是很好吃"
        clauses = [rng.choice(fp.CONCESSION) + _mild(rng, domain), rng.choice(_BUT) + pos()]
        if rng.random() < 0.5:
            clauses.append(rng.choice(fp.POS_VERDICT))
    elif kind == "neg":
        clauses = [neg() for _ in range(rng.choice([1, 1, 2, 3]))]
        if rng.random() < 0.5:
            clauses.append(rng.choice(fp.NEG_VERDICT))
    elif kind == "pos_but_neg":  # "位置不错，但是房间很脏"
        clauses = [pos() for _ in range(rng.choice([1, 1, 2]))]
        clauses.append(rng.choice(fp.CONTRAST) + neg())
        if rng.random() < 0.6:
            clauses.append(neg() if rng.random() < 0.5 else rng.choice(fp.NEG_VERDICT))
    elif kind == "concede_neg":  # "虽然便宜，但是太难吃了"
        clauses = [rng.choice(fp.CONCESSION) + pos(), rng.choice(_BUT) + neg()]
    else:  # lukewarm only: "味道一般，分量有点少" reads as dissatisfied
        clauses = [_mild(rng, domain) for _ in range(rng.choice([2, 2, 3]))]
    negative = kind in ("neg", "pos_but_neg", "concede_neg", "mild")
    text = _join(rng, lead + clauses)
    # No emotion label: a review's polarity says little about anger or anxiety,
    # and the emotion head is calibrated on the complaint and social-post mix.
    if not negative:
        return dict(_record(text, "other.praise", False, "calm"), emotion=None)
    return dict(_record(text, _sub_for(text, fr.DOMAINS[domain]), True, "calm"), emotion=None)


def polar_reviews(n: int, seed: int = 0) -> list[dict[str, Any]]:
    rng = random.Random(seed * 104729 + 17)
    return [polar_review(rng) for _ in range(n)]
