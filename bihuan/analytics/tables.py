"""Every dashboard table and the drill-down list as an exportable `Table` (reads only)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from bihuan.accounts.models import User
from bihuan.complaints.choices import Category, Channel, Priority, Status, subcategory_label

from . import selectors
from .dimensions import BREAKDOWN_DIMENSIONS, DIMENSION_LABELS
from .exports import MAX_ROWS, Table

TABLES = ("kpis", "trend", "breakdown", "provinces", "stages", "agents", "alerts", "complaints")


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _num(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _stem(name: str, period: selectors.Period) -> str:
    return f"bihuan-{name}-{period.start:%Y%m%d}-{period.end:%Y%m%d}"


def kpis(period: selectors.Period) -> Table:
    rows = [(c["label"], c["text"], c["target"], {True: _("met"), False: _("missed")}.get(c["met"], ""),
             c["definition"]) for c in selectors.kpi_cards(period)]
    return Table(_stem("kpis", period), _("KPIs"), [_("KPI"), _("Value"), _("Target"), _("Status"),
                                                    _("Definition")], rows)


def trend(period: selectors.Period) -> Table:
    t = selectors.daily_trend(period)
    rows = list(zip(t["days"], t["count"], t["first_response"], t["fcr"], strict=True))
    return Table(_stem("trend", period), _("Daily trend"),
                 [_("Day"), _("Complaints"), _("First response (min)"), _("FCR %")], rows)


def breakdown(period: selectors.Period, dim: str) -> Table:
    dim = dim if dim in BREAKDOWN_DIMENSIONS else "category"
    rows = [(r["label"], r["count"], _num(r["values"]["first_response"]), _num(r["values"]["resolution"]),
             _pct(r["values"]["fcr"]), _pct(r["values"]["repeat"]), _pct(r["values"]["escalation"]),
             _pct(r["values"]["reopen"])) for r in selectors.breakdown(period, dim, limit=500)]
    return Table(_stem(f"breakdown-{dim}", period), str(DIMENSION_LABELS[dim]),
                 [str(DIMENSION_LABELS[dim]), _("Complaints"), _("First response (min)"), _("Resolution (h)"),
                  _("FCR %"), _("Repeat rate %"), _("Escalation rate %"), _("Reopen rate %")], rows)


def provinces(period: selectors.Period) -> Table:
    rows = [(r["name"], r["value"]) for r in selectors.province_counts(period)]
    return Table(_stem("provinces", period), _("Complaints by province"), [_("Province"), _("Complaints")], rows)


def stages(period: selectors.Period) -> Table:
    rows = [(r["label"], round(r["hours"], 2), round(r["share"] * 100, 1), round(r["total_hours"], 1))
            for r in selectors.stage_waterfall(period)]
    return Table(_stem("stages", period), _("Lifecycle steps"),
                 [_("Step"), _("Mean hours in step"), _("Share of time %"), _("Total hours")], rows)


def agents(period: selectors.Period) -> Table:
    rows = [(r["agent"], r["count"], r["closed"], _num(r["first_response"]), _num(r["resolution"]),
             _pct(r["fcr"]), _pct(r["reopen"]), _pct(r["escalation"]), _num(r["csat"]), _num(r["aht"]))
            for r in selectors.agent_scorecards(period)]
    return Table(_stem("agents", period), _("Agent scorecards"),
                 [_("Agent"), _("Complaints"), _("Closed"), _("First response (min)"), _("Resolution (h)"),
                  _("FCR %"), _("Reopen rate %"), _("Escalation rate %"), _("CSAT"), _("AHT (min)")], rows)


def alerts(period: selectors.Period) -> Table:
    rows = [(a.day, a.get_kind_display(), a.dim_label, a.key_label, a.observed, a.expected, a.score,
             str(a.department or ""), a.get_delivery_display(), str(a.acknowledged_by or ""), a.drilldown)
            for a in selectors.recent_alerts(period, limit=1000)]
    return Table(_stem("alerts", period), _("Hotspot alerts"),
                 [_("Day"), _("Kind"), _("Dimension"), _("Value"), _("Observed"), _("Expected"), _("Score"),
                  _("Department"), _("Delivery"), _("Acknowledged"), _("Drill-down link")], rows)


def complaints(user: User, params) -> Table:
    """The filtered drill-down list, as far as `user` may see it (the same chokepoint as the page)."""
    filters = selectors.drill_filters(params)
    qs = selectors.drill_queryset(user=user, filters=filters).select_related("analytics_fact")
    channels, categories = dict(Channel.choices), dict(Category.choices)
    priorities, statuses = dict(Priority.choices), dict(Status.choices)

    def rows():
        for c in qs[:MAX_ROWS].iterator(chunk_size=2000):
            fact = getattr(c, "analytics_fact", None)
            yield (c.number, timezone.localtime(c.received_at), str(channels.get(c.channel, c.channel)),
                   str(categories.get(c.category, c.category)), subcategory_label(c.subcategory) if c.subcategory
                   else "", str(priorities.get(c.priority, c.priority)), str(statuses.get(c.status, c.status)),
                   fact.province if fact else "", fact.product if fact else "",
                   str(c.department or ""), str(c.owner or ""), c.title, c.description)
    return Table(_stem("complaints", filters.period), _("Complaints"),
                 [_("Ticket no."), _("Received"), _("Channel"), _("Category"), _("Sub-category"), _("Priority"),
                  _("Status"), _("Province"), _("Product"), _("Department"), _("Owner"), _("Title"),
                  _("Description")], rows())


def table_for(name: str, *, user: User, params) -> Table | None:
    if name == "complaints":
        return complaints(user, params)
    period = selectors.period_from(params)
    if name == "breakdown":
        return breakdown(period, params.get("dim", "category"))
    builders = {"kpis": kpis, "trend": trend, "provinces": provinces, "stages": stages, "agents": agents,
                "alerts": alerts}
    return builders[name](period) if name in builders else None
