"""Forms of the agent UI: they parse input; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Category, Channel, Demand, Emotion, Priority, Status, subcategory_choices
from .selectors import QUEUE_SCOPES


def _blank(choices) -> list[tuple[str, str]]:
    return [("", "—"), *choices]


class QueueFilterForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Queue"), required=False,
        choices=[("mine", _("My queue")), ("team", _("Team queue")),
                 ("unassigned", _("Unassigned")), ("all", _("All I can see"))],
    )
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Open")), ("any", _("Any")), *Status.choices])
    priority = forms.ChoiceField(label=_("Priority"), required=False, choices=_blank(Priority.choices))
    category = forms.ChoiceField(label=_("Category"), required=False, choices=_blank(Category.choices))
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=_blank(Channel.choices))
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    sort = forms.ChoiceField(label=_("Sort"), required=False,
                             choices=[("", _("Priority, newest first")), ("due", _("Due soonest")),
                                      ("vip", _("VIP customers first"))])

    def clean_scope(self) -> str:
        value = self.cleaned_data.get("scope") or "mine"
        return value if value in QUEUE_SCOPES else "mine"


class ComplaintCreateForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial="phone")
    customer_name = forms.CharField(label=_("Customer name"), max_length=80, required=False)
    customer_phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    order_no = forms.CharField(label=_("Order number"), max_length=40, required=False)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}),
                                  max_length=20_000)
    demand = forms.ChoiceField(label=_("Demand"), choices=_blank(Demand.choices), required=False)


class ComplaintEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}),
                                  max_length=20_000)
    scenario = forms.CharField(label=_("Scenario"), max_length=300, required=False)
    demand = forms.ChoiceField(label=_("Demand"), choices=_blank(Demand.choices), required=False)
    category = forms.ChoiceField(label=_("Category"), choices=_blank(Category.choices), required=False)
    subcategory = forms.ChoiceField(label=_("Sub-category"), required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=_blank(Priority.choices), required=False)
    emotion = forms.ChoiceField(label=_("Emotion"), choices=_blank(Emotion.choices), required=False)
    restricted = forms.BooleanField(label=_("Restricted"), required=False)
    reason = forms.CharField(label=_("Reason for the change"), max_length=2_000, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subcategory"].choices = _blank(subcategory_choices())


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=Status.choices)
    reason = forms.CharField(max_length=2_000, required=False)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=10_000)
    internal = forms.BooleanField(label=_("Internal note (never shown to the customer)"),
                                  required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Attachment"))
