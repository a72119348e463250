"""Bulk import rows/s on PostgreSQL (streamed CSV, COPY in batches) and peak memory at two sizes.

  .venv/bin/python bench/import_bench.py [--rows 1000000] [--small 100000] [--batch-size 10000] [--triage]

Each size runs in a fresh child process (peak RSS is per process) against a
freshly created and migrated database, dropped at the end. Database:
BIHUAN_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bihuan_bench_intake).
Production settings (DEBUG off: no query log growing with the import).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = os.environ.get("BIHUAN_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bihuan_bench_intake")
TEXTS = ["电饭煲不加热，要求换货", "快递三天没动，要求补发", "客服态度差，要求道歉", "退款一周未到账",
         "羽绒服跑绒严重，已经联系过两次了", "空调安装师傅迟到三个小时，还把墙面弄脏了"]


def psql(sql: str) -> None:
    url = urlparse(DB)
    subprocess.run(["psql", "-h", url.hostname or "127.0.0.1", "-p", str(url.port or 5432), "-U",
                    url.username or "postgres", "-d", "postgres", "-c", sql], check=True, capture_output=True)


def env() -> dict:
    return dict(os.environ, DATABASE_URL=DB, DJANGO_SETTINGS_MODULE="config.settings.production",
                SECRET_KEY="bench-not-a-secret", BIHUAN_SSL_REDIRECT="0")


def write_csv(rows: int) -> Path:
    rng = random.Random(1)
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["投诉内容", "手机", "受理时间", "渠道", "诉求", "状态"])
        for i in range(rows):
            writer.writerow([rng.choice(TEXTS), f"139{rng.randrange(50_000):08d}",
                             f"2025-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:00", "电话", "",
                             "已结案" if i % 10 else ""])
        return Path(f.name)


def child(path: str, batch_size: int, triage: bool) -> None:
    """Runs in its own process: import the file, print one JSON line."""
    import django

    django.setup()
    from bihuan.intake.services.importing import import_file

    started, load = time.monotonic(), os.getloadavg()[0]
    report = import_file(Path(path), batch_size=batch_size, triage=triage)
    elapsed = time.monotonic() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # CPU of this process (reader and writer threads); PostgreSQL's own CPU is not in it.
    # The load average says how much other jobs on a shared machine contended with the run.
    print(json.dumps({"rows": report.rows, "imported": report.imported, "refused": report.refused,
                      "seconds": round(elapsed, 1), "rows_per_s": round(report.rows / elapsed),
                      "peak_rss_mb": usage.ru_maxrss // 1024,
                      "client_cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
                      "load_average": [round(load, 2), round(os.getloadavg()[0], 2)]}))


def measure(rows: int, batch_size: int, triage: bool) -> dict:
    name = urlparse(DB).path.lstrip("/")
    psql(f"DROP DATABASE IF EXISTS {name}")
    psql(f"CREATE DATABASE {name}")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env(), check=True)
    path = write_csv(rows)
    try:
        out = subprocess.run([sys.executable, __file__, "--child", str(path), "--batch-size", str(batch_size)]
                             + (["--triage"] if triage else []),
                             cwd=ROOT, env=env(), check=True, capture_output=True, text=True).stdout
    finally:
        path.unlink()
        psql(f"DROP DATABASE IF EXISTS {name}")
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=100_000, help="second size, to show memory is flat")
    parser.add_argument("--batch-size", type=int, default=10000)
    parser.add_argument("--triage", action="store_true")
    parser.add_argument("--child", default="")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.batch_size, args.triage)
        return
    results = [measure(n, args.batch_size, args.triage) for n in (args.small, args.rows) if n]
    print(f"{'rows':>9} {'imported':>9} {'seconds':>8} {'rows/s':>8} {'peak RSS MB':>12}")
    for r in results:
        print(f"{r['rows']:>9} {r['imported']:>9} {r['seconds']:>8} {r['rows_per_s']:>8} {r['peak_rss_mb']:>12}")
    result = {"benchmark": "import_complaints", "database": "postgresql", "batch_size": args.batch_size,
              "triage": args.triage, "runs": results, "target_rows_per_s": 20_000, "cpus": os.cpu_count()}
    out = ROOT / "bench" / "results" / "import_bench.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
