"""Tasks take ids (or nothing), are idempotent and hold no logic (DESIGN rule 5)."""

from __future__ import annotations

from django.tasks import task

from .services import sla_sweep


@task()
def sweep_sla() -> dict:
    """One sweep; safe to run concurrently (claims are conditional updates)."""
    result = sla_sweep()
    return {"warned": result.warned, "breached": result.breached, "notifications": result.notifications}
