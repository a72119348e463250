"""SLA badges (红/黄/绿) and countdowns for queues and the complaint page."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bihuan.routing.selectors import most_urgent

register = template.Library()

# Badge colour by clock status: breached = red, at risk = yellow, on track = green.
COLOUR = {"breached": "red", "warning": "yellow", "running": "green", "paused": "grey",
          "fulfilled": "done", "stopped": "done"}


@register.inclusion_tag("routing/_sla_badge.html")
def sla_badge(complaint) -> dict:
    clocks = getattr(complaint, "live_clocks", None)
    if clocks is None:
        clocks = list(complaint.sla_clocks.filter(status__in=("running", "warning", "breached", "paused")))
    clock = most_urgent(clocks)
    return {"clock": clock, "colour": COLOUR.get(clock.status, "grey") if clock else "none"}


@register.filter
def countdown(due_at) -> str:
    """“还剩 1小时20分” / “已超时 3小时” — wall-clock distance, for humans."""
    if due_at is None:
        return "—"
    seconds = int((due_at - timezone.now()).total_seconds())
    late, seconds = seconds < 0, abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        text = _("%(d)dd %(h)dh") % {"d": days, "h": hours}
    elif hours:
        text = _("%(h)dh %(m)dm") % {"h": hours, "m": minutes}
    else:
        text = _("%(m)dm") % {"m": minutes}
    return (_("overdue %s") if late else _("%s left")) % text


@register.filter
def sla_colour(status: str) -> str:
    return COLOUR.get(status, "grey")


_DAY_KINDS = {
    "workday": gettext_lazy("working day"),
    "rest_day": gettext_lazy("weekend"),
    "holiday": gettext_lazy("public holiday"),
    "makeup_workday": gettext_lazy("make-up working day (调休)"),
}
# Festival names as the chinese-calendar package spells them.
_FESTIVALS = {
    "New Year's Day": gettext_lazy("New Year's Day"),
    "Spring Festival": gettext_lazy("Spring Festival"),
    "Tomb-sweeping Day": gettext_lazy("Qingming Festival"),
    "Labour Day": gettext_lazy("Labour Day"),
    "Dragon Boat Festival": gettext_lazy("Dragon Boat Festival"),
    "National Day": gettext_lazy("National Day"),
    "Mid-autumn Festival": gettext_lazy("Mid-Autumn Festival"),
}


@register.filter
def day_kind(kind) -> str:
    """'makeup_workday' → 调休上班日 (in the active language)."""
    return str(_DAY_KINDS.get(str(kind), kind))


@register.filter
def festival(name) -> str:
    return str(_FESTIVALS.get(name, name)) if name else ""
