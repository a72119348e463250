"""Routing and SLA writes (DESIGN rule 1). Complaint services call these explicitly (no signals)."""

from .assignment import complaint_route
from .clocks import (
    sla_on_comment,
    sla_on_create,
    sla_on_priority_change,
    sla_on_transition,
)
from .escalation import SweepResult, sla_sweep

__all__ = [
    "SweepResult", "complaint_route", "sla_on_comment", "sla_on_create", "sla_on_priority_change",
    "sla_on_transition", "sla_sweep",
]
