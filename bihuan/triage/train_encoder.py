"""Train the optional encoder heads: ``python -m bihuan.triage.train_encoder --encoder use``.

Embeds Bihuan's own corpus (the same ``training_corpus`` as the default
model, never the public data sets) with the named sentence encoder and fits
one logistic head per decision (complaint yes/no, angry yes/no), saved as
``artifacts/encoder_<name>.{npz,json}``. Needs the encoder package installed
(see docs/triage.md).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from bihuan.triage.corpus import training_corpus
from bihuan.triage.encoder import HEADS, EncoderHeads, SentenceEncoder, heads_path, load_sentence_encoder
from bihuan.triage.model import MODEL_DIR

# Per encoder: the heads' regularisation C and how much each head moves the
# engine (stored in the artefact, read by EncoderFeatures.blend). Chosen on
# public TRAIN samples only (1,000 ChnSentiCorp train reviews for C and the
# complaint weight, 2,000 SMP2020 usual train posts for the anger weight, by
# F2 as for anger_threshold); never on a dev/test split.
SETTINGS: dict[str, dict[str, Any]] = {
    "use": {"c": 1.0, "blend": {"complaint": 0.5, "angry": 0.1}},
    "e5": {"c": 1.0, "blend": {"complaint": 4.0, "angry": 0.3}},
}
DEFAULT_C = 1.0


def head_labels(example: dict[str, Any]) -> dict[str, str]:
    """The encoder-head labels an example carries (corrections may carry few)."""
    out = {}
    if example.get("is_complaint") is not None:
        out["complaint"] = "yes" if example["is_complaint"] in (True, "true", "1", 1) else "no"
    if example.get("emotion"):
        out["angry"] = "yes" if example["emotion"] == "angry" else "no"
    return out


def embed(encoder: SentenceEncoder, texts: Sequence[str], batch: int = 256) -> np.ndarray:
    parts = [encoder.encode(texts[i : i + batch]) for i in range(0, len(texts), batch)]
    return np.vstack(parts) if parts else np.zeros((0, 1), np.float32)


def fit_heads(
    name: str,
    emb: np.ndarray,
    examples: Sequence[dict[str, Any]],
    *,
    c: float = DEFAULT_C,
    source: str = "corpus",
    blend: dict[str, float] | None = None,
) -> EncoderHeads:
    labels = [head_labels(e) for e in examples]
    weights, bias, classes = {}, {}, {}
    for head in HEADS:
        idx = [i for i, lab in enumerate(labels) if head in lab]
        y = np.array([labels[i][head] for i in idx])
        if len(set(y)) < 2:
            continue
        # Balanced: the corpus's class mix is not a real stream's.
        clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
        clf.fit(emb[idx], y)
        cls = [str(k) for k in clf.classes_]
        coef, inter = clf.coef_, clf.intercept_
        if len(cls) == 2:  # sklearn keeps one row for binary: make it a 2-way softmax
            coef = np.vstack([-coef[0] / 2, coef[0] / 2])
            inter = np.array([-inter[0] / 2, inter[0] / 2])
        weights[head], bias[head], classes[head] = coef.T.astype(np.float32), inter.astype(np.float32), cls
    digest = hashlib.sha1(b"".join(w.tobytes() for w in weights.values())).hexdigest()[:8]
    now = datetime.now(UTC)
    meta = {
        "version": f"enc-{name}-{now:%Y%m%d}-{digest}",
        "trained_at": now.isoformat(timespec="seconds"),
        "source": source,
        "n_examples": len(examples),
        "c": c,
        "blend": dict(blend or SETTINGS.get(name, {}).get("blend", {})),
    }
    return EncoderHeads(name, weights, bias, classes, meta)


def train_encoder_heads(
    name: str,
    examples: Sequence[dict[str, Any]],
    out_dir: Path = MODEL_DIR,
    *,
    encoder: SentenceEncoder | None = None,
    c: float | None = None,
    source: str = "corpus",
) -> dict[str, Any]:
    encoder = encoder or load_sentence_encoder(name)
    if encoder is None:
        raise SystemExit(f"encoder {name!r} is not installed (see docs/triage.md)")
    started = time.perf_counter()
    emb = embed(encoder, [e["text"] for e in examples])
    c = c if c is not None else SETTINGS.get(name, {}).get("c", DEFAULT_C)
    heads = fit_heads(name, emb, examples, c=c, source=source)
    heads.meta["train_seconds"] = round(time.perf_counter() - started, 1)
    out_dir.mkdir(parents=True, exist_ok=True)
    heads.save(heads_path(name, out_dir))
    return heads.meta


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--encoder", choices=("use", "e5"), default="use")
    ap.add_argument("--n", type=int, default=20000, help="corpus size (as for bihuan.triage.train)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--sample", type=int, default=0, help="embed only this many examples of the corpus (e5 embeds ~30 texts/s)"
    )
    ap.add_argument("--c", type=float, default=None, help="regularisation (default: SETTINGS for the encoder)")
    ap.add_argument("--threads", type=int, default=None, help="encoder threads (default: every core)")
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    args = ap.parse_args(argv)
    examples = training_corpus(args.n, args.seed)
    source = f"bihuan-corpus n={args.n} seed={args.seed}"
    if 0 < args.sample < len(examples):
        keep = sorted(random.Random(args.seed).sample(range(len(examples)), args.sample))
        examples = [examples[i] for i in keep]
        source += f" sample={args.sample}"
    encoder = load_sentence_encoder(args.encoder, args.threads)
    meta = train_encoder_heads(args.encoder, examples, args.out, encoder=encoder, c=args.c, source=source)
    json.dump(meta, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
