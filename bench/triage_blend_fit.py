"""Check how the engine stacks rule cues and the model; fit its anger threshold.

    .venv/bin/python bench/triage_blend_fit.py [--write] [--n 20000]

1. Complaint: the decision is ``sigmoid(a·rule_logit + b·model_log_odds + c)``
   (the report also gives the shipped engine's accuracy on the hand-written
   hold-out, one line in seven that no shipped model was trained on).
   The shipped values are a = b = 1, c = 0: both parts are log-odds, and adding
   them is the naive-Bayes way of combining two sources of evidence. This
   script checks that choice against a fit on Bihuan's OWN text with
   out-of-topic predictions: the hand-written files of each topic (hotel,
   books, devices, food, shopping, cars) are scored by a complaint head
   trained on everything except that topic, and a fresh sample of the
   generated corpus (another seed) by a head trained on the whole corpus;
   each source weighs the same. The own-text fit trusts the model about four
   times more than the rules, because every hand-written file comes from the
   same kind of writer, which suits the model more than real customers'
   wording does; on samples of public TRAIN splits (ChnSentiCorp train,
   online_shopping_10_cats), never dev/test, that fit was less accurate than the
   plain sum, so the sum stays. Both are printed.
2. Anger: ``anger_threshold`` is the highest threshold whose F2 (recall
   weighted: a missed angry customer costs more than a false alarm) is within
   0.005 of the best on 5,000 posts of the SMP2020 usual TRAIN split; never on
   dev/test. ``--write`` stores it in the built-in rule set
   (bihuan/triage/data/default_rules.json); run it after
   ``python -m bihuan.triage.train``.

Results: bench/results/triage_blend_fit.json.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from triage_datasets_eval import load_chnsenticorp, load_online_shopping, load_smp  # noqa: E402  (bench/ on sys.path)

from bihuan.triage.corpus import generate_corpus, training_corpus  # noqa: E402
from bihuan.triage.corpus.written import written_examples, written_holdout  # noqa: E402
from bihuan.triage.engine import TriageEngine  # noqa: E402
from bihuan.triage.model import LinearModel  # noqa: E402
from bihuan.triage.rules import _DATA, default_ruleset  # noqa: E402
from bihuan.triage.train import train_models  # noqa: E402

KEYS = ("complaint_rule_weight", "complaint_model_weight", "complaint_offset")


def _log_odds(model: LinearModel, texts: list[str]) -> np.ndarray:
    pc = model.predict_proba(texts)["complaint"][:, model.heads["complaint"].index("yes")]
    pc = np.clip(pc, 1e-4, 1 - 1e-4)
    return np.log(pc / (1 - pc))


def _complaint_head(examples: list[dict], tmp: Path) -> LinearModel:
    train_models(examples, tmp, heads=("complaint",), holdout=0.0)
    model = LinearModel.load(tmp)
    assert model is not None
    return model


def topic_of(domain: str) -> str:
    """A file's topic: "hotel3" and "hotel_long" are both hotel."""
    return domain.split("_")[0].rstrip("0123456789")


