"""Choose the optional encoder heads' settings, then (``--write``) train them.

    .venv/bin/python bench/encoder_fit.py --encoder e5 [--sample 24000] [--threads 2] [--write]

1. Embeds the heads' training sample of Bihuan's own corpus
   (``train_encoder.training_sample``: hand-written lines first, then
   generated ones). Embeddings are cached under ``var/cache/`` so a re-run
   only embeds new text (e5 embeds ~40 texts per CPU-second).
2. For each regularisation C the heads are fitted on that sample, and the
   real engine (rules + n-gram model + these heads) is run on public TRAIN
   samples only, never on dev/test splits nor waimai_10k:
   - complaint weight (how much the head's log-odds add to the complaint
     logit): mean accuracy on 1,000 ChnSentiCorp train reviews and 1,000
     online_shopping_10_cats reviews (negative ⇔ complaint);
   - anger weight: F2 of angry-vs-rest on 2,000 SMP2020 usual train posts
     (recall weighted, as for ``anger_threshold``).
3. ``--write`` fits the heads with the chosen C and weights and stores them
   in ``bihuan/triage/artifacts/encoder_<name>.{npz,json}``.

Results: bench/results/encoder_fit_<name>.json.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from triage_datasets_eval import load_chnsenticorp, load_online_shopping, load_smp  # noqa: E402

from bihuan.triage.corpus import training_corpus  # noqa: E402
from bihuan.triage.encoder import EncoderFeatures, load_sentence_encoder  # noqa: E402
from bihuan.triage.engine import TriageEngine  # noqa: E402
from bihuan.triage.model import MODEL_DIR, LinearModel  # noqa: E402
from bihuan.triage.rules import default_ruleset  # noqa: E402
from bihuan.triage.train_encoder import embed, fit_heads, train_encoder_heads, training_sample  # noqa: E402

C_GRID = (0.3, 1.0, 3.0, 10.0)
COMPLAINT_GRID = (0.5, 1.0, 2.0, 3.0, 4.0, 6.0)
ANGER_GRID = (0.0, 0.1, 0.2, 0.3, 0.5)


class CachedEncoder:
    """The real encoder behind a text -> embedding cache kept on disk."""

    def __init__(self, inner, path: Path) -> None:
        self.name, self._inner, self._path = inner.name, inner, path
        self._cache: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path) as z:
                self._cache = dict(zip(z["texts"].tolist(), z["emb"], strict=True))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            self._cache.update(zip(missing, embed(self._inner, missing), strict=True))
            self._path.parent.mkdir(parents=True, exist_ok=True)
            keys = list(self._cache)
            np.savez(self._path, texts=np.array(keys), emb=np.vstack([self._cache[k] for k in keys]))
        return np.vstack([self._cache[t] for t in texts]) if texts else np.zeros((0, 1), np.float32)


def public_train_samples() -> dict[str, list[tuple[str, bool]]]:
    """Gold: negative review (complaint) or angry post; TRAIN splits only."""
    shop = load_online_shopping()
    return {
        "chnsenticorp_train": [(t, lab == 0) for t, lab in random.Random(0).sample(load_chnsenticorp("train"), 1000)],
        "online_shopping": [(t, lab == 0) for t, lab in random.Random(1).sample(shop, 1000)],
        "smp2020_train": [(t, lab == 1) for t, lab in random.Random(2).sample(load_smp("train"), 2000)],
    }


def score(engine: TriageEngine, rows: list[tuple[str, bool]], field: str) -> float:
    texts, gold = [t for t, _ in rows], np.array([g for _, g in rows])
    res = [r for i in range(0, len(texts), 256) for r in engine.triage_many(texts[i : i + 256])]
    pred = np.array([r.is_complaint if field == "complaint" else r.emotion == "angry" for r in res])
    if field == "complaint":
        return float((pred == gold).mean())
    tp, fp, fn = (pred & gold).sum(), (pred & ~gold).sum(), (~pred & gold).sum()
    return float(5 * tp / (5 * tp + 4 * fn + fp)) if tp else 0.0


def grid(name: str, encoder: CachedEncoder, emb: np.ndarray, examples: list[dict]) -> dict:
    samples = public_train_samples()
    rules, model = default_ruleset(), LinearModel.load()
    table: dict[str, dict] = {}
    for c in C_GRID:
        heads = fit_heads(name, emb, examples, c=c)
        row: dict[str, dict] = {"complaint": {}, "angry": {}}
        for w in COMPLAINT_GRID:
            heads.meta["blend"] = {"complaint": w, "angry": 0.0}
            eng = TriageEngine(rules, model, encoder=EncoderFeatures(encoder, heads))
            accs = [score(eng, samples[s], "complaint") for s in ("chnsenticorp_train", "online_shopping")]
            row["complaint"][w] = round(float(np.mean(accs)), 4)
        for w in ANGER_GRID:
            heads.meta["blend"] = {"complaint": 0.0, "angry": w}
            eng = TriageEngine(rules, model, encoder=EncoderFeatures(encoder, heads))
            row["angry"][w] = round(score(eng, samples["smp2020_train"], "angry"), 4)
        table[str(c)] = row
        print(f"C={c}: complaint {row['complaint']}  anger F2 {row['angry']}", flush=True)
    base = TriageEngine(rules, model)
    baseline = {
        "complaint": round(
            float(np.mean([score(base, samples[s], "complaint") for s in ("chnsenticorp_train", "online_shopping")])),
            4,
        ),
        "angry": round(score(base, samples["smp2020_train"], "angry"), 4),
    }
    best_c, best_w = max(
        ((c, w) for c in table for w in table[c]["complaint"]), key=lambda k: table[k[0]]["complaint"][k[1]]
    )
    best_a = max(table[best_c]["angry"], key=table[best_c]["angry"].get)
    return {
        "table": table,
        "without_encoder": baseline,
        "chosen": {"c": float(best_c), "blend": {"complaint": best_w, "angry": best_a}},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--encoder", choices=("use", "e5"), default="e5")
    ap.add_argument("--n", type=int, default=20000, help="corpus size, as in bihuan.triage.train")
    ap.add_argument("--sample", type=int, default=24000, help="examples the heads are trained on")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--write", action="store_true", help="train and store the heads with the chosen settings")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    inner = load_sentence_encoder(args.encoder, args.threads)
    if inner is None:
        raise SystemExit(f"encoder {args.encoder!r} is not installed (docs/triage.md)")
    encoder = CachedEncoder(inner, ROOT / "var" / "cache" / f"encoder_{args.encoder}.npz")
    examples = training_sample(training_corpus(args.n, 0), args.sample, 0)
    emb = encoder.encode([e["text"] for e in examples])
    print(f"embedded {len(examples)} examples in {time.perf_counter() - started:.0f}s", flush=True)
    report = grid(args.encoder, encoder, emb, examples)
    report.update(encoder=args.encoder, sample=len(examples), seconds=round(time.perf_counter() - started, 1))
    if args.write:
        chosen = report["chosen"]
        report["written"] = train_encoder_heads(
            args.encoder,
            examples,
            MODEL_DIR,
            encoder=encoder,
            c=chosen["c"],
            blend=chosen["blend"],
            source=f"bihuan-corpus n={args.n} seed=0 sample={args.sample}",
        )
    print(json.dumps({k: v for k, v in report.items() if k != "table"}, ensure_ascii=False, indent=1))
    out = ROOT / "bench" / "results" / f"encoder_fit_{args.encoder}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
