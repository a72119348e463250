"""KPI definitions, targets and arithmetic over summed rollup measures. Pure Python.

Each KPI says how it is computed (shown in the UI next to the number), which way
is good, and which drill-down flag lists the complaints behind it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

MEASURES = ("count", "closed", "fr_sum", "fr_n", "fr_met", "res_sum", "res_n", "reopened", "repeat",
            "escalated", "transferred", "fcr", "sla_done", "sla_met", "rp72_n", "rp72", "rp30_n", "rp30",
            "repeated_later", "aht_sum",
            "aht_n", "surveys", "answered", "csat_sum", "csat_n", "nps_n", "promoters", "detractors", "comp_fen",
            "refund_n", "refund_ok")


@dataclass(frozen=True)
class KpiDef:
    code: str
    label: object
    definition: object
    unit: str  # "n", "min", "h", "pct"
    flag: str = ""  # drill-down flag for the complaints behind the number
    unavailable: object = ""  # why the KPI has no value yet (needs data another module collects)


KPIS: tuple[KpiDef, ...] = (
    KpiDef("volume", _("Volume"), _("Complaints received in the period."), "n"),
    KpiDef("first_response", _("First response time"),
           _("Mean minutes from receipt to the first public comment or status change."), "min", "responded"),
    KpiDef("first_response_met", _("Answered within target"),
           _("Share of answered complaints whose first response came within the first-response target."),
           "pct", "responded"),
    KpiDef("resolution", _("Resolution time"),
           _("Mean hours from receipt to the first move to Closed."), "h", "closed"),
    KpiDef("sla", _("SLA compliance"),
           _("Share of finished SLA clocks (first response, resolution …) that met their target."), "pct"),
    KpiDef("fcr", _("First contact resolution (FCR)"),
           _("Closed complaints never reopened, escalated or transferred and not followed by a repeat "
             "complaint, as a share of closed complaints."), "pct", "fcr"),
    KpiDef("aht", _("Average handling time (AHT)"),
           _("No call records are kept, so AHT comes from handling events: staff actions on a complaint "
             "(comments, notes, status changes, assignments) at most 10 minutes apart form one handling "
             "session; AHT is the mean minutes from the first to the last action of sessions with two or "
             "more actions."), "min", "handled"),
    KpiDef("survey_answered", _("Survey answer rate"),
           _("Share of follow-up surveys sent for complaints of the period that the customer answered."),
           "pct", "surveyed"),
    KpiDef("csat", _("CSAT"), _("Mean satisfaction score (1–5) of answered follow-up surveys."), "score",
           "answered"),
    KpiDef("nps", _("NPS"), _("Share of promoters (9–10) minus share of detractors (0–6) among survey "
                              "answers, in points from −100 to 100."), "n", "answered"),
    KpiDef("repeat", _("Repeat-complaint rate (二次进线率)"),
           _("Share of complaints linked as a repeat of an earlier complaint."), "pct", "repeat"),
    KpiDef("escalation", _("Escalation rate"),
           _("Share of complaints that were moved to Escalated at least once."), "pct", "escalated"),
    KpiDef("transfer", _("Transfer rate"),
           _("Share of complaints handed from one owner to another at least once."), "pct", "transferred"),
    KpiDef("reopen", _("Reopen rate"), _("Share of complaints reopened after closing."), "pct", "reopened"),
    KpiDef("refund_success", _("Refund success rate"),
           _("Complaints whose agreed refund (full, partial or return) was completed, as a share of complaints "
             "with an agreed refund."), "pct", "refund"),
    KpiDef("compensation", _("Compensation spend"),
           _("Yuan of remedies the customer agreed to, being executed or completed (all lines' value)."), "yuan",
           "compensated"),
    KpiDef("repurchase_72h", _("Repurchase within 72 h"),
           _("Share of customers who ordered again within 72 hours of complaining (complaints whose window "
             "has passed)."), "pct", "rp72"),
    KpiDef("repurchase_30d", _("Repurchase within 30 days"),
           _("Share of customers who ordered again within 30 days of complaining."), "pct", "rp30"),
)
KPI_BY_CODE = {k.code: k for k in KPIS}


def _ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def kpi_values(m: dict[str, int]) -> dict[str, float | None]:
    """KPI values from summed measures (None = no data in the period)."""
    return {
        "volume": m.get("count", 0),
        "first_response": _ratio(m.get("fr_sum", 0), m.get("fr_n", 0) * 60),
        "first_response_met": _ratio(m.get("fr_met", 0), m.get("fr_n", 0)),
        "resolution": _ratio(m.get("res_sum", 0), m.get("res_n", 0) * 3600),
        "sla": _ratio(m.get("sla_met", 0), m.get("sla_done", 0)),
        "fcr": _ratio(m.get("fcr", 0), m.get("closed", 0)),
        "aht": _ratio(m.get("aht_sum", 0), m.get("aht_n", 0) * 60),
        "survey_answered": _ratio(m.get("answered", 0), m.get("surveys", 0)),
        "csat": _ratio(m.get("csat_sum", 0), m.get("csat_n", 0)),
        "nps": (None if not m.get("nps_n") else
                100.0 * (m.get("promoters", 0) - m.get("detractors", 0)) / m["nps_n"]),
        "refund_success": _ratio(m.get("refund_ok", 0), m.get("refund_n", 0)),
        "compensation": m.get("comp_fen", 0) / 100,
        "repeated_later": _ratio(m.get("repeated_later", 0), m.get("count", 0)),
        "repeat": _ratio(m.get("repeat", 0), m.get("count", 0)),
        "escalation": _ratio(m.get("escalated", 0), m.get("count", 0)),
        "transfer": _ratio(m.get("transferred", 0), m.get("count", 0)),
        "reopen": _ratio(m.get("reopened", 0), m.get("count", 0)),
        "repurchase_72h": _ratio(m.get("rp72", 0), m.get("rp72_n", 0)),
        "repurchase_30d": _ratio(m.get("rp30", 0), m.get("rp30_n", 0)),
    }


@dataclass(frozen=True)
class Target:
    low: float | None = None
    high: float | None = None

    def met(self, value: float | None) -> bool | None:
        if value is None or (self.low is None and self.high is None):
            return None
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)


# Settings names (BIHUAN_ANALYTICS_TARGETS) -> KPI codes.
TARGET_ALIASES = {"aht_minutes": "aht", "first_response_minutes": "first_response"}


def format_value(kpi: KpiDef, value: float | None) -> str:
    if value is None:
        return "—"
    if kpi.unit == "pct":
        return f"{value * 100:.1f}%"
    if kpi.unit in ("min", "h"):
        return f"{value:.1f}"
    if kpi.unit == "score":
        return f"{value:.2f}"
    if kpi.unit == "yuan":
        return f"¥{value:,.2f}"
    return f"{value:,.0f}"


def format_target(kpi: KpiDef, target: Target) -> str:
    def fmt(v: float) -> str:
        return f"{v * 100:.0f}%" if kpi.unit == "pct" else f"{v:g}"

    if target.low is not None and target.high is not None:
        return f"{fmt(target.low)}–{fmt(target.high)}"
    if target.low is not None:
        return f"≥ {fmt(target.low)}"
    if target.high is not None:
        return f"≤ {fmt(target.high)}"
    return ""
