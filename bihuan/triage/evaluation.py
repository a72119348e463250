"""Evaluation of triage predictions against labels: accuracy, macro-F1,
per-class precision/recall and confusion matrices, plus a text report.

Pure Python so the Django ``triage_eval`` command and the benchmarks share it.
Input is a sequence of (gold, predicted) dicts; only fields present in gold
(non-None) are scored, so a file may label any subset of fields.

``categories`` is multi-label: gold is a list (or a comma-separated string)
such as ["product", "service"]; a list given as ``category`` is scored the
same way. Each category is then a yes/no question with its own
precision/recall/F1, macro-F1 is their mean over the categories gold uses,
and accuracy is the share of exactly matching sets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

FIELDS = (
    "category",
    "categories",
    "subcategory",
    "priority",
    "emotion",
    "demand",
    "escalation_risk",
    "is_complaint",
    "high_value_customer",
)


def canonical_label(field: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    s = str(value).strip()
    if field in ("escalation_risk", "is_complaint", "high_value_customer"):
        return "true" if s.lower() in ("1", "true", "yes", "y") else "false"
    if field == "subcategory" and "." in s:
        s = s.split(".", 1)[1]  # accept "product.safety" as well as "safety"
    return s


def _class_scores(tp: int, fp: int, fn: int) -> dict[str, Any]:
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4), "support": tp + fn}


def _macro_f1(per_class: dict[str, dict[str, Any]]) -> float:
    # Macro-F1 over classes that occur in gold (a spurious predicted label still
    # costs precision elsewhere but does not add a zero term of its own).
    f1s = [pc["f1"] for pc in per_class.values() if pc["support"]]
    return round(sum(f1s) / len(f1s), 4) if f1s else 0.0


def is_blank(value: Any) -> bool:
    """A gold value that labels nothing."""
    return value is None or value == "" or value == []


def field_metrics(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 over the gold∪pred labels, per-class P/R/F1/support, confusion."""
    labels = sorted(set(gold) | set(pred))
    conf: dict[str, Counter[str]] = {g: Counter() for g in labels}
    for g, p in zip(gold, pred, strict=True):
        conf[g][p] += 1
    per_class = {}
    for lab in labels:
        tp = conf[lab][lab]
        fp = sum(conf[g][lab] for g in labels if g != lab)
        fn = sum(conf[lab].values()) - tp
        per_class[lab] = _class_scores(tp, fp, fn)
    n = len(gold)
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / n if n else 0.0
    return {
        "n": n,
        "accuracy": round(acc, 4),
        "macro_f1": _macro_f1(per_class),
        "per_class": per_class,
        "labels": labels,
        "confusion": {g: dict(conf[g]) for g in labels},
    }


def label_set(value: Any) -> frozenset[str]:
    """A multi-label value (list, or "a,b" string) as a set of clean labels."""
    items = value if isinstance(value, list | tuple | set | frozenset) else str(value).split(",")
    return frozenset(str(x).strip() for x in items if x is not None and str(x).strip())


def labelset_metrics(gold: Sequence[frozenset[str]], pred: Sequence[frozenset[str]]) -> dict[str, Any]:
    """Multi-label metrics: one binary P/R/F1 per label, exact-set accuracy."""
    labels = sorted(set().union(*gold, *pred)) if gold else []
    pairs = list(zip(gold, pred, strict=True))
    per_class = {
        lab: _class_scores(
            sum(lab in g and lab in p for g, p in pairs),
            sum(lab not in g and lab in p for g, p in pairs),
            sum(lab in g and lab not in p for g, p in pairs),
        )
        for lab in labels
    }
    n = len(gold)
    acc = sum(g == p for g, p in pairs) / n if n else 0.0
    return {"n": n, "accuracy": round(acc, 4), "macro_f1": _macro_f1(per_class), "per_class": per_class,
            "labels": labels, "multi_label": True}


def gold_value(gold: dict[str, Any], f: str) -> Any:
    """Gold value of field ``f``; a list under ``category`` counts as ``categories``."""
    v = gold.get(f)
    if f == "category" and isinstance(v, list):
        return None
    if f == "categories" and v in (None, "") and isinstance(gold.get("category"), list):
        return gold["category"]
    return v


def evaluate(
    pairs: Iterable[tuple[dict[str, Any], dict[str, Any]]], fields: Sequence[str] = FIELDS
) -> dict[str, dict[str, Any]]:
    """``pairs`` of (gold, predicted) dicts → metrics per field that gold labels."""
    gold_by: dict[str, list[Any]] = {f: [] for f in fields}
    pred_by: dict[str, list[Any]] = {f: [] for f in fields}
    for gold, pred in pairs:
        for f in fields:
            value = gold_value(gold, f)
            if is_blank(value):
                continue
            if f == "categories":
                gold_by[f].append(label_set(value))
                pred_by[f].append(label_set(pred.get("categories") or [pred.get("category") or ""]))
            else:
                gold_by[f].append(canonical_label(f, value))
                pred_by[f].append(canonical_label(f, pred.get(f)))
    return {
        f: (labelset_metrics if f == "categories" else field_metrics)(gold_by[f], pred_by[f])
        for f in fields
        if gold_by[f]
    }


def format_report(results: dict[str, dict[str, Any]], confusion: bool = True) -> str:
    lines = []
    for f, m in results.items():
        acc = "exact-set accuracy" if m.get("multi_label") else "accuracy"
        lines.append(f"== {f}  n={m['n']}  {acc}={m['accuracy']:.4f}  macro-F1={m['macro_f1']:.4f}")
        lines.append(f"   {'class':<20}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}")
        for lab, pc in m["per_class"].items():
            lines.append(
                f"   {lab:<20}{pc['precision']:>10.4f}{pc['recall']:>10.4f}{pc['f1']:>10.4f}{pc['support']:>9}"
            )
        if confusion and "confusion" in m:
            labs = m["labels"]
            w = max(8, *(len(x) + 1 for x in labs))
            lines.append("   confusion (rows gold, columns predicted)")
            lines.append("   " + " " * w + "".join(f"{x[: w - 1]:>{w}}" for x in labs))
            for g in labs:
                row = m["confusion"][g]
                lines.append("   " + f"{g[: w - 1]:<{w}}" + "".join(f"{row.get(p, 0):>{w}}" for p in labs))
        lines.append("")
    return "\n".join(lines)
