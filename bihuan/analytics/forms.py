"""Forms of the root-cause screens (parse and validate only; services do the writing)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bihuan.accounts.models import User

from .improvement import ACTION_METRICS, metric_label, metric_unit
from .models import W5H1, FishboneCategory, RcaStatus

_AREA = {"rows": 2}


class RcaCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    problem = forms.CharField(label=_("Problem statement"), required=False, widget=forms.Textarea(attrs=_AREA))


class RcaEditForm(forms.Form):
    problem = forms.CharField(label=_("Problem statement"), required=False, widget=forms.Textarea(attrs=_AREA))
    status = forms.ChoiceField(label=_("Status"), choices=RcaStatus.choices)
    root_cause = forms.CharField(label=_("Root cause"), required=False, widget=forms.Textarea(attrs=_AREA))
    root_category = forms.ChoiceField(label=_("Root-cause category"), required=False,
                                      choices=[("", "—"), *FishboneCategory.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, 6):
            self.fields[f"why{i}"] = forms.CharField(label=_("Why %(n)d?") % {"n": i}, required=False,
                                                     max_length=300)
        for code, label in W5H1:
            self.fields[f"w_{code}"] = forms.CharField(label=label, required=False, max_length=500)
        for code, label in FishboneCategory.choices:
            self.fields[f"fb_{code}"] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("One cause per line."))

    @staticmethod
    def initial_for(rca) -> dict:
        data = {"problem": rca.problem, "status": rca.status, "root_cause": rca.root_cause,
                "root_category": rca.root_category}
        data.update({f"why{i + 1}": w for i, w in enumerate(rca.whys[:5])})
        data.update({f"w_{k}": v for k, v in rca.w5h1.items()})
        data.update({f"fb_{k}": "\n".join(v) for k, v in rca.fishbone.items()})
        return data

    def parsed(self) -> dict:
        d = self.cleaned_data
        return {
            "problem": d["problem"], "status": d["status"], "root_cause": d["root_cause"],
            "root_category": d["root_category"], "whys": [d[f"why{i}"] for i in range(1, 6)],
            "w5h1": {code: d[f"w_{code}"] for code, _label in W5H1},
            "fishbone": {code: d[f"fb_{code}"].splitlines() for code in FishboneCategory.values},
        }


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=200)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    metric = forms.ChoiceField(label=_("Target metric"))
    target = forms.FloatField(label=_("Target value"), required=False,
                              help_text=_("In the metric's unit: percent for rates, minutes, hours, "
                                          "or complaints a week."))
    weeks = forms.IntegerField(label=_("Weeks before/after"), min_value=1, max_value=26, initial=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(is_active=True).order_by("username")
        self.fields["metric"].choices = [(m, metric_label(m) if m != "volume" else _("Complaints a week"))
                                         for m in ACTION_METRICS]
        self.fields["due_on"].initial = timezone.localdate() + dt.timedelta(days=14)

    def parsed(self) -> dict:
        d = self.cleaned_data
        target = d["target"]
        if target is not None and metric_unit(d["metric"]) == "pct":
            target = target / 100  # the form speaks percent, KPIs are fractions
        return {"title": d["title"], "owner_id": d["owner"].pk if d["owner"] else None, "due_on": d["due_on"],
                "metric": d["metric"], "target": target, "weeks": d["weeks"]}


class DoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), required=False,
                              widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))


class ReportSubscriptionForm(forms.Form):
    weekly = forms.BooleanField(label=_("Weekly report (Monday morning)"), required=False)
    monthly = forms.BooleanField(label=_("Monthly report (on the 1st)"), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    @classmethod
    def initial_for(cls, subscription) -> dict:
        if subscription is None:
            return {"language": settings.LANGUAGE_CODE}
        return {"weekly": subscription.weekly, "monthly": subscription.monthly, "language": subscription.language}
