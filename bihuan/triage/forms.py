from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import CORRECTABLE


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(choices=[(f, f) for f in CORRECTABLE])
    value = forms.CharField(max_length=40)


def _no_constant(name: str):
    raise ValueError(_("%s is not a number JSON allows") % name)


class JsonField(forms.CharField):
    """A textarea holding JSON; ``cleaned_data`` is the parsed value.

    The length limit applies to the text as typed (checked here, before
    parsing); CharField's own validators would measure the parsed value,
    which for a number has no length at all.
    """

    def to_python(self, value):
        value = super().to_python(value)
        if self.max_length is not None and len(value) > self.max_length:
            raise forms.ValidationError(
                _("At most %(limit)d characters (this has %(length)d).") % {"limit": self.max_length,
                                                                           "length": len(value)})
        try:
            return json.loads(value, parse_constant=_no_constant)
        except (TypeError, ValueError) as error:
            raise forms.ValidationError(_("This is not valid JSON: %s") % error) from None

    def run_validators(self, value):
        """Nothing to run on the parsed value: the length was checked on the text."""


class RuleSetForm(forms.Form):
    data = JsonField(label=_("Rules and lexicons (JSON)"), widget=forms.Textarea(attrs={"rows": 18}),
                     max_length=2_000_000)
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)


class RuleTestForm(forms.Form):
    rule = JsonField(label=_("Rule (JSON)"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20_000)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000)
