"""Forms: recording an outcome, answering a survey, the survey builder."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Outcome
from .models import SurveyConfig


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class SurveyAnswerForm(forms.Form):
    """Parsing only; the service checks which questions are required and the ranges."""

    csat = forms.CharField(required=False, max_length=2)
    nps = forms.CharField(required=False, max_length=2)
    comment = forms.CharField(required=False, max_length=2000)


class SurveyBuilderForm(forms.ModelForm):
    class Meta:
        model = SurveyConfig
        fields = ["ask_csat", "ask_nps", "ask_comment", "intro_zh", "intro_en", "csat_zh", "csat_en", "nps_zh",
                  "nps_en", "comment_zh", "comment_en", "low_csat", "low_nps", "expires_days", "reminder_hours"]

    def clean_low_csat(self):
        value = self.cleaned_data["low_csat"]
        if not 1 <= value <= 5:
            raise forms.ValidationError(_("Between 1 and 5."))
        return value

    def clean_low_nps(self):
        value = self.cleaned_data["low_nps"]
        if not 0 <= value <= 10:
            raise forms.ValidationError(_("Between 0 and 10."))
        return value

    def clean_expires_days(self):
        value = self.cleaned_data["expires_days"]
        if not 1 <= value <= 60:
            raise forms.ValidationError(_("Between 1 and 60 days."))
        return value
