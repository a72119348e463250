"""Resolution UI: panel actions on the complaint page, the approver queue, the customer progress page.

Each view parses a form, fetches through the permission chokepoint, calls one
service and goes back to the complaint page with the outcome explained.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bihuan.complaints.permissions import complaint_get_for_user
from bihuan.core.errors import ApplicationError, NotFound

from . import forms, selectors, services
from .models import ApprovalRequest, ExecutionStep, ProgressLink, Remedy
from .policy import assist


def _back(pk: int) -> HttpResponse:
    response = redirect("complaints:detail", pk=pk)
    response["Location"] += "#resolution"
    return response


@dataclass
class FormState:
    """A refused post: which panel form (`key`), what was typed, and the errors per field."""

    key: str
    data: dict
    errors: dict = field(default_factory=dict)


def _state(key: str, form, error: ApplicationError | None = None) -> FormState:
    data = {k: form.data.get(k, "") for k in form.data if k != "csrfmiddlewaretoken"}
    errors = {k: [str(m) for m in v] for k, v in form.errors.items()} if error is None else {}
    if error is not None:
        target = error.extra.get("field")
        errors[target if target in form.fields else "__all__"] = [str(error.message)]
    return FormState(key, data, errors)


def _again(request: HttpRequest, pk: int, state: FormState, status: int) -> HttpResponse:
    """The complaint page again, the user's input kept and the error next to its field."""
    from bihuan.complaints.views import _detail_context

    complaint = complaint_get_for_user(request.user, pk)
    return render(request, "complaints/detail.html", _detail_context(request, complaint, res_form=state),
                  status=status)


def _run(request: HttpRequest, pk: int, form, call, success: str, key: str = "") -> HttpResponse:
    """Validate the form, call the service; on success back to the complaint page, on failure
    the page re-rendered with what was typed (`key` names the form in the panel)."""
    if not form.is_valid():
        messages.error(request, _("Some fields are not valid."))
        return _again(request, pk, _state(key, form), 422)
    try:
        call(form)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return _again(request, pk, _state(key, form, error), error.status_code)
    messages.success(request, success)
    return _back(pk)


def _owned(model, request: HttpRequest, obj_id: int):
    obj = model.objects.filter(pk=obj_id).first()
    if obj is None:
        raise NotFound()
    complaint_get_for_user(request.user, obj.complaint_id)
    return obj


