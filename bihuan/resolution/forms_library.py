"""Forms of the supervisors' solution-library screens: they parse input; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bihuan.complaints.choices import Category, subcategory_choices

from .choices import LegalFloor, RemedyType, Responsibility
from .models import Scenario

LEVELS = 3
STANDARD_ROWS = 3


def _types() -> list[tuple[str, str]]:
    return [("", "—"), *RemedyType.choices]


def _money(label) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, min_value=0, max_value=1_000_000, decimal_places=2)


class ScenarioForm(forms.Form):
    """One scenario version: where it applies, standard lines, tiers 1–3, floor, talk tracks, templates."""

    code = forms.SlugField(label=_("Code"), max_length=60, required=False,
                           help_text=_("Lower-case letters, digits and hyphens; fixed once created."))
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    subcategory = forms.ChoiceField(label=_("Sub-category"), required=False)
    responsibility = forms.ChoiceField(label=_("Responsibility"), required=False,
                                       choices=[("", _("Any")), *Responsibility.choices])
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=120)
    title_en = forms.CharField(label=_("Title (English)"), max_length=120, required=False)
    legal_floor = forms.ChoiceField(label=_("Legal floor"), choices=LegalFloor.choices)
    talk_track_zh = forms.CharField(label=_("Talk track (Chinese)"), required=False, max_length=2000,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    talk_track_en = forms.CharField(label=_("Talk track (English)"), required=False, max_length=2000,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    message_zh = forms.CharField(label=_("Customer message (Chinese)"), required=False, max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text=_("{remedy} and {promised} are filled in."))
    message_en = forms.CharField(label=_("Customer message (English)"), required=False, max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, need_code: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subcategory"].choices = [("", _("Any")), *subcategory_choices()]
        self.fields["code"].required = need_code
        for n in range(1, STANDARD_ROWS + 1):
            self.fields[f"std_type_{n}"] = forms.ChoiceField(label=_("Standard remedy"), choices=_types(),
                                                             required=False)
            self.fields[f"std_amount_{n}"] = _money(_("Amount (元)"))
        for n in range(1, LEVELS + 1):
            self.fields[f"tier_type_{n}"] = forms.ChoiceField(label=_("Level %d") % n, choices=_types(),
                                                              required=False)
            self.fields[f"tier_percent_{n}"] = forms.DecimalField(label=_("Percent of order value"), required=False,
                                                                  min_value=0, max_value=100, decimal_places=2)
            self.fields[f"tier_fixed_{n}"] = _money(_("or fixed (元)"))
            self.fields[f"tier_cap_{n}"] = _money(_("Cap (元)"))

    def place_fields(self):
        names = ("code",) if self.fields["code"].required else ()
        names += ("title_zh", "title_en", "category", "subcategory", "responsibility", "legal_floor")
        return [self[n] for n in names]

    def text_fields(self):
        return [self[n] for n in ("talk_track_zh", "talk_track_en", "message_zh", "message_en")]

    def std_rows(self):
        return [(self[f"std_type_{n}"], self[f"std_amount_{n}"]) for n in range(1, STANDARD_ROWS + 1)]

    def tier_rows(self):
        return [(n, self[f"tier_type_{n}"], self[f"tier_percent_{n}"], self[f"tier_fixed_{n}"],
                 self[f"tier_cap_{n}"]) for n in range(1, LEVELS + 1)]

    def data_for_service(self) -> dict:
        d = self.cleaned_data
        standard = [{"type": d[f"std_type_{n}"], "amount": str(d[f"std_amount_{n}"] or 0)}
                    for n in range(1, STANDARD_ROWS + 1) if d.get(f"std_type_{n}")]
        tiers = []
        for n in range(1, LEVELS + 1):
            if not d.get(f"tier_type_{n}"):
                continue
            tier = {"level": n, "type": d[f"tier_type_{n}"]}
            for part in ("percent", "fixed", "cap"):
                if d.get(f"tier_{part}_{n}") is not None:
                    tier[part] = str(d[f"tier_{part}_{n}"])
            tiers.append(tier)
        keys = ("category", "subcategory", "responsibility", "title_zh", "title_en", "legal_floor",
                "talk_track_zh", "talk_track_en", "message_zh", "message_en")
        return {**{k: d[k] for k in keys}, "standard_remedy": standard, "tiers": tiers}

    @classmethod
    def initial_from(cls, scenario: Scenario) -> dict:
        initial = {k: getattr(scenario, k) for k in (
            "category", "subcategory", "responsibility", "title_zh", "title_en", "legal_floor",
            "talk_track_zh", "talk_track_en", "message_zh", "message_en")}
        for n, line in enumerate(scenario.standard_remedy[:STANDARD_ROWS], start=1):
            initial[f"std_type_{n}"] = line.get("type", "")
            initial[f"std_amount_{n}"] = line.get("amount") or None
        for n, tier in enumerate(scenario.tiers[:LEVELS], start=1):
            initial[f"tier_type_{n}"] = tier.get("type", "")
            for part in ("percent", "fixed", "cap"):
                initial[f"tier_{part}_{n}"] = tier.get(part)
        return initial


class ChecklistForm(forms.Form):
    """One item a line: `code | 中文 | English`."""

    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    subcategory = forms.ChoiceField(label=_("Sub-category"), required=False)
    items = forms.CharField(label=_("Items, one a line: code | 中文 | English"), max_length=8000,
                            widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subcategory"].choices = [("", _("Any")), *subcategory_choices()]

    def clean_items(self) -> list[dict]:
        rows = []
        for number, raw in enumerate(self.cleaned_data["items"].splitlines(), start=1):
            if not raw.strip():
                continue
            parts = [p.strip() for p in raw.split("|")]
            if len(parts) < 2 or not parts[0] or not parts[1]:
                raise forms.ValidationError(_("Line %(n)d needs at least a code and a Chinese label."),
                                            params={"n": number})
            rows.append({"code": parts[0], "zh": parts[1], "en": parts[2] if len(parts) > 2 else ""})
        if not rows:
            raise forms.ValidationError(_("Write at least one item."))
        return rows

    @staticmethod
    def text_of(items: list[dict]) -> str:
        return "\n".join(f"{i['code']} | {i['zh']} | {i.get('en', '')}" for i in items)
