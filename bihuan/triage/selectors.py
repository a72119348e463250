"""Reads for the triage screens: highlighted text, the record, the model card."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from .models import RuleSetVersion, TrainedModel, TriageCorrection, TriageRecord
from .services import FIELD_NAMES, correctable_values, current_engine, display_label

# The model's heads as the model page names them.
HEAD_NAMES = {"complaint": _("Complaint or not"), **FIELD_NAMES}


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


def _value_name(field: str, code: str) -> str:
    names = correctable_values(field).get(code)
    return display_label(names) if names else (code or "—")


def model_card() -> dict[str, Any]:
    engine = current_engine()
    model = engine.model
    meta = {k: v for k, v in model.meta.items() if k not in ("vocab", "heads")} if model else None
    if meta:
        try:  # an aware datetime, so the page shows it in the site's time zone
            meta["trained_at"] = datetime.fromisoformat(str(meta.get("trained_at")))
        except ValueError:
            pass
        meta["heads"] = [(HEAD_NAMES.get(head, head), m) for head, m in meta.get("metrics", {}).items()]
    recent = TriageCorrection.objects.select_related("corrected_by").order_by("-created_at")[:20]
    return {
        "engine_version": engine.model_version,
        "meta": meta,
        "trained": list(TrainedModel.objects.all()[:20]),
        "corrections": TriageCorrection.objects.count(),
        "recent_corrections": [
            {"at": c.created_at, "by": c.corrected_by, "field": FIELD_NAMES.get(c.field, c.field),
             "predicted": _value_name(c.field, c.predicted), "corrected": _value_name(c.field, c.corrected)}
            for c in recent
        ],
    }


def ruleset_versions() -> list[RuleSetVersion]:
    return list(RuleSetVersion.objects.select_related("created_by")[:30])
