"""Routing rules, agent availability, business calendars, SLA policies and clocks."""

from .routing import AgentState, AgentStatus, RoutingRule
from .sla import BusinessCalendarModel, ClockStatus, Metric, SlaClock, SlaEvent, SlaPolicy, TimeBasis

__all__ = [
    "AgentState", "AgentStatus", "BusinessCalendarModel", "ClockStatus", "Metric", "RoutingRule",
    "SlaClock", "SlaEvent", "SlaPolicy", "TimeBasis",
]
