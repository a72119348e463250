"""Turn matcher hits into per-field rule evidence with reasons.

Weights are summed per field value after scope handling:
- a negated cue is dropped, except polarity cues, which flip ("不好吃" → neg);
- a cue in a question clause is damped when its rule asks for it
  ("要不要投诉到12315?" is weaker than "我明天就去12315");
- an intensifier just before a threat or emotion cue boosts it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bihuan.triage.matcher import CompiledRules, Scan

_BOOSTED = frozenset({"escalation", "emotion"})
# Cue reasons listed per text, the first in reading order. Every cue still
# counts in the scores; the cap keeps a 20,000-character rant from producing
# a response of megabytes (thousands of reasons) that no agent would read.
MAX_CUE_REASONS = 60


@dataclass
class Evidence:
    escalation: float = 0.0
    neg: float = 0.0
    pos: float = 0.0
    red: float = 0.0
    disclaimer: float = 0.0  # "this is not a complaint" statements
    emotion: dict[str, float] = field(default_factory=dict)
    emotion_peak: dict[str, float] = field(default_factory=dict)  # strongest single cue per emotion
    subcategory: dict[str, float] = field(default_factory=dict)
    demand: dict[str, float] = field(default_factory=dict)
    reasons: list[dict[str, Any]] = field(default_factory=list)
    exclaims: int = 0
    questions: int = 0


def collect(compiled: CompiledRules, scan: Scan, params: dict[str, float], spans_valid: bool = True) -> Evidence:
    ev = Evidence(exclaims=scan.exclaims, questions=scan.questions)
    rules = compiled.rules
    qf = params["question_factor"]
    boost = params["intensifier_factor"]
    qclauses = scan.question_clauses
    reasons = ev.reasons
    contrasts = scan.contrasts
    last_contrast = contrasts[-1] if contrasts else -1
    before_f = params.get("before_contrast_factor", 1.0)
    after_f = params.get("after_contrast_factor", 1.0)
    sent_window = params.get("sentiment_negation_window", 4.0)
    flip_neg = params.get("negated_negative_factor", 0.5)
    keep_neg = params.get("negated_strong_negative_factor", 0.0)
    reserves = scan.reservations
    res_window = params.get("reservation_window", 0.0)
    res_f = params.get("reservation_factor", 1.0)
    for hit in scan.hits:
        in_q = hit.clause in qclauses
        for ri in hit.rules:
            rule = rules[ri]
            f = rule.field
            value = rule.value
            w = rule.weight
            modifiers = []
            if hit.negated and rule.negatable:
                if f == "sentiment":
                    if hit.neg_gap > sent_window:
                        pass  # "没有耳机，失望": the negator belongs to another word
                    elif value == "neg" and w >= 1.0 and len(hit.term) > 1:
                        # A negated strong complaint word stays a complaint: a
                        # warning or refusal ("别上当", "不给退货", "没见过这么差").
                        w *= keep_neg
                        modifiers.append("negated")
                    else:
                        # "不好吃" is clearly negative; "不贵" mildly positive.
                        w *= flip_neg if value == "neg" else 0.9
                        value = "pos" if value == "neg" else "neg"
                        modifiers.append("negated")
                elif f == "escalation":
                    # Kept in the reasons so an agent sees why no threat fired.
                    if len(reasons) < MAX_CUE_REASONS:
                        reasons.append(_reason(f, hit, rule.id, 0.0, spans_valid, ["negated"]))
                    continue
                else:
                    continue
            if in_q and rule.question_damping:
                w *= qf
                modifiers.append("question")
            if hit.intensified and f in _BOOSTED:
                w *= boost
                modifiers.append("intensified")
            if f == "sentiment":
                if hit.quoted and value == "pos":
                    # Praise in quotes is not praise: after an irony marker it is
                    # sarcasm and counts against (服务真是“一流”); otherwise it is
                    # likely a label (给了“好评”) and counts for nothing.
                    if hit.quoted == 2:
                        value = "neg"
                    else:
                        w = 0.0
                    modifiers.append("quoted")
                if last_contrast >= 0:
                    w *= before_f if hit.start < last_contrast else after_f
                if value == "neg" and reserves and any(0 <= hit.start - e <= res_window for e in reserves):
                    w *= res_f
                if value == "neg":
                    ev.neg += w
                else:
                    ev.pos += w
                continue  # polarity cues are many and low-level; not listed as reasons
            if f == "escalation":
                ev.escalation += w
            elif f == "priority":
                ev.red += w
            elif f == "complaint":
                if hit.start < last_contrast:
                    continue  # "本来不是来投诉的，但是…": the contrast overrides it
                ev.disclaimer += w
            elif f == "emotion":
                ev.emotion[value] = ev.emotion.get(value, 0.0) + w
                # The rule's own weight, before question damping or boosts.
                ev.emotion_peak[value] = max(ev.emotion_peak.get(value, 0.0), rule.weight)
            elif f == "subcategory":
                ev.subcategory[value] = ev.subcategory.get(value, 0.0) + w
                if value == "product.safety":
                    ev.red += w
            elif f == "demand":
                ev.demand[value] = ev.demand.get(value, 0.0) + w
            if len(reasons) < MAX_CUE_REASONS:
                reasons.append(_reason(f, hit, rule.id, w, spans_valid, modifiers))
    return ev


def _reason(
    field_name: str, hit, rule_id: str, weight: float, spans_valid: bool, modifiers: list[str]
) -> dict[str, Any]:
    r: dict[str, Any] = {
        "field": field_name,
        "cue": hit.term,
        "span": [hit.start, hit.end] if spans_valid else None,
        "source": "rule",
        "rule": rule_id,
        "weight": round(weight, 3),
    }
    if modifiers:
        r["modifiers"] = modifiers
    return r
