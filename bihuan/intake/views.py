"""Public pages (no login): the complaint form, the confirmation and the signed progress page;
and, for agents, accepting extraction suggestions on a complaint."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bihuan.complaints.permissions import complaint_get_for_user
from bihuan.core.errors import ApplicationError

from . import selectors
from .forms import PublicComplaintForm
from .services.public_form import PublicSubmission, form_token, submit_public_form
from .services.suggestions import suggestion_accept


def _client_ip(request: HttpRequest) -> str:
    # Behind the project's reverse proxy REMOTE_ADDR is set by it; X-Forwarded-For is
    # client-controlled and is deliberately not trusted for rate limiting.
    return request.META.get("REMOTE_ADDR", "")[:64]


@require_http_methods(["GET", "POST"])
def complaint_form(request: HttpRequest, channel: str = "web") -> HttpResponse:
    form = PublicComplaintForm(request.POST or None, request.FILES or None,
                               initial={"token": form_token()})
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            result = submit_public_form(
                submission=PublicSubmission(
                    channel=channel, token=d["token"], name=d["name"], phone=d["phone"].replace(" ", ""),
                    description=d["description"], order_no=d["order_no"].strip(), demand=d["demand"],
                    honeypot=d["website"], language=(get_language() or "zh-hans").lower(),
                ),
                files=d["attachments"], ip=_client_ip(request),
            )
        except ApplicationError as error:
            form.add_error(None, str(error.message))
            status = error.status_code
        else:
            return redirect("intake:submitted", token=selectors.progress_token(result.complaint))
    elif request.method == "POST":
        status = 422
    if request.method == "POST":
        form.data = form.data.copy()
        form.data["token"] = form_token()  # a fresh token for the next attempt
    return render(request, "intake/form.html", {"form": form, "channel": channel}, status=status)


def submitted(request: HttpRequest, token: str) -> HttpResponse:
    complaint = selectors.complaint_from_progress_token(token)
    progress_url = request.build_absolute_uri(f"/intake/progress/{token}/")
    return render(request, "intake/submitted.html", {"complaint": complaint, "progress_url": progress_url})


def progress(request: HttpRequest, token: str) -> HttpResponse:
    complaint = selectors.complaint_from_progress_token(token)
    return render(request, "intake/progress.html", {
        "complaint": complaint, "steps": selectors.progress_steps(complaint),
        "events": selectors.customer_visible_events(complaint),
    })


@login_required
@require_POST
def accept_suggestion(request: HttpRequest, complaint_id: int) -> HttpResponse:
    """An agent takes an extraction suggestion onto the record (through complaint_update)."""
    complaint = complaint_get_for_user(request.user, complaint_id)
    try:
        suggestion_accept(complaint=complaint, actor=request.user, kind=request.POST.get("kind", ""),
                          value=request.POST.get("value", ""))
        messages.success(request, _("The suggestion is now on the record."))
    except ApplicationError as error:
        messages.error(request, str(error.message))
    return redirect("complaints:detail", pk=complaint.pk)
