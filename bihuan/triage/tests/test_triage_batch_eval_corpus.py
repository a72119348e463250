"""Streaming JSONL, evaluation metrics, corpus generator, model round trip."""

from __future__ import annotations

import io
import json

from bihuan.triage.batch import triage_jsonl
from bihuan.triage.corpus import generate_corpus
from bihuan.triage.engine import TriageEngine
from bihuan.triage.evaluation import evaluate, field_metrics, format_report
from bihuan.triage.labels import EMOTIONS, PRIORITIES, SUBCATEGORIES, TRIAGE_DEMANDS
from bihuan.triage.model import LinearModel
from bihuan.triage.rules import default_ruleset
from bihuan.triage.train import train_models


def test_triage_jsonl_keeps_ids_order_and_reports_bad_lines():
    lines = [
        json.dumps({"id": 1, "text": "东西坏了要退款"}, ensure_ascii=False),
        "not json",
        "",
        json.dumps({"id": "b", "text": "请问怎么开发票", "customer": {"member_level": 5}}, ensure_ascii=False),
        json.dumps({"id": 3}),
        json.dumps([1, 2]),
    ]
    out = io.StringIO()
    counts = triage_jsonl(io.StringIO("\n".join(lines)), out, TriageEngine(default_ruleset(), None), chunk=2)
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert counts == {"lines": 5, "ok": 2, "errors": 3}
    assert [r.get("id") for r in rows] == [1, None, "b", 3, None]
    assert rows[0]["demand"] == "refund" and rows[2]["high_value_customer"] is True
    assert "error" in rows[1] and "error" in rows[3]


def test_field_metrics_known_values():
    m = field_metrics(["a", "a", "b", "b"], ["a", "b", "b", "b"])
    assert m["accuracy"] == 0.75
    assert m["per_class"]["a"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert m["per_class"]["b"]["precision"] == 0.6667
    assert m["confusion"] == {"a": {"a": 1, "b": 1}, "b": {"b": 2}}
    assert abs(m["macro_f1"] - (0.6667 + 0.8) / 2) < 1e-3


def test_evaluate_scores_only_labelled_fields_and_formats():
    pairs = [
        (
            {"text": "x", "priority": "red", "is_complaint": "true"},
            {"priority": "red", "is_complaint": True, "category": "product"},
        ),
        ({"text": "y", "subcategory": "product.safety"}, {"subcategory": "safety"}),
    ]
    res = evaluate(pairs)
    assert set(res) == {"priority", "is_complaint", "subcategory"}
    assert res["subcategory"]["accuracy"] == 1.0
    report = format_report(res)
    assert "priority" in report and "confusion" in report


def test_multi_label_categories_are_scored_per_category():
    pairs = [
        ({"categories": ["product", "service"]}, {"category": "service", "categories": ["service", "product"]}),
        ({"category": ["product", "service"]}, {"category": "product", "categories": ["product"]}),  # list = multi
        ({"categories": "logistics"}, {"category": "logistics", "categories": ["logistics"]}),
        ({"categories": ["service"]}, {"category": "product"}),  # an older result without ``categories``
    ]
    res = evaluate(pairs)
    assert set(res) == {"categories"}  # a list under "category" is not scored as one label
    m = res["categories"]
    assert m["n"] == 4 and m["accuracy"] == 0.5  # exact sets: rows 1 and 3
    assert m["per_class"]["service"] == {"precision": 1.0, "recall": 0.3333, "f1": 0.5, "support": 3}
    assert m["per_class"]["product"] == {"precision": 0.6667, "recall": 1.0, "f1": 0.8, "support": 2}
    assert m["macro_f1"] == round((0.5 + 0.8 + 1.0) / 3, 4)
    report = format_report(res)
    assert "exact-set accuracy=0.5000" in report and "confusion" not in report


def test_corpus_is_labelled_varied_and_deterministic():
    c = generate_corpus(3000, seed=7)
    assert c == generate_corpus(3000, seed=7)
    assert len({x["text"] for x in c}) > 0.8 * len(c)
    for x in c:
        assert x["subcategory"] in SUBCATEGORIES[x["category"]]
        assert x["priority"] in PRIORITIES and x["emotion"] in EMOTIONS
        assert x["demand"] in TRIAGE_DEMANDS
        assert x["text"].strip()
        if x["escalation_risk"] or x["subcategory"] == "safety":
            assert x["priority"] == "red"
    for key in ("industry", "product", "scenario", "amount"):
        assert key in c[0]
    assert {x["industry"] for x in c} >= {"ecommerce", "food", "travel", "telecom", "cars", "appliances"}
    assert any(x["lang"] == "en" for x in c)


def test_train_models_round_trip(tmp_path):
    data = generate_corpus(600, seed=1)
    data.append({"text": "只改了情绪的纠正", "emotion": "angry"})  # partial correction
    meta = train_models(data, tmp_path, max_features=5000)
    assert meta["version"].startswith("lr-") and meta["trained_at"]
    model = LinearModel.load(tmp_path)
    assert model is not None and set(model.heads) == {"complaint", "subcategory", "emotion", "demand"}
    probs = model.predict_proba(["东西坏了要退款", ""])
    for p in probs.values():
        assert p.shape[0] == 2 and abs(float(p[0].sum()) - 1) < 1e-4
    r = TriageEngine(default_ruleset(), model).triage("快递丢了")
    assert r.model_version.startswith(meta["version"])


def test_missing_model_loads_none(tmp_path):
    assert LinearModel.load(tmp_path) is None


def test_partial_model_falls_back_per_field(tmp_path):
    data = [{"text": t, "emotion": e} for t, e in
            [("气死了", "angry"), ("太气人了", "angry"), ("急死了什么时候到", "anxious"),
             ("好的谢谢", "calm"), ("请问怎么退", "calm"), ("快点处理，很急", "anxious")] * 5]
    train_models(data, tmp_path, holdout=0.0)
    model = LinearModel.load(tmp_path)
    assert set(model.heads) == {"emotion"}
    r = TriageEngine(default_ruleset(), model).triage("东西坏了，我要退款，我明天就去12315")
    assert r.demand == "refund" and r.escalation_risk and r.category == "product"
