"""Administrator-editable rules and lexicons for the triage engine, as plain data.

A ``RuleSet`` is a JSON-friendly value: the Django side stores ``as_dict()`` in
the database (one row per version), lets administrators edit it, and feeds
``RuleSet.from_dict(...)`` back into a ``TriageEngine``. Nothing here imports
Django, so the same rules run in tests, benchmarks and batch jobs.

Why terms and not only regexes: literal terms can be matched in one pass over
the text with a first-character index (allocation-light, ~µs per text), and
they are what administrators actually write. A rule may still carry a regex
``pattern`` for the rare case a literal list cannot express.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from bihuan.triage.labels import EMOTIONS, SUBCATEGORIES, TRIAGE_DEMANDS

# Which result field a rule gives evidence for, and the values it may carry.
RULE_FIELDS: dict[str, frozenset[str]] = {
    # A threat to go to regulators / media / court / public platforms.
    "escalation": frozenset({"threat"}),
    # Polarity cue; negation flips it ("不好吃" vs "好吃").
    "sentiment": frozenset({"neg", "pos"}),
    "emotion": frozenset(e for e in EMOTIONS if e != "calm"),
    "subcategory": frozenset(f"{c}.{s}" for c, subs in SUBCATEGORIES.items() for s in subs),
    "demand": frozenset(d for d in TRIAGE_DEMANDS if d != "none"),
    # "red" cues that are not a subcategory (batch/mass problems, extreme distress).
    "priority": frozenset({"red"}),
    # The customer says the message is not a complaint ("不是投诉，就是问问…").
    "complaint": frozenset({"no"}),
}

# Function-word lexicons every rule set carries (editable like the rules).
# "blocker" terms are matched and ignored: they stop a shorter cue from firing
# inside them ("不得不说" is not a negation, "差不多" is not "差").
# "strong_contrast" ⊂ contrast: markers after which the polarity of a mixed text
# is decided ("位置不错，但是很脏" is negative; "虽然贵，但是好吃" positive).
# "reservation" markers introduce a small complaint inside praise ("美中不足的是…").
LEXICON_NAMES = ("negation", "question", "intensifier", "contrast", "blocker", "strong_contrast", "reservation")

DEFAULT_PARAMS: dict[str, float] = {
    "negation_window": 4.0,  # max chars between the end of a negator and a cue
    "escalation_negation_window": 10.0,  # threats are often "不会因为这点事去12315"
    "question_factor": 0.35,  # weight multiplier for cues in a question clause
    "intensifier_factor": 1.6,  # "明天就去12315" is stronger than "12315"
    "intensifier_window": 6.0,
    "escalation_threshold": 0.5,
    "emotion_threshold": 0.45,
    "extreme_anger": 0.9,  # angry score from which priority becomes red
    # Polarity cues before / after a strong contrast marker are scaled by these.
    "before_contrast_factor": 0.5,
    "after_contrast_factor": 1.5,
    # Polarity cues flip only when the negator is this close ("不太好" yes,
    # "没有耳机，失望" no), and a flipped negative cue ("不贵") counts this much.
    "sentiment_negation_window": 2.0,
    "negated_negative_factor": 0.3,
    # A negated strong negative cue stays negative at this weight ("别上当").
    "negated_strong_negative_factor": 0.5,
    # Negative polarity cues this close after a reservation marker count this much.
    "reservation_window": 12.0,
    "reservation_factor": 0.4,
    # Complaint = sigmoid(rule weight · rule logit + model weight · model
    # log-odds + offset): the plain sum of the two log-odds (naive-Bayes
    # combination of two sources of evidence); checked by bench/triage_blend_fit.py.
    "complaint_rule_weight": 1.0,
    "complaint_model_weight": 1.0,
    "complaint_offset": 0.0,
    # Policy-question cues (请问, 需要什么, 政策 …) lower the complaint rule logit
    # by this much per unit of evidence. Chosen on ChnSentiCorp dev (accuracy
    # 0.8400 at 0 → 0.8433 at 1) with online_shopping unchanged; a QA pass had
    # found questions that name a demand (退货) called complaints.
    "policy_question_weight": 1.0,
    # A problem category besides the main one is listed in ``categories`` when
    # its blended share reaches this (multi-label: product and service).
    "secondary_category_share": 0.15,
    # A "not a complaint" statement lowers the final complaint log-odds by this
    # per unit of evidence, outranking the model (which weighs the word 投诉
    # heavily), but only in a message that names no problem: "不是投诉，就是
    #你们快递太慢了" is still a complaint.
    "disclaimer_weight": 5.0,
    # Blended angry score from which the emotion is "angry" whatever else wins.
    # Calibrated on 5,000 posts of the SMP2020 usual TRAIN split: the highest
    # threshold whose F2 (recall-weighted: a missed angry customer costs more
    # than a false alarm) is within 0.005 of the best; never on dev/test.
    "anger_threshold": 0.17,
}

_DATA = Path(__file__).resolve().parent / "data" / "default_rules.json"


def N_(message: str) -> str:  # noqa: N802 (the gettext convention for "mark, translate later")
    """Marks a message for translation without importing Django here; the
    Django layer translates ``RuleError.template`` (``makemessages --keyword=N_``)."""
    return message


class RuleError(ValueError):
    """A rule or rule set is malformed (message is safe to show to an admin).

    ``template`` and ``params`` let the screens show it in the user's language;
    ``str()`` gives it in English for logs and the plain-Python callers.
    """

    def __init__(self, template: str, **params: Any) -> None:
        self.template, self.params = template, params
        super().__init__(template % params if params else template)


@dataclass(frozen=True)
class Rule:
    """One cue list: any of ``terms`` (or ``pattern``) found in a text is evidence
    that ``field`` has ``value``, with ``weight``."""

    id: str
    field: str
    value: str
    terms: tuple[str, ...] = ()
    pattern: str | None = None
    weight: float = 1.0
    negatable: bool = True  # a negator just before the cue cancels (or flips) it
    question_damping: bool = True  # cues inside a question clause count less
    enabled: bool = True
    note: str = ""

    def __post_init__(self) -> None:
        if self.field not in RULE_FIELDS:
            raise RuleError(N_("rule %(rule)s: unknown field %(field)s"), rule=repr(self.id), field=repr(self.field))
        if self.value not in RULE_FIELDS[self.field]:
            raise RuleError(N_("rule %(rule)s: value %(value)s is not allowed for %(field)s"),
                            rule=repr(self.id), value=repr(self.value), field=self.field)
        if not self.terms and not self.pattern:
            raise RuleError(N_("rule %(rule)s: needs terms or a pattern"), rule=repr(self.id))
        if any(not t for t in self.terms):
            raise RuleError(N_("rule %(rule)s: empty term"), rule=repr(self.id))
        if self.pattern:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise RuleError(N_("rule %(rule)s: bad pattern: %(error)s"), rule=repr(self.id), error=exc) from exc

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Rule:
        if not isinstance(data, dict):
            raise RuleError(N_("a rule must be a JSON object"))
        try:
            rule_id = str(data["id"])
            where = {"rule": repr(rule_id)}
            terms_in = _string_list(data.get("terms", []), N_("rule %(rule)s: terms must be a list of strings"), where)
            terms = tuple(_norm_term(t) for t in terms_in)
            pattern = data.get("pattern") or None
            if pattern is not None and not isinstance(pattern, str):
                raise RuleError(N_("rule %(rule)s: pattern must be a string"), **where)
            return cls(
                id=rule_id,
                field=str(data["field"]),
                value=str(data["value"]),
                terms=terms,
                pattern=pattern,
                weight=_number(data.get("weight", 1.0), N_("rule %(rule)s: weight must be a finite number"), where,
                               low=0.0, high=100.0,
                               out_of_range=N_("rule %(rule)s: weight must be between %(low)s and %(high)s")),
                negatable=bool(data.get("negatable", True)),
                question_damping=bool(data.get("question_damping", True)),
                enabled=bool(data.get("enabled", True)),
                note=str(data.get("note", "")),
            )
        except KeyError as exc:
            raise RuleError(N_("a rule is missing %(key)s"), key=repr(exc.args[0])) from exc

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["terms"] = list(self.terms)
        return d


def _string_list(value: Any, error: str, where: dict[str, Any]) -> list[str]:
    # A bare string would otherwise be iterated character by character: "包青天"
    # would become three one-character cues that fire on almost any text.
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise RuleError(error, **where)
    return value


def _number(
    value: Any, error: str, where: dict[str, Any], *, low: float = -math.inf, high: float = math.inf,
    out_of_range: str = "",
) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise RuleError(error, **where)
    if not low <= value <= high:
        raise RuleError(out_of_range, **where, low=f"{low:g}", high=f"{high:g}")
    return float(value)


def _norm_term(term: str) -> str:
    # Same normalisation as the engine applies to texts, so a full-width "１２３１５"
    # typed by an admin still matches.
    from bihuan.triage.text import normalize

    return normalize(str(term))


@dataclass
class RuleSet:
    """Versioned rules + function-word lexicons + numeric parameters."""

    version: str
    rules: list[Rule]
    lexicons: dict[str, tuple[str, ...]] = field(default_factory=dict)
    params: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_PARAMS))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RuleSet:
        if not isinstance(data, dict):
            raise RuleError(N_("the rule set must be a JSON object"))
        rules_in, lex_in, params_in = data.get("rules", []), data.get("lexicons", {}), data.get("params", {})
        if not isinstance(rules_in, list):
            raise RuleError(N_("rules must be a list of rule objects"))
        if not isinstance(lex_in, dict) or not isinstance(params_in, dict):
            raise RuleError(N_("lexicons and params must be JSON objects"))
        rules = [Rule.from_dict(r) for r in rules_in]
        ids = [r.id for r in rules]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise RuleError(N_("duplicate rule ids: %(ids)s"), ids=", ".join(dupes))
        lexicons = {
            n: tuple(
                _norm_term(t)
                for t in _string_list(lex_in.get(n, []), N_("lexicon %(name)s must be a list of strings"), {"name": n})
            )
            for n in LEXICON_NAMES
        }
        params = dict(DEFAULT_PARAMS)
        bad_param = N_("param %(name)s must be a finite number")
        params.update({str(k): _number(v, bad_param, {"name": repr(k)}) for k, v in params_in.items()})
        return cls(version=str(data.get("version", "custom")), rules=rules, lexicons=lexicons, params=params)

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "params": dict(self.params),
            "lexicons": {k: list(v) for k, v in self.lexicons.items()},
            "rules": [r.as_dict() for r in self.rules],
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=1)

    @cached_property
    def compiled(self):  # -> CompiledRules (import cycle avoided)
        from bihuan.triage.matcher import CompiledRules

        return CompiledRules(self)


def default_ruleset() -> RuleSet:
    """The built-in rules shipped with Bihuan (bihuan/triage/data/default_rules.json)."""
    return RuleSet.from_dict(json.loads(_DATA.read_text(encoding="utf-8")))
