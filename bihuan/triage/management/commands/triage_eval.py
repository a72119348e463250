"""python manage.py triage_eval --input LABELLED.jsonl — accuracy, macro-F1, per-class P/R, confusion."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from bihuan.triage.evaluation import (
    FIELDS,
    canonical_label,
    evaluate,
    format_report,
    gold_value,
    is_blank,
    label_set,
)
from bihuan.triage.services import correctable_values, current_engine


class Command(BaseCommand):
    help = "Evaluate the active engine on a JSONL file whose lines carry text and any label fields."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True)
        parser.add_argument("--json", action="store_true", help="print the metrics as JSON")

    def handle(self, *args, input: str, json: bool, **options):
        skipped: list[int] = []
        rows = list(_read(input, skipped))
        if skipped:
            shown = ", ".join(map(str, skipped[:10])) + (" …" if len(skipped) > 10 else "")
            self.stderr.write(f"{len(skipped)} line(s) skipped (not a JSON object with a string 'text'): {shown}")
        if not rows:
            raise CommandError("No labelled lines with a 'text' field were found.")
        labelled = [f for f in FIELDS if any(not is_blank(gold_value(r, f)) for r in rows)]
        if not labelled:
            raise CommandError(f"No line labels any field; label at least one of: {', '.join(FIELDS)}.")
        for field in labelled:
            # A gold label outside the field's values is most likely a typo in the
            # file: reported, and still scored as given. (Boolean fields have no list.)
            known = set(correctable_values("category" if field == "categories" else field))
            given = [gold_value(r, field) for r in rows]
            if field == "categories":
                values = {lab for v in given if not is_blank(v) for lab in label_set(v)}
            else:
                values = {canonical_label(field, v) for v in given if not is_blank(v)}
            unknown = sorted(values - known)
            if known and unknown:
                self.stderr.write(f"{field}: gold label(s) {', '.join(unknown)} are not Bihuan labels "
                                  f"({', '.join(sorted(known))}); scored as given")
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


def _read(path: str, skipped: list[int]):
    try:
        handle = open(path, encoding="utf-8", errors="replace")
    except OSError as error:
        raise CommandError(str(error)) from None
    with handle:
        for number, line in enumerate(handle, 1):
            line = line.strip()
            if not line:
                continue
            try:
                row = json.loads(line)
            except ValueError:
                row = None
            if isinstance(row, dict) and isinstance(row.get("text"), str) and row["text"].strip():
                yield row
            else:
                skipped.append(number)