def cross_writer_rows(n: int, seed: int) -> list[tuple[str, bool, str, float]]:
    """(text, is_complaint, source, model log-odds from a head that never saw the source)."""
    corpus = training_corpus(n, seed)
    written: dict[str, tuple[bool, str]] = {}
    for e in written_examples():
        if "is_complaint" in e:
            written.setdefault(e["text"], (bool(e["is_complaint"]), e["domain"]))
    rows: list[tuple[str, bool, str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for topic in sorted({topic_of(d) for _, d in written.values()}):
            texts = [t for t, (_, d) in written.items() if topic_of(d) == topic]
            model = _complaint_head([e for e in corpus if topic_of(e.get("domain", "")) != topic], Path(tmp))
            lo = _log_odds(model, texts)
            rows += [(t, written[t][0], written[t][1], float(v)) for t, v in zip(texts, lo, strict=True)]
            print(f"  {topic}: {len(texts)} lines scored by a head trained without the topic", file=sys.stderr)
        fresh = generate_corpus(3000, seed=99)
        lo = _log_odds(_complaint_head(corpus, Path(tmp)), [e["text"] for e in fresh])
        rows += [(e["text"], bool(e["is_complaint"]), "generated", float(v)) for e, v in zip(fresh, lo, strict=True)]
    return rows


def rule_logits(texts: list[str]) -> np.ndarray:
    engine = TriageEngine(default_ruleset(), None)  # without a model the rules decide alone
    scores = [r.complaint_score for i in range(0, len(texts), 512) for r in engine.triage_many(texts[i : i + 512])]
    return np.array([math.log(max(s, 1e-9) / max(1 - s, 1e-9)) for s in scores])


def accuracy_by_source(rows, pred) -> dict[str, float]:
    hit, n = defaultdict(int), defaultdict(int)
    for (_, gold, src, _), p in zip(rows, pred, strict=True):
        for key in (src, "all"):
            n[key] += 1
            hit[key] += int(gold == p)
    return {k: round(hit[k] / n[k], 4) for k in sorted(n)}


def fit_complaint(n: int, seed: int) -> dict:
    rows = cross_writer_rows(n, seed)
    rule = rule_logits([t for t, _, _, _ in rows])
    model = np.array([m for _, _, _, m in rows])
    gold = np.array([g for _, g, _, _ in rows])
    p = default_ruleset().params
    before = p.get(KEYS[0], 1.0) * rule + p.get(KEYS[1], 1.0) * model + p.get(KEYS[2], 0.0) >= 0
    counts: dict[str, int] = defaultdict(int)
    for _, _, src, _ in rows:
        counts[src] += 1
    w = np.array([len(rows) / (len(counts) * counts[src]) for _, _, src, _ in rows])
    clf = LogisticRegression(C=1.0).fit(np.c_[rule, model], gold, sample_weight=w)
    coef = [float(clf.coef_[0][0]), float(clf.coef_[0][1]), float(clf.intercept_[0])]
    fitted = {k: round(v, 3) for k, v in zip(KEYS, coef, strict=True)}
    return {
        "n": len(rows),
        "sources": dict(counts),
        "shipped": {"params": {k: p.get(k) for k in KEYS}, "accuracy": accuracy_by_source(rows, before)},
        "own_text_fit": {"params": fitted, "accuracy": accuracy_by_source(rows, clf.predict(np.c_[rule, model]))},
    }


def public_train_check(candidates: dict[str, dict]) -> dict[str, dict[str, float]]:
    """Accuracy of each set of stacking weights on samples of public TRAIN splits."""
    shop = load_online_shopping()
    samples = {
        "chnsenticorp_train": random.Random(0).sample(load_chnsenticorp("train"), 3000),
        "online_shopping_10_cats": random.Random(1).sample(shop, min(3000, len(shop))),
    }
    model = LinearModel.load()
    out: dict[str, dict[str, float]] = {}
    for name, rows in samples.items():
        texts, gold = [t for t, _ in rows], np.array([lab == 0 for _, lab in rows])
        rule, lo = rule_logits(texts), _log_odds(model, texts)
        out[name] = {
            cand: round(float(((w[KEYS[0]] * rule + w[KEYS[1]] * lo + w[KEYS[2]] >= 0) == gold).mean()), 4)
            for cand, w in candidates.items()
        }
    return out


def own_holdout_accuracy() -> dict[str, float]:
    """The shipped engine on the hand-written hold-out (lines no shipped model saw)."""
    rows = {e["text"]: e for e in written_holdout() if "is_complaint" in e}  # a car line once per code
    texts = list(rows)
    engine = TriageEngine(default_ruleset(), LinearModel.load())
    pred = [r.is_complaint for i in range(0, len(texts), 512) for r in engine.triage_many(texts[i : i + 512])]
    rows4 = [(t, bool(rows[t]["is_complaint"]), rows[t]["domain"], 0.0) for t in texts]
    return accuracy_by_source(rows4, pred)


def fit_anger() -> dict:
    posts = load_smp("train")
    posts = random.Random(0).sample(posts, min(5000, len(posts)))
    texts, gold = [t for t, _ in posts], np.array([lab == 1 for _, lab in posts])
    model = LinearModel.load()
    grid = [round(0.01 * i, 2) for i in range(1, 41)]
    f2 = {}
    for cut in grid:
        rules = default_ruleset()
        rules.params.update(anger_threshold=cut)
        pred = np.array([r.emotion == "angry" for r in TriageEngine(rules, model).triage_many(texts)])
        tp, fp, fn = (pred & gold).sum(), (pred & ~gold).sum(), (~pred & gold).sum()
        f2[cut] = float(5 * tp / (5 * tp + 4 * fn + fp)) if tp else 0.0
    best = max(f2.values())
    cut = max(c for c, v in f2.items() if v >= best - 0.005)
    return {"anger_threshold": cut, "f2": round(f2[cut], 4), "best_f2": round(best, 4), "n": len(posts)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--write", action="store_true", help="store the anger threshold in default_rules.json")
    ap.add_argument("--n", type=int, default=20000, help="generated corpus size, as in bihuan.triage.train")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    complaint = fit_complaint(args.n, 0)
    complaint["public_train_check"] = public_train_check(
        {name: complaint[name]["params"] for name in ("shipped", "own_text_fit")}
    )
    complaint["shipped_on_own_holdout"] = own_holdout_accuracy()
    anger = fit_anger()
    report = {"complaint": complaint, "anger": anger, "seconds": round(time.perf_counter() - started, 1)}
    print(json.dumps(report, ensure_ascii=False, indent=1))
    (ROOT / "bench" / "results" / "triage_blend_fit.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    if args.write:
        data = json.loads(_DATA.read_text(encoding="utf-8"))
        data["params"].update(anger_threshold=anger["anger_threshold"])
        _DATA.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote the anger threshold to {_DATA.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
