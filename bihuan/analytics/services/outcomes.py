"""Fact measures that come from other modules' records: surveys (回访) and remedies (赔付).

Both modules append a timeline event when their records change (a survey answer, a
remedy proposed/approved/agreed/executed), so the rollup watermark picks the
complaint up again and these joins are re-run for it. One query per module per batch.
"""

from __future__ import annotations

from decimal import Decimal

from django.apps import apps

# Remedy statuses whose value counts as spent: the customer agreed, or it is being/has been executed.
GRANTED = ("agreed", "executing", "completed")
REFUND_TYPES = frozenset({"refund_full", "refund_partial", "return"})


def survey_measures(ids: list[int]) -> dict[int, dict]:
    """complaint id -> survey_sent, survey_answered, csat, nps (absent: no survey was sent)."""
    if not apps.is_installed("bihuan.followup"):
        return {}
    survey = apps.get_model("followup", "Survey")
    out = {}
    rows = survey.objects.filter(complaint_id__any_of=ids).values_list("complaint_id", "answered_at", "csat", "nps")
    for cid, answered_at, csat, nps in rows:
        answered = answered_at is not None
        out[cid] = {"survey_sent": True, "survey_answered": answered,
                    "csat": csat if answered else None, "nps": nps if answered else None}
    return out


def main_type(lines) -> str:
    """The remedy type a package is compared under: its first refund-like line, else its first line."""
    types = [str(line.get("type", "")) for line in (lines or []) if isinstance(line, dict)]
    for code in types:
        if code in REFUND_TYPES:
            return code[:24]
    return types[0][:24] if types else ""


def remedy_measures(ids: list[int]) -> dict[int, dict]:
    """complaint id -> remedy_type, compensation_fen, refund_agreed, refund_done (granted remedies only)."""
    if not apps.is_installed("bihuan.resolution"):
        return {}
    remedy = apps.get_model("resolution", "Remedy")
    out: dict[int, dict] = {}
    rows = (remedy.objects.filter(complaint_id__any_of=ids, status__in=GRANTED)
            .order_by("complaint_id", "created_at", "id").values_list("complaint_id", "lines", "value", "status"))
    for cid, lines, value, status in rows:
        m = out.setdefault(cid, {"remedy_type": "", "compensation_fen": 0, "refund_agreed": False,
                                 "refund_done": False})
        kind = main_type(lines)
        m["remedy_type"] = kind or m["remedy_type"]  # the last granted remedy decides
        m["compensation_fen"] += int((Decimal(value or 0) * 100).to_integral_value())
        if kind in REFUND_TYPES:
            m["refund_agreed"] = True
            m["refund_done"] = m["refund_done"] or status == "completed"
    return out