@login_required
@require_POST
def verify_item(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = complaint_get_for_user(request.user, pk)
    return _run(request, pk, forms.ItemForm(request.POST), lambda f: services.verification_item_set(
        complaint=complaint, actor=request.user, code=f.cleaned_data["code"], done=f.cleaned_data["done"],
        note=f.cleaned_data["note"]), _("Checklist updated."), key=f"item:{request.POST.get('code', '')}")


@login_required
@require_POST
def run_checks(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = complaint_get_for_user(request.user, pk)
    return _run(request, pk, forms.forms.Form(request.POST), lambda f: services.verification_run_checks(
        complaint=complaint, actor=request.user), _("Order checks refreshed."), key="checks")


@login_required
@require_POST
def report(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = complaint_get_for_user(request.user, pk)
    return _run(request, pk, forms.ReportForm(request.POST), lambda f: services.verification_complete(
        complaint=complaint, actor=request.user, findings=f.cleaned_data["findings"],
        responsibility=f.cleaned_data["responsibility"]), _("Verification report saved."), key="report")


@login_required
@require_POST
def request_info(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = complaint_get_for_user(request.user, pk)
    return _run(request, pk, forms.RequestInfoForm(request.POST), lambda f: services.verification_request_info(
        complaint=complaint, actor=request.user, message=f.cleaned_data["message"]),
        _("Request sent; the complaint now waits on the customer."), key="info")


@login_required
@require_POST
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = complaint_get_for_user(request.user, pk)
    return _run(request, pk, forms.EvidenceForm(request.POST, request.FILES), lambda f: services.evidence_add(
        complaint=complaint, actor=request.user, upload=f.cleaned_data["file"], note=f.cleaned_data["note"]),
        _("Evidence added."), key="evidence")


@login_required
@require_POST
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = complaint_get_for_user(request.user, pk)

    def call(f):
        remedy = services.remedy_propose(complaint=complaint, actor=request.user, lines=f.lines(),
                                         justification=f.cleaned_data["justification"])
        if remedy.status == "pending_approval":
            messages.info(request, _("Above your authority: sent for approval."))
    return _run(request, pk, forms.ProposeForm(request.POST), call, _("Remedy proposed."), key="propose")


@login_required
@require_POST
def offer(request: HttpRequest, remedy_id: int) -> HttpResponse:
    remedy = _owned(Remedy, request, remedy_id)
    return _run(request, remedy.complaint_id, forms.OfferForm(request.POST), lambda f: services.remedy_offer(
        remedy=remedy, actor=request.user, body=f.cleaned_data["body"]), _("Offer recorded."), key=f"offer:{remedy.pk}")


@login_required
@require_POST
def respond(request: HttpRequest, remedy_id: int) -> HttpResponse:
    remedy = _owned(Remedy, request, remedy_id)
    return _run(request, remedy.complaint_id, forms.ResponseForm(request.POST), lambda f: services.remedy_respond(
        remedy=remedy, actor=request.user, response=f.cleaned_data["response"], body=f.cleaned_data["body"],
        promised_at=f.cleaned_data["promised_at"]), _("Customer's answer recorded."), key=f"respond:{remedy.pk}")


@login_required
@require_POST
def step_done(request: HttpRequest, step_id: int) -> HttpResponse:
    step = _owned(ExecutionStep, request, step_id)
    return _run(request, step.complaint_id, forms.StepForm(request.POST), lambda f: services.step_done(
        step=step, actor=request.user, note=f.cleaned_data["note"] or ""), _("Step done."), key=f"step:{step.pk}")


@login_required
@require_POST
def step_exception(request: HttpRequest, step_id: int) -> HttpResponse:
    step = _owned(ExecutionStep, request, step_id)
    return _run(request, step.complaint_id, forms.StepForm(request.POST), lambda f: services.step_exception(
        step=step, actor=request.user, note=f.cleaned_data["note"] or "",
        delay_days=f.cleaned_data["delay_days"] or 0), _("Exception recorded; the customer is told."),
        key=f"step:{step.pk}")


@login_required
@require_POST
def create_link(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = complaint_get_for_user(request.user, pk)
    return _run(request, pk, forms.LinkForm(request.POST), lambda f: services.progress_link_create(
        complaint=complaint, actor=request.user, language=f.cleaned_data["language"], days=f.cleaned_data["days"]),
        _("Progress link created."), key="link")


@login_required
@require_POST
def revoke_link(request: HttpRequest, link_id: int) -> HttpResponse:
    link = _owned(ProgressLink, request, link_id)
    return _run(request, link.complaint_id, forms.forms.Form(request.POST),
                lambda f: services.progress_link_revoke(link=link, actor=request.user), _("Link revoked."),
                key=f"revoke:{link.pk}")


@login_required
@require_POST
def check_reply(request: HttpRequest) -> HttpResponse:
    """htmx: the plain-language check of a draft reply, as a fragment."""
    form = forms.CheckForm(request.POST)
    result = assist.plain_language_check(form.cleaned_data["text"]) if form.is_valid() else None
    return render(request, "resolution/_check_result.html", {"result": result})


@login_required
def approvals(request: HttpRequest, state: FormState | None = None, status: int = 200) -> HttpResponse:
    from bihuan.accounts.models import Role

    from .policy.tiers import stored_lines

    queue = list(selectors.approval_queue(user=request.user))
    language = translation.get_language()
    for a in queue:  # display labels only; the decision itself reads the stored request
        a.form_key = f"decide:{a.pk}"  # which row a refused decision re-renders with its input
        a.lines_label = " + ".join(line.label(language) for line in stored_lines(a.remedy.lines))
        a.role_label = Role(a.required_role).label if a.required_role in Role.values else a.required_role
    return render(request, "resolution/approvals.html", {"queue": queue, "form": forms.DecisionForm(),
                                                         "res_form": state}, status=status)


@login_required
@require_POST
def decide(request: HttpRequest, approval_id: int) -> HttpResponse:
    approval = ApprovalRequest.objects.filter(pk=approval_id).first()
    if approval is None:
        raise NotFound()
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Some fields are not valid."))
        return approvals(request, state=_state(f"decide:{approval.pk}", form), status=422)
    try:
        services.approval_decide(request=approval, actor=request.user, decision=form.cleaned_data["decision"],
                                 reason=form.cleaned_data["reason"], counter_lines=form.counter_lines())
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return approvals(request, state=_state(f"decide:{approval.pk}", form, error), status=error.status_code)
    messages.success(request, _("Decision recorded on %s.") % approval.complaint.number)
    return redirect("resolution:approvals")


def progress(request: HttpRequest, token: str) -> HttpResponse:
    """Public, no login: the customer's view through a signed link."""
    try:
        link = services.progress_link_open(token=token)
    except services.LinkUnusable as error:
        return render(request, "resolution/progress_unusable.html", {"reason": error.code},
                      status=404 if error.code == "invalid" else 410)
    with translation.override(link.language):
        page = services.progress_page(link)
        response = render(request, "resolution/progress.html", {"page": page, "lang": link.language})
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response
