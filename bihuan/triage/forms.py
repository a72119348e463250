from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import CORRECTABLE


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(choices=[(f, f) for f in CORRECTABLE])
    value = forms.CharField(max_length=40)


class JsonField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        try:
            return json.loads(value)
        except (TypeError, ValueError) as error:
            raise forms.ValidationError(_("This is not valid JSON: %s") % error) from None


class RuleSetForm(forms.Form):
    data = JsonField(label=_("Rules and lexicons (JSON)"), widget=forms.Textarea(attrs={"rows": 18}),
                     max_length=2_000_000)
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)


class RuleTestForm(forms.Form):
    rule = JsonField(label=_("Rule (JSON)"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20_000)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000)
