"""python manage.py triage_eval --input LABELLED.jsonl — accuracy, macro-F1, per-class P/R, confusion."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from bihuan.triage.evaluation import FIELDS, evaluate, format_report
from bihuan.triage.services import current_engine


class Command(BaseCommand):
    help = "Evaluate the active engine on a JSONL file whose lines carry text and any label fields."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True)
        parser.add_argument("--json", action="store_true", help="print the metrics as JSON")

    def handle(self, *args, input: str, json: bool, **options):
        rows = list(_read(input))
        if not rows:
            raise CommandError("No labelled lines with a 'text' field were found.")
        engine = current_engine()
        customers = [r.get("customer") if isinstance(r.get("customer"), dict) else None for r in rows]
        predictions = engine.triage_many([r["text"] for r in rows], customers=customers)
        results = evaluate(list(zip(rows, (p.as_dict() for p in predictions), strict=True)), FIELDS)
        if json:
            self.stdout.write(_dumps(results))
        else:
            self.stdout.write(f"{len(rows)} examples · {engine.model_version}\n")
            self.stdout.write(format_report(results))


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)


def _read(path: str):
    try:
        handle = open(path, encoding="utf-8", errors="replace")
    except OSError as error:
        raise CommandError(str(error)) from None
    with handle:
        for line in handle:
            line = line.strip()
            if not line:
                continue
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if isinstance(row, dict) and isinstance(row.get("text"), str):
                yield row
