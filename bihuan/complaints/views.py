"""Agent UI views: parse the form, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bihuan.core.errors import ApplicationError
from bihuan.core.pagination import clamp_page
from bihuan.customers.services import customer_phone_reveal
from bihuan.followup.selectors import followup_panel
from bihuan.resolution.selectors import resolution_panel
from bihuan.triage import selectors as triage_selectors

from . import lifecycle, selectors, services
from .choices import Demand, Emotion, Status, subcategory_choices
from .forms import (
    AttachmentForm,
    CommentForm,
    ComplaintCreateForm,
    ComplaintEditForm,
    QueueFilterForm,
    TransitionForm,
)
from .permissions import can_edit, complaint_get_for_user


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    status = data.get("status", "")
    filters = selectors.ComplaintFilters(
        scope=data.get("scope") or "mine",
        status="" if status in ("", "any") else status,
        open_only=status == "",
        priority=data.get("priority", ""), category=data.get("category", ""),
        channel=data.get("channel", ""), q=data.get("q", ""), sort=data.get("sort", ""),
    )
    page_no, size = clamp_page(request.GET.get("page"), request.GET.get("page_size"))
    page = selectors.complaint_list(user=request.user, filters=filters, page=page_no, page_size=size)
    if not form.is_bound:
        form = QueueFilterForm(initial={"scope": "mine"})
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "scope": filters.scope}
    template = "complaints/_queue_table.html" if request.headers.get("HX-Request") else "complaints/queue.html"
    return render(request, template, context)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    form = ComplaintCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            complaint = services.complaint_create(
                actor=request.user, channel=d["channel"], description=d["description"],
                title=d["title"], order_no=d["order_no"].strip(), demand=d["demand"],
                customer_data=services.CustomerData(name=d["customer_name"].strip(),
                                                    phone=d["customer_phone"].strip()),
            )
        except ApplicationError as error:
            form.add_error(error.extra.get("field") if error.extra.get("field") in form.fields else None,
                           str(error.message))
        else:
            messages.success(request, _("Complaint %s created.") % complaint.number)
            return redirect("complaints:detail", pk=complaint.pk)
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "complaints/create.html", {"form": form}, status=status)


def _detail_context(request: HttpRequest, complaint, **overrides) -> dict:
    panel = selectors.customer_panel(user=request.user, complaint=complaint)
    targets = lifecycle.allowed_targets(complaint.status)
    next_step = lifecycle.next_main_step(complaint.status)
    main_index = lifecycle.MAIN_STEPS.index(complaint.status) if complaint.status in lifecycle.MAIN_STEPS else -1
    context = {
        "complaint": complaint,
        "steps": [(s, i < main_index, Status(s).label) for i, s in enumerate(lifecycle.MAIN_STEPS)],
        "timeline": selectors.complaint_timeline(complaint=complaint),
        "panel": panel,
        "links": selectors.complaint_links(complaint=complaint),
        "can_edit": can_edit(request.user, complaint),
        "next_step": next_step and Status(next_step),
        "other_moves": [
            (Status(t), lifecycle.reason_required(complaint.status, t))
            for t in lifecycle.ALL_STATUSES if t in targets and t != next_step
        ],
        "edit_form": ComplaintEditForm(initial={
            f: getattr(complaint, f) for f in
            ("title", "description", "scenario", "demand", "category", "subcategory",
             "priority", "emotion", "restricted")
        }),
        "comment_form": CommentForm(),
        "attachment_form": AttachmentForm(),
        "attachments": list(complaint.attachments.all()),
        "triage": triage_selectors.triage_panel(complaint=complaint),
        "resolution": resolution_panel(user=request.user, complaint=complaint),
        "followup": followup_panel(user=request.user, complaint=complaint),
        "subcategory_options": subcategory_choices(),
        "emotion_options": Emotion.choices,
        "demand_options": Demand.choices,
    }
    context.update(overrides)
    return context


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = complaint_get_for_user(request.user, pk)
    return render(request, "complaints/detail.html", _detail_context(request, complaint))


def _fail(request: HttpRequest, complaint, error: ApplicationError, **forms) -> HttpResponse:
    """Show the detail page again with the user's input kept and the error explained."""
    messages.error(request, str(error.message))
    complaint = complaint_get_for_user(request.user, complaint.pk)
    return render(request, "complaints/detail.html", _detail_context(request, complaint, **forms),
                  status=error.status_code)


@login_required
@require_POST
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = complaint_get_for_user(request.user, pk)
    form = ComplaintEditForm(request.POST)
    if not form.is_valid():
        return _fail(request, complaint, ApplicationError(_("Some fields are not valid."),
                                                          code="validation_error"), edit_form=form)
    changes = dict(form.cleaned_data)
    reason = changes.pop("reason")
    try:
        services.complaint_update(complaint=complaint, actor=request.user, changes=changes,
                                  reason=reason)
    except ApplicationError as error:
        return _fail(request, complaint, error, edit_form=form)
    messages.success(request, _("Saved."))
    return redirect("complaints:detail", pk=pk)


@login_required
@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = complaint_get_for_user(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _fail(request, complaint, ApplicationError(_("Unknown status."), code="unknown_status"))
    try:
        complaint = services.complaint_transition(
            complaint=complaint, actor=request.user, to=form.cleaned_data["to"],
            reason=form.cleaned_data["reason"],
        )
    except ApplicationError as error:
        return _fail(request, complaint, error)
    messages.success(request, _("Moved to %s.") % complaint.get_status_display())
    return redirect("complaints:detail", pk=pk)


@login_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = complaint_get_for_user(request.user, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _fail(request, complaint, ApplicationError(_("The comment is empty or too long."),
                                                          code="validation_error"), comment_form=form)
    try:
        services.complaint_comment(complaint=complaint, actor=request.user,
                                   body=form.cleaned_data["body"],
                                   internal=form.cleaned_data["internal"])
    except ApplicationError as error:
        return _fail(request, complaint, error, comment_form=form)
    return redirect("complaints:detail", pk=pk)


@login_required
@require_POST
def take(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = complaint_get_for_user(request.user, pk)
    try:
        services.complaint_assign(complaint=complaint, actor=request.user, owner=request.user,
                                  reason=request.POST.get("reason", "")[:2000])
    except ApplicationError as error:
        return _fail(request, complaint, error)
    messages.success(request, _("You now own this complaint."))
    return redirect("complaints:detail", pk=pk)


@login_required
@require_POST
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = complaint_get_for_user(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _fail(request, complaint, ApplicationError(_("Choose a file to upload."),
                                                          code="validation_error"))
    try:
        services.attachment_add(complaint=complaint, actor=request.user, upload=form.cleaned_data["file"])
    except ApplicationError as error:
        return _fail(request, complaint, error)
    messages.success(request, _("Attachment added."))
    return redirect("complaints:detail", pk=pk)


@login_required
@require_POST
def reveal_phone(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: replace the masked phone with the full number (audited)."""
    complaint = complaint_get_for_user(request.user, pk)
    try:
        phone = customer_phone_reveal(user=request.user, complaint=complaint)
    except ApplicationError as error:
        return HttpResponse(f'<span class="error">{escape(error.message)}</span>', status=error.status_code)
    return HttpResponse(f'<strong class="revealed">{escape(phone)}</strong>')
