"""Hybrid triage engine: editable rules/lexicons + optional linear models.

``TriageEngine.triage`` gives every field from rules alone; when a model is
loaded its probabilities are blended in (and listed in the reasons). Blending
is additive in log-odds / averaged in probability so either source can be
removed without changing the code path — that is the fallback when the model
file is absent.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from bihuan.triage.encoder import EncoderFeatures, encoder_p, encoder_reason
from bihuan.triage.evidence import collect
from bihuan.triage.labels import EMOTIONS, SUBCATEGORIES, TRIAGE_DEMANDS
from bihuan.triage.model import LinearModel
from bihuan.triage.rules import RuleSet, default_ruleset
from bihuan.triage.text import normalize

RULES_ONLY = "rules-only"
_GREEN_SUBS = frozenset({"other.policy_question", "other.suggestion", "other.praise"})
_ALL_SUBS = [f"{c}.{s}" for c, subs in SUBCATEGORIES.items() for s in subs]
_CAT_OF = {s: s.split(".", 1)[0] for s in _ALL_SUBS}
_NON_COMPLAINT_SUBS = [s for s in _ALL_SUBS if s.startswith("other.")]
# A complaint is about a problem: praise and a policy question are not one
# ("能给换一双吗" names a defect, whatever its question form).
_COMPLAINT_SUBS = [s for s in _ALL_SUBS if s not in ("other.praise", "other.policy_question")]
_EMOTIONS = list(EMOTIONS)
# Categories that can be involved alongside the main one ("the car is faulty
# and the dealer refuses to repair it" is product and service).
_PROBLEM_CATEGORIES = frozenset({"product", "service", "logistics"})


@dataclass
class TriageResult:
    category: str
    subcategory: str  # code within the category, e.g. "quality_defect"
    priority: str
    emotion: str
    emotion_score: float
    escalation_risk: bool
    escalation_score: float
    is_complaint: bool
    demand: str
    high_value_customer: bool
    reasons: list[dict[str, Any]] = field(default_factory=list)
    model_version: str = RULES_ONLY
    # Extra (additive to the contract): confidence per category, for
    # multi-label use ("product and service both involved") and for the UI.
    category_scores: dict[str, float] = field(default_factory=dict)
    complaint_score: float = 0.0
    # Every category the complaint involves, the main one first: the others are
    # problem categories whose share reaches ``secondary_category_share``.
    categories: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        # Hand-written rather than dataclasses.asdict: asdict deep-copies every
        # reason recursively and was the single largest cost of JSONL output.
        d = dict(self.__dict__)
        d["reasons"] = [dict(r) for r in self.reasons]
        d["category_scores"] = dict(self.category_scores)
        d["categories"] = list(self.categories)
        return d


def _squash(x: float) -> float:
    """Evidence sum (≥ 0) → 0..1; one full-weight cue gives ~0.63."""
    return 1.0 - math.exp(-x) if x > 0 else 0.0


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x))))


def _blend(rule_scores: dict[str, float], model_p: dict[str, float] | None, rule_share: float) -> dict[str, float]:
    """Average rule-derived and model distributions over the same labels."""
    total = sum(rule_scores.values())
    if model_p is None:
        return {k: v / total for k, v in rule_scores.items()} if total else {}
    if not total:
        return dict(model_p)
    return {k: (1 - rule_share) * p + rule_share * rule_scores.get(k, 0.0) / total for k, p in model_p.items()}


class TriageEngine:
    def __init__(
        self,
        ruleset: RuleSet | None = None,
        model: LinearModel | None = None,
        *,
        high_value_level: int = 3,
        encoder: EncoderFeatures | None = None,
    ) -> None:
        self.ruleset = ruleset or default_ruleset()
        self.compiled = self.ruleset.compiled
        self.params = self.ruleset.params
        self.model = model
        self.high_value_level = high_value_level
        self.encoder = encoder
        self.model_version = (
            f"{model.version}+rules:{self.ruleset.version}" if model else f"{RULES_ONLY}+rules:{self.ruleset.version}"
        )
        if encoder is not None:
            self.model_version += f"+{encoder.version}"

    # -- public API ---------------------------------------------------------
    def triage(self, text: str, *, channel: str | None = None, customer: dict[str, Any] | None = None) -> TriageResult:
        return self.triage_many([text], customers=[customer], explain=True)[0]

    def triage_many(
        self, texts: Sequence[str], *, customers: Sequence[dict[str, Any] | None] | None = None, explain: bool = False
    ) -> list[TriageResult]:
        """Triage a batch; model predictions are computed in one matrix product.

        ``explain`` adds the model's top n-grams to the reasons (costs ~20 µs/text).
        """
        norms = [normalize(t or "") for t in texts]
        probs = self.model.predict_proba(norms, normalized=True) if self.model else None
        # Plain Python rows once per batch: indexing numpy scalars per text is slow.
        rows = {h: p.tolist() for h, p in probs.items()} if probs is not None else None
        # Raw text for the encoder: it was pretrained on text as people write it.
        enc = self.encoder.predict([t or "" for t in texts]) if self.encoder is not None else None
        out = []
        for i, (text, norm) in enumerate(zip(texts, norms, strict=True)):
            mp = {h: r[i] for h, r in rows.items()} if rows is not None else None
            cust = customers[i] if customers else None
            out.append(self._decide(text or "", norm, mp, cust, explain, enc[i] if enc is not None else None))
        return out

    # -- decision logic -----------------------------------------------------
    def _decide(
        self, text: str, norm: str, mp: dict | None, customer: dict | None, explain: bool, ep: dict | None = None
    ) -> TriageResult:
        p = self.params
        ev = collect(self.compiled, self.compiled.scan(norm), p, len(norm) == len(text))
        reasons = ev.reasons
        heads = self.model.heads if self.model else {}

        # is_complaint: log-odds sum of polarity cues, problem cues and the model.
        problem = sum(v for k, v in ev.subcategory.items() if not k.startswith("other."))
        problem += ev.subcategory.get("other.billing_dispute", 0.0)
        rule_logit = (
            p.get("complaint_bias", -0.3)
            + 1.1 * (ev.neg - ev.pos)
            + 0.5 * problem
            + 1.5 * ev.escalation
            + 0.3 * sum(ev.demand.values())
            + 0.4 * sum(ev.emotion.values())
            # Asking about a policy ("请问七天无理由退货需要什么条件") is evidence
            # against a complaint, though it names a demand like 退货.
            - p.get("policy_question_weight", 1.0) * ev.subcategory.get("other.policy_question", 0.0)
        )
        rule_logit = max(-4.0, min(4.0, rule_logit))
        # Without a model the rules decide alone.
        logit = rule_logit
        # A model may lack some heads (e.g. retrained on corrections of one field):
        # each field falls back to rules independently.
        def head(name: str) -> dict[str, float] | None:
            if mp is None or name not in mp:
                return None
            return dict(zip(heads[name], mp[name], strict=True))

        if mp is not None and "complaint" in mp:
            pc = float(mp["complaint"][heads["complaint"].index("yes")])
            pc = min(max(pc, 1e-4), 1 - 1e-4)
            # Rule logit and model log-odds are added (weights 1, 1 by default):
            # the naive-Bayes combination of two sources of evidence. A fit on
            # the project's own text trusts the model more, but that text suits
            # the model better than real customers' wording does
            # (bench/triage_blend_fit.py checks both).
            logit = (
                p.get("complaint_rule_weight", 1.0) * rule_logit
                + p.get("complaint_model_weight", 1.0) * math.log(pc / (1 - pc))
                + p.get("complaint_offset", 0.0)
            )
            reasons.append(self._model_reason("is_complaint", "yes", pc, norm, explain))
        enc_p = encoder_p(ep, "complaint", "yes")
        if enc_p is not None and self.encoder is not None:
            # The encoder heads generalise beyond the corpus's wording better than
            # the n-grams do, so they get a larger share than the n-gram model
            # (weights stored with the heads, calibrated on public TRAIN splits).
            logit += self.encoder.blend["complaint"] * math.log(enc_p / (1 - enc_p))
            reasons.append(encoder_reason("is_complaint", "yes", enc_p, self.encoder))
        # "Not a complaint" counts only where nothing contradicts it: no problem
        # named, no threat ("我不是来投诉的，再不退款我就去12315" is one).
        disclaimed = bool(ev.disclaimer) and not problem and not ev.escalation
        if disclaimed:
            logit -= p.get("disclaimer_weight", 5.0) * ev.disclaimer
        complaint_score = _sigmoid(logit)
        if ev.subcategory.get("product.safety", 0.0) >= 1.0 and not (disclaimed or ev.questions or ev.pos > ev.neg):
            # A safety hazard reported is a complaint whatever the tone
            # ("冒烟了，还有烧焦的味道，幸好人在旁边"); asked about ("会不会冒烟？")
            # or outweighed by praise, it is not.
            complaint_score = max(complaint_score, 0.5)
        is_complaint = complaint_score >= 0.5

        # Subcategory (and category from it, so both are always consistent).
        sub_rules = dict(ev.subcategory)
        model_sub = (
            head("subcategory")
        )
        sub_p = _blend(sub_rules, model_sub, p.get("subcategory_rule_share", 0.5))
        allowed = _COMPLAINT_SUBS if is_complaint else _NON_COMPLAINT_SUBS
        if sub_p:
            sub = max(allowed, key=lambda s: sub_p.get(s, 0.0))
            if sub_p.get(sub, 0.0) == 0.0:
                sub = "product.quality_defect" if is_complaint else "other.policy_question"
        else:
            sub = (
                "product.quality_defect"
                if is_complaint
                else ("other.praise" if ev.pos > 1.0 else "other.policy_question")
            )
        category, subcode = sub.split(".", 1)
        cat_scores: dict[str, float] = {}
        for s, v in sub_p.items():
            c = _CAT_OF.get(s) or s.split(".", 1)[0]
            cat_scores[c] = cat_scores.get(c, 0.0) + v
        cat_scores = {c: round(v, 4) for c, v in cat_scores.items()}
        categories = [category]
        if is_complaint:
            share = p.get("secondary_category_share", 0.15)
            others = [c for c, v in cat_scores.items() if c != category and c in _PROBLEM_CATEGORIES and v >= share]
            categories += sorted(others, key=lambda c: -cat_scores[c])
        if model_sub is not None:
            reasons.append(self._model_reason("subcategory", sub, model_sub.get(sub, 0.0), norm, explain))

        # Emotion: cue sums (+ punctuation arousal) squashed, blended with the model.
        emo_rule = {e: _squash(ev.emotion.get(e, 0.0)) for e in _EMOTIONS if e != "calm"}
        if ev.exclaims >= 2 or (ev.exclaims and ev.neg > 0):
            emo_rule["angry"] = _squash(ev.emotion.get("angry", 0.0) + 0.3 * ev.exclaims)
        if ev.questions >= 2 and is_complaint:
            emo_rule["anxious"] = _squash(ev.emotion.get("anxious", 0.0) + 0.25 * ev.questions)
        if ev.escalation > 0 or ev.red > 0:
            emo_rule["angry"] = max(emo_rule["angry"], _squash(0.5 * ev.escalation))
        top_rule = max(emo_rule.values())
        emo_rule["calm"] = max(0.0, 1.0 - top_rule)
        model_emo = head("emotion")
        if model_emo is not None:
            emo_p = {e: 0.5 * model_emo.get(e, 0.0) + 0.5 * emo_rule[e] for e in _EMOTIONS}
        else:
            emo_p = emo_rule
        enc_angry = encoder_p(ep, "angry", "yes")
        if enc_angry is not None and self.encoder is not None:
            emo_p["angry"] = max(0.0, emo_p["angry"] + self.encoder.blend["angry"] * (enc_angry - 0.5))
            reasons.append(encoder_reason("emotion", "angry", enc_angry, self.encoder))
        anger_cut = p.get("anger_threshold", 1.1)
        angry_cue = ev.emotion.get("angry", 0.0)
        # A strong fear or disappointment cue in a complaint, with no anger cue
        # and no "!", names the emotion ("宝宝已经喝了两顿，我很害怕" is anxious):
        # the model, trained mostly on calm complaint wording, would say calm.
        peaks = {e: ev.emotion_peak.get(e, 0.0) for e in ("anxious", "disappointed")}
        felt = max(peaks, key=peaks.__getitem__)
        if not (is_complaint and not angry_cue and not ev.exclaims and peaks[felt] >= 1.0):
            felt = ""
        if felt:
            emotion = felt
        elif (
            emo_p["angry"] >= anger_cut
            and (is_complaint or angry_cue or ev.exclaims)
            and not disclaimed
        ):
            # Anger is decided on its own low threshold, complaint or not (an
            # angry post about a neighbour is still an angry customer), but a
            # calm non-complaint needs an anger cue or "!" to be called angry
            # ("物业费可以按季度交吗？"), and "我不会去投诉，就是想提醒一下" is not.
            emotion = "angry"
        elif not is_complaint and top_rule < p["emotion_threshold"]:
            emotion = "calm"
        else:
            emotion = max(_EMOTIONS, key=emo_p.__getitem__)
            if emotion != "calm" and emo_p[emotion] < p["emotion_threshold"] * 0.5:
                emotion = "calm"
        total = sum(emo_p.values()) or 1.0
        emotion_score = round(emo_p[emotion] / total if model_emo is not None else emo_p[emotion], 4)
        if model_emo is not None:
            reasons.append(self._model_reason("emotion", emotion, model_emo.get(emotion, 0.0), norm, explain))

        # Escalation: threats only (negated ones were dropped, questions damped).
        escalation_score = round(_squash(ev.escalation), 4)
        escalation_risk = escalation_score >= p["escalation_threshold"]

        # Demand: explicit cues first; the model alone only when it is confident.
        demand = "none"
        model_dem = head("demand")
        dem_p = _blend(ev.demand, model_dem, 0.6)
        if dem_p:
            best = max(TRIAGE_DEMANDS, key=lambda d: dem_p.get(d, 0.0))
            if ev.demand or dem_p.get(best, 0.0) >= 0.6:
                demand = best

        # Priority per SPEC §3.
        red_why = None
        if ev.red >= 1.0:
            red_why = "safety/batch cue"
        elif escalation_risk:
            red_why = "public/regulatory threat"
        elif emotion == "angry" and emo_p["angry"] >= p["extreme_anger"]:
            red_why = "extreme anger"
        if red_why and is_complaint:
            priority = "red"
            reasons.append(
                {
                    "field": "priority",
                    "cue": red_why,
                    "span": None,
                    "source": "rule",
                    "weight": round(max(ev.red, ev.escalation), 3),
                }
            )
        elif not is_complaint or sub in _GREEN_SUBS:
            priority = "green"
        else:
            priority = "yellow"

        level = (customer or {}).get("member_level")
        try:
            high_value = level is not None and int(level) >= self.high_value_level
        except (TypeError, ValueError):
            high_value = False
        if high_value:
            reasons.append(
                {
                    "field": "high_value_customer",
                    "cue": f"member_level={level}",
                    "span": None,
                    "source": "rule",
                    "weight": 1.0,
                }
            )

        return TriageResult(
            category=category,
            subcategory=subcode,
            priority=priority,
            emotion=emotion,
            emotion_score=emotion_score,
            escalation_risk=escalation_risk,
            escalation_score=escalation_score,
            is_complaint=is_complaint,
            demand=demand,
            high_value_customer=high_value,
            reasons=reasons,
            model_version=self.model_version,
            category_scores=cat_scores,
            complaint_score=round(complaint_score, 4),
            categories=categories,
        )

    def _model_reason(self, field_name: str, label: str, score: float, norm: str, explain: bool) -> dict[str, Any]:
        r: dict[str, Any] = {
            "field": field_name,
            "cue": f"model:{label}",
            "span": None,
            "source": "model",
            "score": round(float(score), 4),
        }
        if explain and self.model is not None:
            head = {"is_complaint": "complaint"}.get(field_name, field_name)
            lab = "yes" if field_name == "is_complaint" else label
            if lab in self.model.heads.get(head, ()):
                r["features"] = [f for f, _ in self.model.top_features(norm, head, lab)]
        return r


@lru_cache(maxsize=1)
def default_engine() -> TriageEngine:
    """Built-in rules + the shipped model (if present); one per process."""
    return TriageEngine(default_ruleset(), LinearModel.load())


def triage_text(text: str, **kw: Any) -> TriageResult:
    return default_engine().triage(text, **kw)


def iter_results(engine: TriageEngine, texts: Iterable[str]) -> list[TriageResult]:
    return engine.triage_many(list(texts))
