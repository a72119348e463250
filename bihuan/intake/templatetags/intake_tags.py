"""{% intake_suggestions complaint %}: the extraction suggestions panel on the complaint page."""

from __future__ import annotations

from django import template

from bihuan.complaints.choices import Demand
from bihuan.intake.models import IntakeRecord
from bihuan.intake.services.suggestions import ACCEPTABLE

register = template.Library()


@register.inclusion_tag("intake/_suggestions_panel.html", takes_context=True)
def intake_suggestions(context, complaint):
    record = IntakeRecord.objects.filter(complaint=complaint).order_by("created_at", "id").first()
    found = (record.suggestions or {}) if record else {}
    current = {"demands": complaint.demand,
               "dates": complaint.occurred_at.date().isoformat() if complaint.occurred_at else ""}
    labels = dict(Demand.choices)
    acceptable = [
        {"kind": kind, "value": value, "label": labels.get(value, value) if kind == "demands" else value,
         "current": value == current[kind]}
        for kind in ACCEPTABLE for value in found.get(kind, [])
    ]
    return {
        "complaint": complaint, "record": record, "acceptable": acceptable,
        "info": [(name, found.get(name, [])) for name in ("order_numbers", "phones", "amounts", "products")
                 if found.get(name)],
        "can_edit": context.get("can_edit", False), "csrf_token": context.get("csrf_token"),
    }
