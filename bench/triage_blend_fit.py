"""Fit how the engine stacks rule cues and the model's complaint head.

    .venv/bin/python bench/triage_blend_fit.py [--write]

The complaint decision is ``sigmoid(a·rule_logit + b·model_log_odds + c)``.
a, b and c are fitted by logistic regression on Bihuan's OWN held-out text,
never on public data: the hand-written hold-out (one line in seven of
corpus/written, never trained on) plus a fresh sample of the generated corpus
(another seed than the model's). Prints accuracy per source before and after;
``--write`` stores the fitted weights as params of the built-in rule set
(bihuan/triage/data/default_rules.json). Results: bench/results/triage_blend_fit.json.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bihuan.triage.corpus import generate_corpus  # noqa: E402
from bihuan.triage.corpus.written import written_holdout  # noqa: E402
from bihuan.triage.engine import TriageEngine  # noqa: E402
from bihuan.triage.model import LinearModel  # noqa: E402
from bihuan.triage.rules import _DATA, default_ruleset  # noqa: E402

KEYS = ("complaint_rule_weight", "complaint_model_weight", "complaint_offset")


def holdout_examples() -> list[tuple[str, bool, str]]:
    rows = [(e["text"], bool(e["is_complaint"]), e["domain"]) for e in written_holdout() if "is_complaint" in e]
    rows = list({r[0]: r for r in rows}.values())  # a car line appears once per code
    rows += [(e["text"], bool(e["is_complaint"]), "generated") for e in generate_corpus(3000, seed=99)]
    return rows


def parts(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Rule logit and model log-odds of each text."""
    rules = default_ruleset()
    rules.params.update(complaint_rule_weight=1.0, complaint_model_weight=0.0, complaint_offset=0.0)
    model = LinearModel.load()
    engine = TriageEngine(rules, model)
    scores = [r.complaint_score for i in range(0, len(texts), 512) for r in engine.triage_many(texts[i : i + 512])]
    rule = np.array([math.log(max(s, 1e-9) / max(1 - s, 1e-9)) for s in scores])
    pc = model.predict_proba(texts)["complaint"][:, model.heads["complaint"].index("yes")]
    pc = np.clip(pc, 1e-4, 1 - 1e-4)
    return rule, np.log(pc / (1 - pc))


def accuracy_by_source(rows, pred) -> dict[str, float]:
    hit, n = defaultdict(int), defaultdict(int)
    for (_, gold, src), p in zip(rows, pred, strict=True):
        for key in (src, "all"):
            n[key] += 1
            hit[key] += int(gold == p)
    return {k: round(hit[k] / n[k], 4) for k in sorted(n)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--write", action="store_true", help="store the fitted weights in default_rules.json")
    args = ap.parse_args(argv)
    rows = holdout_examples()
    rule, model = parts([t for t, _, _ in rows])
    gold = np.array([g for _, g, _ in rows])
    p = default_ruleset().params
    before = p.get(KEYS[0], 1.0) * rule + p.get(KEYS[1], 0.15) * model + p.get(KEYS[2], 0.0) >= 0
    # Each source weighs the same, so the 3,000 generated texts do not drown the reviews.
    counts = defaultdict(int)
    for _, _, src in rows:
        counts[src] += 1
    w = np.array([len(rows) / (len(counts) * counts[src]) for _, _, src in rows])
    clf = LogisticRegression(C=1.0).fit(np.c_[rule, model], gold, sample_weight=w)
    fitted = dict(zip(KEYS, [round(float(clf.coef_[0][0]), 3), round(float(clf.coef_[0][1]), 3),
                             round(float(clf.intercept_[0]), 3)], strict=True))
    after = clf.predict(np.c_[rule, model])
    report = {
        "n": len(rows),
        "sources": dict(counts),
        "before": {"params": {k: p.get(k) for k in KEYS}, "accuracy": accuracy_by_source(rows, before)},
        "fitted": {"params": fitted, "accuracy": accuracy_by_source(rows, after)},
    }
    print(json.dumps(report, ensure_ascii=False, indent=1))
    (ROOT / "bench" / "results" / "triage_blend_fit.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    if args.write:
        data = json.loads(_DATA.read_text(encoding="utf-8"))
        data["params"].update(fitted)
        _DATA.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {fitted} to {_DATA.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
