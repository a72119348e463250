"""The public complaint form (no login)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from bihuan.complaints.choices import Demand

MAX_FILES = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class PublicComplaintForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=80)
    phone = forms.RegexField(label=_("Mobile phone"), regex=r"^\+?[\d\s-]{6,20}$", max_length=32,
                             error_messages={"invalid": _("Enter a phone number we can call back.")})
    order_no = forms.CharField(label=_("Order number (if any)"), max_length=40, required=False)
    description = forms.CharField(label=_("What happened?"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 6}))
    demand = forms.ChoiceField(label=_("What would you like us to do?"), required=False,
                               choices=[("", "—")] + [c for c in Demand.choices if c[0] != "none"])
    attachments = MultipleFileField(label=_("Photos or documents"), required=False)
    # Left empty by people; filled by form-filling bots (hidden with CSS).
    website = forms.CharField(required=False, label=_("Leave this empty"))
    token = forms.CharField(widget=forms.HiddenInput)

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("At most %d files.") % MAX_FILES)
        for upload in files:
            content_type = (upload.content_type or "").split(";")[0].strip().lower()
            if content_type not in settings.BIHUAN_ALLOWED_UPLOAD_TYPES:
                raise forms.ValidationError(_("Files of type %s are not accepted.") % (content_type or "?"))
            if upload.size > settings.BIHUAN_MAX_UPLOAD_BYTES:
                raise forms.ValidationError(_("The file is too large (at most %d MB).")
                                            % (settings.BIHUAN_MAX_UPLOAD_BYTES // (1024 * 1024)))
        return files
