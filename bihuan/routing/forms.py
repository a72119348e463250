"""Forms of the SLA pages: they parse input; selectors decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bihuan.accounts.models import Team
from bihuan.complaints.choices import Channel, Priority


class PreviewForm(forms.Form):
    received_at = forms.DateTimeField(
        label=_("Received at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"],
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=[("", "—"), *Priority.choices], required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial="phone")
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.all(), required=False,
                                  empty_label=_("Default calendar"))
