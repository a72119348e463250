"""Streaming JSONL triage for ``manage.py triage --input IN.jsonl --output OUT.jsonl``.

Reads lines lazily, triages them in chunks (one model matrix product per chunk),
writes one output line per input line in the same order. Bad lines do not stop
the stream: they produce ``{"id": ..., "error": "..."}`` so nothing is lost
silently.
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
    if not isinstance(obj.get("text"), str):
        return obj, "missing or non-string 'text'"
    return obj, None


def triage_jsonl(
    in_stream: IO[str] | Iterable[str], out_stream: IO[str], engine: TriageEngine | None = None, *, chunk: int = CHUNK
) -> dict[str, int]:
    """Triage every line of ``in_stream`` into ``out_stream``; returns counts."""
    engine = engine or default_engine()
    counts = {"lines": 0, "ok": 0, "errors": 0}
    buf: list[tuple[dict[str, Any] | None, str | None]] = []

    def flush() -> None:
        good = [obj for obj, err in buf if err is None]
        results = iter(
            engine.triage_many(
                [o["text"] for o in good],
                customers=[o.get("customer") if isinstance(o.get("customer"), dict) else None for o in good],
            )
        )
        lines = []
        for obj, err in buf:
            if err is not None:
                counts["errors"] += 1
                lines.append(json.dumps({"id": (obj or {}).get("id"), "error": err}, ensure_ascii=False))
                continue
            d = next(results).as_dict()
            d["id"] = obj.get("id")
            counts["ok"] += 1
            lines.append(json.dumps(d, ensure_ascii=False))
        if lines:
            out_stream.write("\n".join(lines) + "\n")
        buf.clear()

    for line in in_stream:
        if not line.strip():
            continue
        counts["lines"] += 1
        buf.append(_parse(line))
        if len(buf) >= chunk:
            flush()
    flush()
    return counts
