"""Import page (team leads and up): upload a CSV/XLSX, then watch the progress bar (htmx polling)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from bihuan.complaints.choices import Channel
from bihuan.core.errors import ApplicationError, PermissionDenied

from .models import ImportJob, ImportStatus
from .services.import_jobs import can_import, import_job_start


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    mapping = forms.CharField(label=_("Column mapping (optional)"), required=False, max_length=2000,
                              help_text=_("e.g. 来源单号=channel_message_id,手机=customer_phone"))
    default_channel = forms.ChoiceField(label=_("Channel for rows without one"), choices=Channel.choices,
                                        initial="phone")


def _job_for(request: HttpRequest, job_id: int) -> ImportJob:
    if not can_import(request.user):
        raise PermissionDenied()
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    if not can_import(request.user):
        raise PermissionDenied()
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_start(actor=request.user, upload=form.cleaned_data["file"],
                                   mapping=form.cleaned_data["mapping"],
                                   default_channel=form.cleaned_data["default_channel"])
            return redirect("intake:import_job", job_id=job.pk)
        except ApplicationError as error:
            form.add_error(None, str(error.message))
    recent = ImportJob.objects.order_by("-created_at")[:10]
    return render(request, "intake/import.html", {"form": form, "recent": recent})


@login_required
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_for(request, job_id)
    template = "intake/_import_progress.html" if request.headers.get("HX-Request") else "intake/import_job.html"
    return render(request, template, {"job": job, "running": job.status in (ImportStatus.QUEUED,
                                                                               ImportStatus.RUNNING)})
