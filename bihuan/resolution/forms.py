"""Forms of the resolution UI: they parse input; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import NegotiationKind, RemedyType, Responsibility

ROWS = 3


def _types() -> list[tuple[str, str]]:
    return [("", "—"), *RemedyType.choices]


class ItemForm(forms.Form):
    code = forms.CharField(max_length=40)
    done = forms.BooleanField(required=False)
    note = forms.CharField(max_length=500, required=False)


class ReportForm(forms.Form):
    findings = forms.CharField(label=_("Findings"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    responsibility = forms.ChoiceField(label=_("Responsibility"), choices=Responsibility.choices)


class RequestInfoForm(forms.Form):
    message = forms.CharField(label=_("What we need from the customer"), max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ProposeForm(forms.Form):
    """Up to three lines: type_N, amount_N, points_N."""

    justification = forms.CharField(label=_("Justification (needed above your authority or outside the usual band)"),
                                    max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, ROWS + 1):
            self.fields[f"type_{n}"] = forms.ChoiceField(label=_("Remedy"), choices=_types(), required=n == 1)
            self.fields[f"amount_{n}"] = forms.DecimalField(label=_("Amount (元)"), required=False, min_value=0,
                                                            max_value=1_000_000, decimal_places=2)
            self.fields[f"points_{n}"] = forms.IntegerField(label=_("Points"), required=False, min_value=0,
                                                            max_value=10_000_000)

    def lines(self) -> list[dict]:
        d = self.cleaned_data
        return [{"type": d[f"type_{n}"], "amount": d.get(f"amount_{n}") or 0, "points": d.get(f"points_{n}") or 0}
                for n in range(1, ROWS + 1) if d.get(f"type_{n}")]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject")),
                                          ("counter", _("Counter"))])
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False)
    counter_type = forms.ChoiceField(label=_("Counter-offer"), choices=_types(), required=False)
    counter_amount = forms.DecimalField(label=_("Amount (元)"), required=False, min_value=0, max_value=1_000_000,
                                        decimal_places=2)

    def counter_lines(self) -> list[dict]:
        d = self.cleaned_data
        return [{"type": d["counter_type"], "amount": d.get("counter_amount") or 0}] if d.get("counter_type") else []


class OfferForm(forms.Form):
    body = forms.CharField(label=_("What was said"), max_length=2000, required=False)


class ResponseForm(forms.Form):
    response = forms.ChoiceField(choices=[(k, v) for k, v in NegotiationKind.choices if k != "offer"])
    body = forms.CharField(label=_("Customer's words"), max_length=2000, required=False)
    promised_at = forms.DateTimeField(label=_("Promised by"), required=False,
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                      input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])


class StepForm(forms.Form):
    note = forms.CharField(max_length=1000, required=False)
    delay_days = forms.IntegerField(min_value=0, max_value=60, required=False)


class LinkForm(forms.Form):
    language = forms.ChoiceField(label=_("Customer's language"), choices=[("zh-hans", "中文"), ("en", "English")])
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=180, initial=30)


class CheckForm(forms.Form):
    text = forms.CharField(label=_("Reply to check"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 3}))
