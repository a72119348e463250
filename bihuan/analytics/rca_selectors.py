"""Reads of the root-cause screens: lists, the cluster's drill-down link, actions with their effect."""

from __future__ import annotations

from django.db.models import Count

from .dimensions import DIMENSION_LABELS
from .improvement import Effect, improved, metric_label, metric_unit, target_met
from .kpis import KPI_BY_CODE, format_value
from .models import W5H1, FishboneCategory, RootCauseAnalysis
from .selectors import Period, drill_url, key_labels


def rca_list(*, limit: int = 200) -> list[RootCauseAnalysis]:
    rows = list(RootCauseAnalysis.objects.select_related("owner", "alert")
                .annotate(n_actions=Count("actions")).order_by("-created_at")[:limit])
    keys: dict[str, set[str]] = {}
    for rca in rows:
        keys.setdefault(rca.dim, set()).add(rca.key)
    labels = {dim: key_labels(dim, sorted(k)) for dim, k in keys.items() if dim}  # one query per dimension
    for rca in rows:
        rca.cluster_label = (f"{DIMENSION_LABELS.get(rca.dim, rca.dim)}: {labels[rca.dim].get(rca.key, rca.key)}"
                             if rca.dim else str(DIMENSION_LABELS["all"]))
        rca.drill = cluster_url(rca)
    return rows


def cluster_label(dim: str, key: str) -> str:
    if not dim:
        return str(DIMENSION_LABELS["all"])
    return f"{DIMENSION_LABELS.get(dim, dim)}: {key_labels(dim, [key]).get(key, key)}"


def cluster_url(rca: RootCauseAnalysis) -> str:
    return drill_url(Period(rca.start, rca.end), dim=rca.dim, key=rca.key, flag=rca.flag)


def _fmt(metric: str, value: float | None) -> str:
    if metric == "volume":
        return "—" if value is None else f"{value:,.1f}"
    kpi = KPI_BY_CODE.get(metric)
    return format_value(kpi, value) if kpi else "—"


def rca_detail(rca: RootCauseAnalysis) -> dict:
    actions = []
    for a in rca.actions.select_related("owner").order_by("due_on", "pk"):
        effect = Effect(a.before_value, a.after_value, a.after_days, a.effect_final)
        actions.append({
            "action": a, "metric": metric_label(a.metric), "unit": metric_unit(a.metric),
            "target": _fmt(a.metric, a.target) if a.target is not None else "",
            "before": _fmt(a.metric, a.before_value), "after": _fmt(a.metric, a.after_value),
            "improved": improved(a.metric, effect) if a.done_on else None,
            "target_met": target_met(a.metric, a.after_value, a.target) if a.done_on else None,
        })
    fishbone = [(label, rca.fishbone.get(code, [])) for code, label in FishboneCategory.choices]
    w5h1 = [(label, rca.w5h1.get(code, "")) for code, label in W5H1]
    return {"rca": rca, "actions": actions, "fishbone": fishbone, "w5h1": w5h1,
            "cluster": cluster_label(rca.dim, rca.key), "drill": cluster_url(rca)}
