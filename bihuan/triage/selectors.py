"""Reads for the triage screens: highlighted text, the record, the model card."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .models import RuleSetVersion, TrainedModel, TriageCorrection, TriageRecord
from .services import current_engine


@dataclass(frozen=True)
class Segment:
    text: str
    field: str = ""  # the triage field a cue supports; "" for plain text
    cue: str = ""


def highlighted(text: str, reasons: list[dict[str, Any]]) -> list[Segment]:
    """Split `text` into plain and cue segments using the reasons' spans (overlaps: first wins)."""
    spans = sorted(
        (r["span"][0], r["span"][1], r.get("field", ""), r.get("cue", ""))
        for r in reasons
        if isinstance(r.get("span"), list) and len(r["span"]) == 2
        and 0 <= r["span"][0] < r["span"][1] <= len(text)
    )
    out: list[Segment] = []
    pos = 0
    for start, end, field, cue in spans:
        if start < pos:
            continue
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], field, cue))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


@dataclass(frozen=True)
class TriagePanel:
    record: TriageRecord | None
    result: dict[str, Any]
    segments: list[Segment]
    reasons_by_field: dict[str, list[dict[str, Any]]]


def triage_panel(*, complaint) -> TriagePanel:
    record = TriageRecord.objects.filter(complaint=complaint).first()
    result = record.result if record else {}
    reasons = result.get("reasons", [])
    by_field: dict[str, list[dict[str, Any]]] = {}
    for reason in reasons:
        by_field.setdefault(reason.get("field", ""), []).append(reason)
    return TriagePanel(record=record, result=result,
                       segments=highlighted(complaint.description, reasons),
                       reasons_by_field=by_field)


def model_card() -> dict[str, Any]:
    engine = current_engine()
    model = engine.model
    return {
        "engine_version": engine.model_version,
        "meta": {k: v for k, v in model.meta.items() if k not in ("vocab", "heads")} if model else None,
        "trained": list(TrainedModel.objects.all()[:20]),
        "corrections": TriageCorrection.objects.count(),
        "recent_corrections": list(TriageCorrection.objects.select_related("corrected_by")
                                   .order_by("-created_at")[:20]),
    }


def ruleset_versions() -> list[RuleSetVersion]:
    return list(RuleSetVersion.objects.select_related("created_by")[:30])
