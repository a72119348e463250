"""Linear text models: character n-gram features + one softmax head per field.

Why our own tiny format rather than pickled sklearn objects: the artefact is a
vocabulary (JSON) and a weight matrix (npz), loads in tens of milliseconds,
survives scikit-learn upgrades, and lets us batch every head with a single
sparse matrix product (one featurisation per text for all fields), which is what
makes ≥ 5,000 texts/s possible. scikit-learn is used only to fit the weights
(bihuan/triage/train.py).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse

from bihuan.triage.text import normalize

# Not "models/": that name belongs to the Django app's models module.
MODEL_DIR = Path(__file__).resolve().parent / "artifacts"
META_FILE = "triage_model.json"
WEIGHTS_FILE = "triage_model.npz"

# Characters that carry no signal as unigrams but do inside bigrams.
_SKIP_UNI = frozenset(" \t\n,，。.、")


def ngrams(text: str, nmax: int = 3) -> set[str]:
    """Character 1..nmax-grams of an already normalised text (set: binary features).

    Chinese has no spaces, so character n-grams capture words and short phrases
    without a segmenter, and they degrade gracefully on unseen words.
    """
    feats = {c for c in text if c not in _SKIP_UNI}
    n = len(text)
    for k in range(2, nmax + 1):
        feats.update(text[i : i + k] for i in range(n - k + 1))
    return feats


@dataclass
class LinearModel:
    """Vocabulary + stacked weight matrix for several softmax heads."""

    vocab: dict[str, int]
    weights: np.ndarray  # float32 [V, sum(classes per head)]
    bias: np.ndarray  # float32 [sum(classes per head)]
    heads: dict[str, list[str]]  # head name -> class labels, in column order
    meta: dict = field(default_factory=dict)  # version, trained_at, metrics, ngram

    def __post_init__(self) -> None:
        self.nmax = int(self.meta.get("ngram_max", 3))
        self._slices: dict[str, slice] = {}
        col = 0
        for name, classes in self.heads.items():
            self._slices[name] = slice(col, col + len(classes))
            col += len(classes)

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "unknown"))

    def featurize(self, texts: Sequence[str], normalized: bool = False) -> sparse.csr_matrix:
        get = self.vocab.get
        nmax = self.nmax
        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        for t in texts:
            if not normalized:
                t = normalize(t)
            # Same features as ngrams(), looked up straight into a set of column
            # ids (no intermediate set of strings). Unigrams that ngrams() skips
            # are never in the vocabulary, so they fall out as None.
            ids = set(map(get, t))
            n = len(t)
            for k in range(2, nmax + 1):
                ids.update(map(get, [t[i : i + k] for i in range(n - k + 1)]))
            ids.discard(None)
            idx = sorted(ids)  # sorted: reproducible float sums whatever the hash seed
            indices.extend(idx)
            # Binary features, L2-normalised so long and short texts compare.
            v = 1.0 / math.sqrt(len(idx)) if idx else 0.0
            data.extend([v] * len(idx))
            indptr.append(len(indices))
        return sparse.csr_matrix(
            (
                np.asarray(data, dtype=np.float32),
                np.asarray(indices, dtype=np.int32),
                np.asarray(indptr, dtype=np.int64),
            ),
            shape=(len(texts), len(self.vocab)),
        )

    def predict_proba(self, texts: Sequence[str], normalized: bool = False) -> dict[str, np.ndarray]:
        x = self.featurize(texts, normalized)
        scores = np.asarray(x @ self.weights) + self.bias
        out = {}
        for name, sl in self._slices.items():
            z = scores[:, sl]
            z = np.exp(z - z.max(axis=1, keepdims=True))
            out[name] = z / z.sum(axis=1, keepdims=True)
        return out

    def top_features(self, text_norm: str, head: str, label: str, k: int = 3) -> list[tuple[str, float]]:
        """The n-grams pushing ``head`` towards ``label`` most (for reasons)."""
        col = self._slices[head].start + self.heads[head].index(label)
        feats = [
            (f, float(self.weights[j, col]))
            for f in ngrams(text_norm, self.nmax)
            if (j := self.vocab.get(f)) is not None
        ]
        feats = [f for f in feats if f[1] > 0 and len(f[0]) > 1]
        feats.sort(key=lambda f: -f[1])
        # Drop n-grams contained in a better one already chosen ("退款" vs "退").
        chosen: list[tuple[str, float]] = []
        for f in feats:
            if not any(f[0] in c[0] for c in chosen):
                chosen.append(f)
            if len(chosen) == k:
                break
        return chosen

    # -- persistence --------------------------------------------------------
    def save(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        terms = sorted(self.vocab, key=self.vocab.__getitem__)
        meta = dict(self.meta, heads=self.heads, vocab=terms)
        (out_dir / META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        # float16 halves the artefact; the precision loss is far below model noise.
        np.savez_compressed(
            out_dir / WEIGHTS_FILE, weights=self.weights.astype(np.float16), bias=self.bias.astype(np.float32)
        )

    @classmethod
    def load(cls, model_dir: Path = MODEL_DIR) -> LinearModel | None:
        """The saved model, or None when absent (the engine then runs on rules)."""
        meta_path, w_path = model_dir / META_FILE, model_dir / WEIGHTS_FILE
        if not (meta_path.exists() and w_path.exists()):
            return None
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        terms = meta.pop("vocab")
        heads = meta.pop("heads")
        with np.load(w_path) as z:
            weights = z["weights"].astype(np.float32)
            bias = z["bias"].astype(np.float32)
        return cls({t: i for i, t in enumerate(terms)}, weights, bias, heads, meta)
