"""{% sla_panel complaint %}: the clocks of one complaint (one query) for the detail page."""

from __future__ import annotations

from django import template

from bihuan.routing.selectors import complaint_clocks

register = template.Library()


@register.inclusion_tag("routing/_sla_panel.html")
def sla_panel(complaint) -> dict:
    return {"complaint": complaint, "sla_clocks": complaint_clocks(complaint=complaint)}
