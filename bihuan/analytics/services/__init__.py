"""Writes of the analytics app: facts and rollups, hotspot alerts, exports, root-cause records."""

from .facts import compute_facts, facts_store, timeline_measures
from .hotspots import HotspotReport, hotspot_acknowledge, hotspots_detect
from .rca import (
    action_complete,
    action_create,
    action_measure,
    actions_refresh_effects,
    rca_create,
    rca_get,
    rca_update,
)
from .reports import ReportDelivery, report_send, report_subscription_save, reports_send_due
from .rollups import RefreshReport, rollups_rebuild_days, rollups_refresh, rollups_reset
from .schedule import analytics_tick

__all__ = [
    "HotspotReport", "RefreshReport", "ReportDelivery", "action_complete", "action_create", "action_measure",
    "actions_refresh_effects", "analytics_tick", "compute_facts", "facts_store", "hotspot_acknowledge",
    "hotspots_detect", "rca_create", "rca_get", "rca_update", "report_send", "report_subscription_save",
    "reports_send_due", "rollups_rebuild_days", "rollups_refresh", "rollups_reset", "timeline_measures",
]
