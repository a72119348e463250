"""`make bench`: run every benchmark, print their tables and write BENCHMARKS.md.

Each benchmark is a standalone script under bench/ that builds the data it
needs, prints a table and writes JSON to bench/results/. This runner records
the machine and versions, runs them one after another with a time limit each,
and collects what they printed. Benchmarks that need PostgreSQL use
BIHUAN_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bihuan_bench).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

# (script, arguments, time limit in seconds). Order: cheap first.
BENCHMARKS: list[tuple[str, list[str], int]] = [
    ("sla_clock_bench.py", [], 120),
    ("triage_bench.py", [], 180),
    ("triage_datasets_eval.py", [], 300),
    ("assignment_bench.py", [], 180),
    ("sla_sweep_bench.py", [], 300),
    ("intake_bench.py", [], 300),
    ("import_bench.py", [], 300),
    ("analytics_bench.py", [], 300),
    ("hotspot_eval.py", [], 180),
]


def machine() -> dict[str, str]:
    info = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": str(os.cpu_count()),
    }
    try:
        import django

        info["django"] = django.get_version()
    except ImportError:
        pass
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            info["cpu"] = next((ln.split(":", 1)[1].strip() for ln in handle if ln.startswith("model name")), "")
        with open("/proc/meminfo", encoding="utf-8") as handle:
            info["memory"] = handle.readline().split(":", 1)[1].strip()
    except OSError:
        pass
    try:
        info["postgresql"] = subprocess.run(["psql", "--version"], capture_output=True, text=True,
                                            timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return info


def main() -> int:
    only = set(sys.argv[1:])
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.setdefault("BIHUAN_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bihuan_bench")
    runs = []
    for script, args, limit in BENCHMARKS:
        if only and script not in only:
            continue
        path = ROOT / "bench" / script
        if not path.exists():
            runs.append({"script": script, "status": "missing", "seconds": 0, "output": ""})
            continue
        print(f"== {script}", flush=True)
        started = time.perf_counter()
        try:
            done = subprocess.run([sys.executable, str(path), *args], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=limit)
            status = "ok" if done.returncode == 0 else f"exit {done.returncode}"
            output = done.stdout + (f"\n[stderr]\n{done.stderr[-2000:]}" if done.returncode else "")
        except subprocess.TimeoutExpired as expired:
            status, output = f"timeout after {limit}s", (expired.stdout or b"").decode("utf-8", "replace")
        seconds = round(time.perf_counter() - started, 1)
        print(output, flush=True)
        runs.append({"script": script, "status": status, "seconds": seconds, "output": output.strip()})
    report = {"machine": machine(), "runs": runs}
    (RESULTS / "run_all.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    if not only:
        write_markdown(report)
    failed = [r for r in runs if r["status"] not in ("ok", "missing")]
    return 1 if failed else 0


def write_markdown(report: dict) -> None:
    lines = [
        "# Benchmarks",
        "",
        "Reproduce with `make bench` (all) or `.venv/bin/python bench/run_all.py SCRIPT.py` (one);",
        "each script can also be run on its own (`.venv/bin/python bench/SCRIPT.py --help`).",
        "Figures are measured, never asserted in tests. Raw JSON: `bench/results/`.",
        "",
        "## Machine",
        "",
        *[f"- {key}: {value}" for key, value in report["machine"].items()],
        "",
    ]
    for run in report["runs"]:
        lines += [f"## {run['script']} — {run['status']} ({run['seconds']} s)", "", "```", run["output"] or "(no output)",
                  "```", ""]
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
