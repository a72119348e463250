"""Tasks take ids (or nothing), are idempotent and hold no logic (DESIGN rule 5)."""

from __future__ import annotations

from django.tasks import task

from .services import analytics_tick, reports_send_due, rollups_refresh


@task()
def refresh_rollups() -> int:
    """Fold new timeline events into the rollups (the watermark makes re-runs cheap)."""
    return rollups_refresh().complaints


@task()
def refresh_and_detect_hotspots() -> int:
    """Refresh, then detect hotspots now (the worker loop runs the same on its own beat)."""
    result = analytics_tick(force=True)
    return len(result[1].created) if result else 0


@task()
def send_due_reports() -> int:
    """Enqueue the last complete week's and month's reports for subscribers who have not had them."""
    return reports_send_due().queued
