"""Measure the triage engine on the real public data in ../shared/datasets.

    .venv/bin/python bench/triage_datasets_eval.py [--rules-only] [--site-trained]
    .venv/bin/python bench/triage_datasets_eval.py --encoder use|e5 [--encoder-threads N]

Mappings (documented in the report):
- negative detection: predicted negative ⇔ ``is_complaint`` (the engine's
  "this text expresses a complaint/dissatisfaction" decision); gold negative ⇔
  label 0. Praise is not a complaint, so positive reviews should come out False.
- anger: predicted angry ⇔ ``emotion == "angry"``; gold angry ⇔ SMP2020 label 1.
- product vs service (multi-label): gold product ⇔ any code starting A–H or Q,
  gold service ⇔ any code I–O. Predicted product ⇔ "product" in the
  engine's multi-label ``categories`` (the main category plus any problem
  category whose share reaches the rule parameter
  ``secondary_category_share``); service likewise, or a billing dispute:
  the data set's service codes include dealer fees (乱收费, 强制加装, 服务费),
  which Bihuan files under other/billing_dispute. The figure without that
  crosswalk is reported too ("macro_f1_strict"). Macro-F1 = mean of the two
  binary F1s.
``--site-trained`` additionally trains a separate model on each dataset's train
split and tests on its dev/test split: a "what a site could reach with its own
labelled data" figure, never the shipped default.
``--encoder NAME`` measures the optional encoder engine (the default engine plus
the encoder heads trained on Bihuan's own corpus, bihuan/triage/encoder.py) and
its throughput on 2,000 texts of the own corpus; it needs the encoder package.
Data is read in place and never copied.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bihuan.triage.encoder import load_encoder_features  # noqa: E402
from bihuan.triage.engine import TriageEngine  # noqa: E402
from bihuan.triage.evaluation import field_metrics  # noqa: E402
from bihuan.triage.model import LinearModel  # noqa: E402
from bihuan.triage.rules import default_ruleset  # noqa: E402

DATA = ROOT.parent / "shared" / "datasets"
PRODUCT_CODES, SERVICE_CODES = set("ABCDEFGHQ"), set("IJKLMNO")


def load_waimai() -> list[tuple[str, int]]:
    with open(DATA / "sentiment/waimai_10k.csv", encoding="utf-8") as fh:
        return [(r["review"], int(r["label"])) for r in csv.DictReader(fh)]


def load_chnsenticorp(split: str) -> list[tuple[str, int]]:
    with zipfile.ZipFile(DATA / "sentiment/chnsenticorp.zip") as z:
        rows = z.read(f"{split}.tsv").decode("utf-8").splitlines()[1:]
    out = []
    for line in rows:
        lab, _, text = line.partition("\t")
        if lab in ("0", "1"):
            out.append((text, int(lab)))
    return out


def load_online_shopping() -> list[tuple[str, int]]:
    with zipfile.ZipFile(DATA / "sentiment/online_shopping_10_cats.zip") as z:
        name = next(n for n in z.namelist() if n.endswith(".csv"))
        rows = csv.DictReader(io.StringIO(z.read(name).decode("utf-8")))
        return [(r["review"], int(r["label"])) for r in rows if r.get("review") and r.get("label") in ("0", "1")]


def load_smp(split: str) -> list[tuple[str, int]]:
    out = []
    with open(DATA / f"emotion/smp2020_usual_{split}.tsv", encoding="utf-8") as fh:
        for line in fh.read().splitlines()[1:]:
            lab, _, text = line.partition("\t")
            if lab.isdigit():
                out.append((text, int(lab)))
    return out


def load_car() -> list[tuple[str, bool, bool]]:
    out = []
    with open(DATA / "car_complaints/car_complaints_dev.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            codes = [c for c in (r.get("problem") or "").split(",") if c]
            if not codes or not all(c[0] in PRODUCT_CODES | SERVICE_CODES and c[1:].isdigit() for c in codes):
                continue  # a handful of rows are mis-parsed upstream (brand in the code field)
            out.append(
                (r["desc"], any(c[0] in PRODUCT_CODES for c in codes), any(c[0] in SERVICE_CODES for c in codes))
            )
    return out


def binary(gold: list[bool], pred: list[bool], positive: str) -> dict:
    m = field_metrics([positive if g else "rest" for g in gold], [positive if p else "rest" for p in pred])
    pc = m["per_class"].get(positive, {})
    return {
        "n": m["n"],
        "accuracy": m["accuracy"],
        "macro_f1": m["macro_f1"],
        "precision": pc.get("precision", 0.0),
        "recall": pc.get("recall", 0.0),
        "f1": pc.get("f1", 0.0),
    }


def run_engine(engine: TriageEngine, texts: list[str]):
    out = []
    for i in range(0, len(texts), 512):
        out.extend(engine.triage_many(texts[i : i + 512]))
    return out


def evaluate_engine(engine: TriageEngine) -> dict[str, dict]:
    res: dict[str, dict] = {}
    for name, rows in (("waimai_10k", load_waimai()), ("chnsenticorp_test", load_chnsenticorp("test"))):
        preds = run_engine(engine, [t for t, _ in rows])
        res[f"negative/{name}"] = binary([lab == 0 for _, lab in rows], [p.is_complaint for p in preds], "negative")
    rows = load_smp("dev")
    preds = run_engine(engine, [t for t, _ in rows])
    res["anger/smp2020_usual_dev"] = binary(
        [lab == 1 for _, lab in rows], [p.emotion == "angry" for p in preds], "angry"
    )
    car = load_car()
    preds = run_engine(engine, [t for t, _, _ in car])
    mp = binary([g for _, g, _ in car], ["product" in p.categories for p in preds], "product")
    strict = ["service" in p.categories for p in preds]
    ms = binary(
        [g for _, _, g in car],
        [s or p.subcategory == "billing_dispute" for s, p in zip(strict, preds, strict=True)],
        "service",
    )
    ms_strict = binary([g for _, _, g in car], strict, "service")
    res["product_vs_service/car_complaints_dev"] = {
        "n": len(car),
        "macro_f1": round((mp["f1"] + ms["f1"]) / 2, 4),
        "macro_f1_strict": round((mp["f1"] + ms_strict["f1"]) / 2, 4),
        "product": mp,
        "service": ms,
    }
    return res


def throughput(engine: TriageEngine, n: int = 2000) -> dict:
    """Rate of the whole engine on own-corpus texts (the encoder uses every core)."""
    from bihuan.triage.corpus import generate_corpus

    texts = [c["text"] for c in generate_corpus(n, seed=123)]
    engine.triage_many(texts[:64])  # warm-up: lazy weights, BLAS
    w, c = time.perf_counter(), time.process_time()
    run_engine(engine, texts)
    return {
        "n": n,
        "wall_per_s": round(n / (time.perf_counter() - w), 1),
        "cpu_per_s": round(n / (time.process_time() - c), 1),
    }


def site_trained() -> dict[str, dict]:
    """Train on each set's train split (temporary model dir), test on dev/test."""
    from bihuan.triage.train import train_models

    res = {}
    ruleset = default_ruleset()
    with tempfile.TemporaryDirectory() as tmp:
        train = [{"text": t, "is_complaint": lab == 0} for t, lab in load_chnsenticorp("train")]
        train_models(train, tmp, source="site:chnsenticorp-train")
        eng = TriageEngine(ruleset, LinearModel.load(Path(tmp)))
        rows = load_chnsenticorp("test")
        preds = run_engine(eng, [t for t, _ in rows])
        res["site/negative/chnsenticorp_test"] = binary(
            [lab == 0 for _, lab in rows], [p.is_complaint for p in preds], "negative"
        )
    with tempfile.TemporaryDirectory() as tmp:
        emo = {1: "angry", 4: "anxious", 3: "disappointed"}
        train = [{"text": t, "emotion": emo.get(lab, "calm")} for t, lab in load_smp("train")]
        train_models(train, tmp, source="site:smp2020-train")
        eng = TriageEngine(ruleset, LinearModel.load(Path(tmp)))
        rows = load_smp("dev")
        preds = run_engine(eng, [t for t, _ in rows])
        res["site/anger/smp2020_usual_dev"] = binary(
            [lab == 1 for _, lab in rows], [p.emotion == "angry" for p in preds], "angry"
        )
    return res


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rules-only", action="store_true", help="no model: rules and lexicons alone")
    ap.add_argument("--site-trained", action="store_true")
    ap.add_argument("--encoder", choices=("use", "e5"), help="the optional encoder engine")
    ap.add_argument("--encoder-threads", type=int, default=None, help="encoder threads (default: every core)")
    args = ap.parse_args()
    model = None if args.rules_only else LinearModel.load()
    encoder = None
    if args.encoder:
        t_load = time.perf_counter()
        encoder = load_encoder_features(args.encoder, threads=args.encoder_threads)
        if encoder is not None:
            encoder.predict(["加载"])  # some encoders read their weights on first use
        t_load = time.perf_counter() - t_load
        if encoder is None:
            print(f"encoder {args.encoder!r}: package or heads missing (see docs/triage.md)", file=sys.stderr)
            return 2
    engine = TriageEngine(default_ruleset(), model, encoder=encoder)
    t0 = time.perf_counter()
    res = evaluate_engine(engine)
    if encoder is not None:
        res["throughput"] = throughput(engine)
        res["throughput"]["encoder_load_s"] = round(t_load, 3)
        res["throughput"]["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    if args.site_trained:
        res.update(site_trained())
    print(f"engine: {engine.model_version}   ({time.perf_counter() - t0:.1f}s)")
    print(f"{'task':<46}{'n':>6}{'acc':>8}{'macroF1':>9}{'P':>8}{'R':>8}{'F1':>8}")
    for k, m in res.items():
        if k == "throughput":
            print(f"throughput: {m['wall_per_s']:,.0f} texts/s wall, {m['cpu_per_s']:,.0f} texts/s per CPU-second")
            print(f"encoder load {m['encoder_load_s']:.2f}s, peak RSS {m['peak_rss_mb']} MB (incl. the data sets)")
            continue
        print(
            f"{k:<46}{m['n']:>6}{m.get('accuracy', float('nan')):>8.4f}{m['macro_f1']:>9.4f}"
            f"{m.get('precision', float('nan')):>8.4f}{m.get('recall', float('nan')):>8.4f}"
            f"{m.get('f1', float('nan')):>8.4f}"
        )
        if "macro_f1_strict" in m:
            print(f"  {'macro-F1 without the fee crosswalk':<44}{'':>6}{'':>8}{m['macro_f1_strict']:>9.4f}")
        for sub in ("product", "service"):
            if sub in m:
                s = m[sub]
                print(f"  {sub:<44}{s['n']:>6}{'':>8}{'':>9}{s['precision']:>8.4f}{s['recall']:>8.4f}{s['f1']:>8.4f}")
    name = "triage_datasets_rules_only" if args.rules_only else "triage_datasets"
    if args.encoder:
        name += f"_encoder_{args.encoder}"
    out = ROOT / "bench" / "results" / f"{name}.json"
    out.write_text(
        json.dumps({"engine": engine.model_version, "results": res}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
