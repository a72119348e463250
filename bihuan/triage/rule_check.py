"""The administrator's "test this rule" box: does one rule fire on a text,
where, and is a match negated, in a question or intensified?"""

from __future__ import annotations

from typing import Any

from bihuan.triage.evidence import Evidence, collect
from bihuan.triage.rules import Rule, RuleSet, default_ruleset
from bihuan.triage.text import normalize


def test_rule(rule: Rule | dict[str, Any], text: str) -> dict[str, Any]:
    """For the admin "test this rule" box: does ``rule`` fire on ``text``, where,
    and is any match negated or in a question? Uses the default lexicons."""
    if isinstance(rule, dict):
        rule = Rule.from_dict(rule)
    base = default_ruleset()
    rs = RuleSet(version="test", rules=[rule], lexicons=base.lexicons, params=base.params)
    norm = normalize(text)
    compiled = rs.compiled
    scan = compiled.scan(norm)
    ev: Evidence = collect(compiled, scan, rs.params, len(norm) == len(text))
    matches = []
    for h in scan.hits:
        matches.append(
            {
                "cue": h.term,
                "span": [h.start, h.end],
                "negated": h.negated,
                "question": h.clause in scan.question_clauses,
                "intensified": h.intensified,
            }
        )
    weight = (
        ev.neg + ev.pos
        if rule.field == "sentiment"
        else sum(r["weight"] for r in ev.reasons if r.get("source") == "rule")
    )
    return {"fires": weight > 0, "weight": round(weight, 3), "matches": matches}


test_rule.__test__ = False  # not a pytest test despite the name
