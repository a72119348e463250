"""Streaming JSONL triage for ``manage.py triage --input IN.jsonl --output OUT.jsonl``.

Reads lines lazily, triages them in chunks (one model matrix product per chunk),
writes one output line per input line in the same order. Bad lines do not stop
the stream: they produce ``{"id": ..., "line": N, "error": "..."}`` (N counts
every input line from 1, blank ones included) so nothing is lost silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from bihuan.triage.engine import TriageEngine, default_engine

CHUNK = 1024


def _parse(line: str) -> tuple[dict[str, Any] | None, str | None]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON: {exc.msg}"
    if not isinstance(obj, dict):
        return None, "line is not a JSON object"
    text = obj.get("text")
    if not isinstance(text, str):
        return obj, "missing or non-string 'text'"
    # The same texts the API refuses: nothing to triage, or text no database can store.
    if not text.strip():
        return obj, "empty 'text'"
    if "\x00" in text:
        return obj, "'text' contains a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return obj, "'text' is not valid Unicode (lone surrogate)"
    # The optional fields have the API's shapes; a wrong one is reported, not ignored.
    if obj.get("customer") is not None and not isinstance(obj["customer"], dict):
        return obj, "'customer' must be an object such as {\"member_level\": 3}"
    if obj.get("channel") is not None and not isinstance(obj["channel"], str):
        return obj, "'channel' must be a string"
    return obj, None


def triage_jsonl(
    in_stream: IO[str] | Iterable[str], out_stream: IO[str], engine: TriageEngine | None = None, *, chunk: int = CHUNK
) -> dict[str, int]:
    """Triage every line of ``in_stream`` into ``out_stream``; returns counts."""
    engine = engine or default_engine()
    counts = {"lines": 0, "ok": 0, "errors": 0}
    buf: list[tuple[int, dict[str, Any] | None, str | None]] = []

    def flush() -> None:
        good = [obj for _, obj, err in buf if err is None]
        results = iter(
            engine.triage_many(
                [o["text"] for o in good],
                customers=[o.get("customer") for o in good],
            )
        )
        lines = []
        for number, obj, err in buf:
            if err is not None:
                counts["errors"] += 1
                record = {"id": (obj or {}).get("id"), "line": number, "error": err}
                lines.append(json.dumps(record, ensure_ascii=False))
                continue
            d = {"id": obj.get("id"), **next(results).as_dict()}
            counts["ok"] += 1
            lines.append(json.dumps(d, ensure_ascii=False))
        if lines:
            out_stream.write("\n".join(lines) + "\n")
        buf.clear()

    for number, line in enumerate(in_stream, 1):
        if not line.strip():
            continue
        counts["lines"] += 1
        buf.append((number, *_parse(line)))
        if len(buf) >= chunk:
            flush()
    flush()
    return counts
