"""Throughput, model load time and memory of the default triage engine.

    .venv/bin/python bench/triage_bench.py [--n 20000]

Texts are Bihuan's own corpus (no third-party data needed). Measures on one
core (the process is single-threaded; BLAS threads are pinned to 1).
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    args = ap.parse_args()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    from bihuan.triage.engine import TriageEngine
    from bihuan.triage.model import LinearModel
    from bihuan.triage.rules import default_ruleset

    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    model = LinearModel.load()
    engine = TriageEngine(default_ruleset(), model)
    t_load = time.perf_counter() - t1
    from bihuan.triage.batch import triage_jsonl
    from bihuan.triage.corpus import generate_corpus

    corpus = generate_corpus(args.n, seed=123)
    texts = [c["text"] for c in corpus]
    avg_len = sum(map(len, texts)) / len(texts)
    jsonl = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts))
    rows: list[tuple[str, float, float]] = []  # name, wall rate, CPU rate

    def timed(name: str, n: int, fn) -> None:
        # Wall-clock on a shared 2-core machine depends on the neighbours; CPU
        # time of this single-threaded process is the per-core figure.
        w, c = time.perf_counter(), time.process_time()
        fn()
        rows.append((name, n / (time.perf_counter() - w), n / (time.process_time() - c)))

    engine.triage_many(texts[:200])  # warm-up
    timed("triage_many (engine only)", args.n, lambda: engine.triage_many(texts))
    timed("triage_jsonl (parse+triage+dump)", args.n, lambda: triage_jsonl(io.StringIO(jsonl), io.StringIO(), engine))
    # The corpus now mixes short reviews in; the long written complaints alone
    # (what the first version of this bench measured) for comparison.
    long_texts = [c["text"] for c in corpus if c.get("industry") != "reviews" and c["is_complaint"]]
    long_jsonl = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(long_texts))
    long_len = sum(map(len, long_texts)) / max(len(long_texts), 1)
    timed(
        f"triage_jsonl, complaints only ({long_len:.0f} chars)",
        len(long_texts),
        lambda: triage_jsonl(io.StringIO(long_jsonl), io.StringIO(), engine),
    )
    rules_only = TriageEngine(default_ruleset(), None)
    timed("rules only (no model)", args.n, lambda: rules_only.triage_many(texts))
    timed("triage() one at a time, with explanations", 2000, lambda: [engine.triage(x) for x in texts[:2000]])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"engine {engine.model_version}; n={args.n}, mean length {avg_len:.0f} chars")
    print(f"{'measure':<46}{'wall':>12}{'CPU':>12}")
    for name, v, c in rows:
        print(f"{name:<46}{v:>10,.0f}/s{c:>10,.0f}/s")
    print(f"{'import time':<46}{t_import:>13.3f}s")
    print(f"{'model + rules load time':<44}{t_load:>13.3f}s")
    print(f"{'peak RSS (incl. corpus + test data)':<44}{rss / 1024:>11.0f} MB")
    print(f"{'RSS before imports':<44}{rss0 / 1024:>11.0f} MB")
    res = {
        "engine": engine.model_version,
        "n": args.n,
        "mean_len": round(avg_len, 1),
        "throughput_per_s": {k: round(v) for k, v, _ in rows},
        "throughput_per_cpu_s": {k: round(c) for k, _, c in rows},
        "import_s": round(t_import, 3),
        "load_s": round(t_load, 3),
        "peak_rss_mb": round(rss / 1024),
    }
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "triage_bench.json").write_text(json.dumps(res, indent=1))
    print("wrote bench/results/triage_bench.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
