"""python manage.py import_complaints FILE [--mapping 列=field,...] [--channel phone] [--report F.csv] [--triage]"""

from __future__ import annotations

import contextlib
import csv
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bihuan.intake.services.importing import TARGET_FIELDS, import_file, parse_mapping


class Progress:
    def __init__(self, stream) -> None:
        self.stream, self.started = stream, time.monotonic()

    def __call__(self, done: int, total: int | None) -> None:
        rate = done / max(time.monotonic() - self.started, 1e-6)
        if total:
            filled = int(30 * min(done / total, 1))
            bar = f"[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}"
        else:
            bar = f"{done} rows"
        self.stream.write(f"\r{bar}  {rate:,.0f} rows/s")
        self.stream.flush()


class Command(BaseCommand):
    help = "Import historical complaints from a CSV or XLSX file (columns mapped to fields)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--mapping", default="",
                            help=f"column=field pairs, comma-separated; fields: {', '.join(TARGET_FIELDS)}")
        parser.add_argument("--channel", default="phone", help="channel for rows without one")
        parser.add_argument("--batch-size", type=int, default=10000)
        parser.add_argument("--triage", action="store_true",
                            help="fill blank category/priority/demand with the triage engine (slower)")
        parser.add_argument("--dry-run", action="store_true", help="validate only, write nothing")
        parser.add_argument("--report", default="", help="write row-level errors to this CSV file")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.exists():
            raise CommandError(f"no such file: {path}")
        try:
            mapping = parse_mapping(opts["mapping"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        started = time.monotonic()
        with contextlib.ExitStack() as stack:
            sink = None
            if opts["report"]:
                # Streamed as found: a million-row file with many bad rows stays flat in memory.
                f = stack.enter_context(open(opts["report"], "w", newline="", encoding="utf-8-sig"))
                writer = csv.writer(f)
                writer.writerow(["row", "field", "level", "message"])

                def sink(level, issue):
                    writer.writerow([issue.row, issue.field, level, issue.message])
            report = import_file(path, mapping=mapping, default_channel=opts["channel"],
                                 batch_size=opts["batch_size"], dry_run=opts["dry_run"], triage=opts["triage"],
                                 progress=None if opts["no_progress"] else Progress(sys.stderr), sink=sink)
        elapsed = time.monotonic() - started
        if not opts["no_progress"]:
            sys.stderr.write("\n")
        self.stdout.write(
            f"rows {report.rows}, imported {report.imported}, refused {report.refused}, "
            f"warnings {report.warning_count} in {elapsed:.1f}s "
            f"({report.rows / max(elapsed, 1e-6):,.0f} rows/s)"
        )
        for error in report.errors[:20]:
            self.stdout.write(f"  row {error.row} {error.field}: {error.message}")
        if report.error_count > 20:
            self.stdout.write(f"  … {report.error_count - 20} more (use --report FILE)")
