"""Train the triage models: ``python -m bihuan.triage.train [--n N] [--out DIR]``.

The default model is trained only on Bihuan's own synthetic corpus
(bihuan/triage/corpus); the Django ``triage_train`` command calls
``train_models`` with the corpus plus agents' corrections.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from bihuan.triage.corpus import training_corpus
from bihuan.triage.model import MODEL_DIR, LinearModel, ngrams
from bihuan.triage.text import normalize

HEADS = ("complaint", "subcategory", "emotion", "demand")
DEFAULT_CORPUS_SIZE = 20000


def head_label(example: dict[str, Any], head: str) -> str | None:
    """The label of ``head`` in an example, or None when the example lacks it
    (agents' corrections often fix one field only)."""
    if head == "complaint":
        v = example.get("is_complaint")
        return None if v is None else ("yes" if v in (True, "true", "1", 1) else "no")
    if head == "subcategory":
        cat, sub = example.get("category"), example.get("subcategory")
        if not sub:
            return None
        return sub if "." in sub else (f"{cat}.{sub}" if cat else None)
    v = example.get(head)
    return str(v) if v else None


def build_vocab(feature_sets: Sequence[set[str]], min_df: int, max_features: int) -> dict[str, int]:
    df: Counter[str] = Counter()
    for fs in feature_sets:
        df.update(fs)
    kept = [f for f, c in df.most_common(max_features) if c >= min_df]
    return {f: i for i, f in enumerate(sorted(kept))}


def nb_scale(x: sparse.csr_matrix, positive: np.ndarray, weights: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """|log-count ratio| of each feature between the two classes (Wang & Manning 2012)."""
    present = (x > 0).astype(np.float64)
    p = alpha + np.asarray(present[positive].T @ weights[positive]).ravel()
    q = alpha + np.asarray(present[~positive].T @ weights[~positive]).ravel()
    return np.abs(np.log((p / p.sum()) / (q / q.sum())))


def train_models(
    examples: Sequence[dict[str, Any]],
    out_dir: Path | str = MODEL_DIR,
    *,
    ngram_max: int = 3,
    min_df: int = 2,
    max_features: int = 60000,
    c: float = 4.0,
    holdout: float = 0.1,
    seed: int = 0,
    source: str = "corpus",
    heads: Sequence[str] = HEADS,
) -> dict[str, Any]:
    """Fit one logistic-regression head per field and save the model to ``out_dir``.

    Returns the model metadata (version, trained_at, sizes, hold-out accuracy).
    """
    started = time.perf_counter()
    texts = [normalize(e["text"]) for e in examples]
    feats = [ngrams(t, ngram_max) for t in texts]
    vocab = build_vocab(feats, min_df, max_features)
    meta_stub = {"ngram_max": ngram_max}
    stub = LinearModel(vocab, np.zeros((len(vocab), 0), np.float32), np.zeros(0, np.float32), {}, meta_stub)
    x_all = stub.featurize(texts, normalized=True)
    rng = np.random.default_rng(seed)
    is_test = rng.random(len(texts)) < holdout
    # An example may carry a "weight" (hand-written lines count more than generated ones).
    weights = np.array([float(e.get("weight", 1.0)) for e in examples])
    head_classes: dict[str, list[str]] = {}
    weight_blocks, bias_blocks = [], []
    metrics: dict[str, Any] = {}
    for head in heads:
        labels = [head_label(e, head) for e in examples]
        idx = np.array([i for i, lab in enumerate(labels) if lab is not None])
        if len(idx) == 0 or len({labels[i] for i in idx}) < 2:
            continue
        y = np.array([labels[i] for i in idx])
        w = weights[idx]
        train = ~is_test[idx]
        # Balanced weights: the corpus is mostly complaints, real streams are not
        # (e.g. review sites), and a skewed prior would leak into every text.
        clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced" if head == "complaint" else None)
        x = x_all[idx]
        # The binary complaint head is an NB-LR ("NBSVM"): each feature is scaled
        # by its naive-Bayes log-count ratio, which generalises better to unseen
        # review wording. The scale is folded into the weights below, so
        # prediction stays one matrix product.
        scale = nb_scale(x, y == "yes", w) if head == "complaint" else None
        if scale is not None:
            x = x @ sparse.diags(scale)
        if train.sum() and len(set(y[train])) >= 2 and (~train).sum():
            clf.fit(x[train], y[train], sample_weight=w[train])
            metrics[head] = {
                "holdout_accuracy": round(float((clf.predict(x[~train]) == y[~train]).mean()), 4),
                "holdout_n": int((~train).sum()),
            }
        clf.fit(x, y, sample_weight=w)  # final model on everything
        classes = [str(k) for k in clf.classes_]
        coef, intercept = clf.coef_, clf.intercept_
        if scale is not None:
            coef = coef * scale
        if len(classes) == 2:  # sklearn stores one row for binary; make it a 2-way softmax
            coef = np.vstack([-coef[0] / 2, coef[0] / 2])
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
        head_classes[head] = classes
        weight_blocks.append(coef.T.astype(np.float32))
        bias_blocks.append(intercept.astype(np.float32))
    # The version names vocabulary and weights: the same corpus with another
    # weighting is another model and must not carry the same name.
    weights_all, bias_all = np.hstack(weight_blocks), np.concatenate(bias_blocks)
    hasher = hashlib.sha1("\n".join(sorted(vocab)).encode())
    hasher.update(weights_all.tobytes())
    hasher.update(bias_all.tobytes())
    digest = hasher.hexdigest()[:8]
    now = datetime.now(UTC)
    meta = {
        "version": f"lr-{now:%Y%m%d}-{digest}",
        "trained_at": now.isoformat(timespec="seconds"),
        "source": source,
        "n_examples": len(examples),
        "n_features": len(vocab),
        "ngram_max": ngram_max,
        "metrics": metrics,
        "train_seconds": round(time.perf_counter() - started, 1),
    }
    model = LinearModel(vocab, weights_all, bias_all, head_classes, meta)
    model.save(Path(out_dir))
    return meta


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=DEFAULT_CORPUS_SIZE, help="corpus size")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    args = ap.parse_args(argv)
    meta = train_models(
        training_corpus(args.n, args.seed),
        args.out,
        seed=args.seed,
        source=f"bihuan-corpus n={args.n} seed={args.seed}",
    )
    json.dump(meta, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
