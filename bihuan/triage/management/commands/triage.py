"""python manage.py triage --input IN.jsonl --output OUT.jsonl (streams; '-' for stdin/stdout)."""

from __future__ import annotations

import os
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from bihuan.triage.batch import triage_jsonl
from bihuan.triage.services import current_engine


class Command(BaseCommand):
    help = "Triage each JSONL line {id, text[, channel, customer]} into one output line with every field."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="JSONL file, or - for stdin")
        parser.add_argument("--output", required=True, help="JSONL file, or - for stdout")
        parser.add_argument("--strict", action="store_true",
                            help="exit with status 1 when any line could not be triaged (they are still written)")

    def handle(self, *args, input: str, output: str, strict: bool = False, **options):
        if input != "-" and output != "-" and os.path.exists(output) and os.path.exists(input) \
                and os.path.samefile(input, output):
            # Opening the output for writing would empty the input before a line is read.
            raise CommandError(f"--input and --output are the same file ({input}); write to another file")
        engine = current_engine()
        try:
            source = sys.stdin if input == "-" else open(input, encoding="utf-8", errors="replace")
            sink = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")
        except OSError as error:
            raise CommandError(str(error)) from None
        started = time.perf_counter()
        try:
            counts = triage_jsonl(source, sink, engine)
        finally:
            if source is not sys.stdin:
                source.close()
            if sink is not sys.stdout:
                sink.close()
        elapsed = time.perf_counter() - started
        rate = counts["lines"] / elapsed if elapsed else 0.0
        self.stderr.write(f"{counts['lines']} lines ({counts['ok']} ok, {counts['errors']} errors) "
                          f"in {elapsed:.2f}s = {rate:,.0f} lines/s · {engine.model_version}")
        if strict and counts["errors"]:
            # Every line is still in the output, error records included; the
            # status lets a pipeline stop on them.
            raise CommandError(f"{counts['errors']} line(s) could not be triaged (see the error records)",
                               returncode=1)
