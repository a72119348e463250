"""Reads of the weekly/monthly report: the dashboard selectors over a report period and the one before.

Every number carries the drill-down URL of the complaints behind it (relative; the
PDF and the outbox message make it absolute). KPI values, targets and breakdowns come
from `selectors` (rollups only, DESIGN rule 8); this module only pairs them up.
"""

from __future__ import annotations

from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from . import reports, selectors
from .dimensions import DIMENSION_LABELS
from .models import ActionStatus, Grain, ImprovementAction, Rollup
from .reports import ReportPeriod
from .selectors import Period, drill_url, key_labels

VOLUME_DIMS = ("category", "channel")
RISING_DIMS = ("subcategory", "product")


def as_period(period: ReportPeriod) -> Period:
    return Period(period.start, period.end)


def report_url(period: ReportPeriod, *, pdf: bool = False) -> str:
    name = "analytics:report_pdf" if pdf else "analytics:report"
    return f"{reverse(name)}?kind={period.kind}&period={period.code}"


def kpi_rows(period: ReportPeriod) -> list[dict]:
    """The dashboard's KPI cards for the period, each with the previous period's value and the change."""
    current = selectors.kpi_cards(as_period(period))
    before = {c["code"]: c for c in selectors.kpi_cards(as_period(period.previous()))}
    rows = []
    for card in current:
        prev = before[card["code"]]
        rows.append({**card, "previous_text": prev["text"], "previous_url": prev["url"],
                     "previous_unavailable": prev["unavailable"],
                     "unmeasured": card["unavailable"] and prev["unavailable"],
                     "change": reports.change(card["code"], card["unit"],
                                              None if card["unavailable"] else card["value"],
                                              None if prev["unavailable"] else prev["value"])})
    return rows


def _counts_by_key(dim: str, period: ReportPeriod, previous: ReportPeriod) -> list[tuple[str, int, int]]:
    """(key, count this period, count the period before) from the daily rollups, one query."""
    rows = (Rollup.objects.filter(grain=Grain.DAY, dim=dim, day__gte=previous.start, day__lte=period.end)
            .values("key")
            .annotate(cur=Sum("count", filter=Q(day__gte=period.start)),
                      prev=Sum("count", filter=Q(day__lte=previous.end))))
    return [(r["key"], r["cur"] or 0, r["prev"] or 0) for r in rows]


def volume_by(dim: str, period: ReportPeriod, *, limit: int = 12) -> list[dict]:
    previous = period.previous()
    rows = sorted(_counts_by_key(dim, period, previous), key=lambda r: (-r[1], -r[2], r[0]))
    rows = [r for r in rows if r[1] or r[2]][:limit]
    labels = key_labels(dim, [r[0] for r in rows])
    total = sum(r[1] for r in rows) or 1
    return [{"key": key, "label": labels[key], "count": cur, "previous": prev, "share": cur / total,
             "change": reports.change("volume", "n", cur, prev),
             "url": drill_url(as_period(period), dim=dim, key=key),
             "previous_url": drill_url(as_period(previous), dim=dim, key=key)}
            for key, cur, prev in rows]


def rising_by(dim: str, period: ReportPeriod, *, limit: int = 10) -> list[dict]:
    previous = period.previous()
    rows = reports.rising(_counts_by_key(dim, period, previous), limit=limit)
    labels = key_labels(dim, [r[0] for r in rows])
    return [{"key": key, "label": labels[key], "count": cur, "previous": prev, "delta": cur - prev,
             "growth": reports.growth_text(cur, prev),
             "url": drill_url(as_period(period), dim=dim, key=key),
             "previous_url": drill_url(as_period(previous), dim=dim, key=key)}
            for key, cur, prev in rows]


def open_actions(*, today) -> list[dict]:
    """Improvement actions not yet done, soonest due first, with their analysis and cluster link."""
    from .rca_selectors import cluster_label, cluster_url

    actions = (ImprovementAction.objects.filter(status=ActionStatus.OPEN)
               .select_related("owner", "analysis").order_by("due_on", "pk")[:50])
    return [{"action": a, "title": a.title, "owner": str(a.owner) if a.owner else "", "due_on": a.due_on,
             "overdue": a.due_on < today, "analysis": a.analysis.title,
             "analysis_url": reverse("analytics:rca_detail", args=[a.analysis_id]),
             "cluster": cluster_label(a.analysis.dim, a.analysis.key), "cluster_url": cluster_url(a.analysis)}
            for a in actions]


def report_build(period: ReportPeriod, *, today) -> dict:
    """Everything the HTML page, the PDF and the subscription message show for one period."""
    previous = period.previous()
    kpis = kpi_rows(period)
    by_code = {k["code"]: k for k in kpis}
    alerts = selectors.recent_alerts(as_period(period), limit=50)
    return {
        "period": period, "previous": previous, "complete": period.complete(today),
        "title": (_("Weekly complaint report %(period)s") if period.kind == reports.WEEKLY
                  else _("Monthly complaint report %(period)s")) % {"period": period.code},
        "kpis": kpis, "volume": by_code["volume"],
        # KPIs with no value in either period (no surveys yet …) go to a footnote instead of empty rows.
        "kpis_shown": [k for k in kpis if not k["unmeasured"]],
        "unmeasured": [k["label"] for k in kpis if k["unmeasured"]],
        "volume_by": [{"dim": d, "label": str(DIMENSION_LABELS[d]), "rows": volume_by(d, period)}
                      for d in VOLUME_DIMS],
        "rising": [{"dim": d, "label": str(DIMENSION_LABELS[d]), "rows": rising_by(d, period)}
                   for d in RISING_DIMS],
        "alerts": alerts, "actions": open_actions(today=today),
        "drill": drill_url(as_period(period)),
        "html_url": report_url(period), "pdf_url": report_url(period, pdf=True),
        "previous_url": report_url(previous),
        "next_url": report_url(period.next()) if period.next().start <= today else "",
    }
