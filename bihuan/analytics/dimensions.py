"""The dimensions rollups are cut by: name -> ComplaintFact field(s). Pure data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# dim -> fact fields whose values, joined with "|", make the rollup key.
DAILY_DIMENSIONS: dict[str, tuple[str, ...]] = {
    "all": (),
    "category": ("category",),
    "subcategory": ("subcategory",),
    "channel": ("channel",),
    "priority": ("priority",),
    "department": ("department_id",),
    "region": ("province",),
    "product": ("product",),
    "batch": ("batch",),
    "agent": ("owner_id",),
    "level": ("member_level",),
    "region_category": ("province", "category"),
    "remedy": ("remedy_type",),
}
# Hourly grain only where time-of-day matters (weekday × hour, channel × time).
HOURLY_DIMENSIONS: dict[str, tuple[str, ...]] = {
    "all": (),
    "channel": ("channel",),
    "category": ("category",),
}
DIMENSION_LABELS = {
    "all": _("All complaints"),
    "category": _("Category"),
    "subcategory": _("Sub-category"),
    "channel": _("Channel"),
    "priority": _("Priority"),
    "department": _("Department"),
    "region": _("Region (province)"),
    "product": _("Product"),
    "batch": _("Batch"),
    "agent": _("Agent"),
    "level": _("Customer level"),
    "region_category": _("Region × category"),
    "remedy": _("Remedy type"),
}
# Breakdowns a user may pick on the dashboard (the cross dimension has its own heatmap).
BREAKDOWN_DIMENSIONS = ("category", "subcategory", "channel", "priority", "department", "region",
                        "product", "batch", "agent", "level")


def key_for(dim: str, row: dict) -> str:
    """The rollup key of a fact row (a dict with the fact fields) for `dim`."""
    fields = DAILY_DIMENSIONS.get(dim) or HOURLY_DIMENSIONS.get(dim) or ()
    return "|".join("" if row.get(f) is None else str(row[f]) for f in fields)
