"""Follow-up pages: my queue, outcomes, the survey builder (staff) and the survey page (public)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bihuan.complaints.permissions import complaint_get_for_user
from bihuan.core.errors import ApplicationError, Conflict, PermissionDenied
from bihuan.core.redirects import local_next

from . import selectors, services
from .choices import Outcome
from .forms import OutcomeForm, SurveyAnswerForm, SurveyBuilderForm
from .models import ReminderRule
from .services.surveys import questions_snapshot

BUILDER_ROLES = ("team_lead", "administrator")


@login_required
def my_queue(request: HttpRequest) -> HttpResponse:
    rows = selectors.my_follow_ups(user=request.user)
    return render(request, "followup/mine.html", {"rows": rows, "outcome_choices": Outcome.choices})


def _back(request: HttpRequest, default: str) -> HttpResponse:
    return redirect(local_next(request, default))


@login_required
@require_POST
def record_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_for_user(user=request.user, task_id=pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an outcome."))
        return _back(request, "followup:mine")
    try:
        services.follow_up_record(task=task, actor=request.user, outcome=form.cleaned_data["outcome"],
                                  note=form.cleaned_data["note"])
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Outcome recorded."))
    return _back(request, "followup:mine")


@login_required
@require_POST
def review_withdrawn(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = complaint_get_for_user(request.user, pk)
    try:
        services.review_withdrawn_mark(complaint=complaint, actor=request.user,
                                       withdrawn=request.POST.get("withdrawn", "1") == "1")
    except ApplicationError as error:
        messages.error(request, str(error.message))
    return redirect("complaints:detail", pk=pk)


def _preview(form: SurveyBuilderForm) -> dict:
    """The questions as the customer would see them, from the (unsaved) form values."""
    config = form.instance
    if form.is_bound and form.is_valid():
        config = form.save(commit=False)
    snapshot = questions_snapshot(config)
    return {lang: {"asks": snapshot, "words": snapshot[lang], "lang": lang} for lang in ("zh-hans", "en")}


@login_required
@require_http_methods(["GET", "POST"])
def survey_builder(request: HttpRequest) -> HttpResponse:
    if request.user.role not in BUILDER_ROLES and not request.user.is_superuser:
        raise PermissionDenied()
    config = services.survey_config()
    form = SurveyBuilderForm(request.POST or None, instance=config)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "save":
        if form.is_valid():
            try:
                services.survey_config_save(actor=request.user, values={
                    name: form.cleaned_data[name] for name in SurveyBuilderForm.Meta.fields})
            except ApplicationError as error:
                form.add_error(None, str(error.message))
                status = error.status_code
            else:
                messages.success(request, _("Survey saved. New surveys use it from now on."))
                return redirect("followup:builder")
        else:
            status = 422
    return render(request, "followup/builder.html", {"form": form, "preview": _preview(form)}, status=status)


def _public(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex"
    # Not "no-referrer": browsers then send Origin: null on the form's POST and CSRF refuses it.
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def survey_page(request: HttpRequest, token: str) -> HttpResponse:
    """Public, no login: the survey behind a signed link, in the customer's language."""
    try:
        survey = services.survey_open(token=token)
    except services.LinkUnusable as error:
        status = 404 if error.code == "invalid" else 410
        return _public(render(request, "followup/survey_unusable.html", {"reason": error.code}, status=status))
    with translation.override(survey.language):
        context = {"survey": survey, "asks": survey.questions, "lang": survey.language,
                   "words": survey.questions.get(survey.language) or survey.questions.get("zh-hans", {})}
        if survey.answered_at is not None and request.method == "GET":
            return _public(render(request, "followup/survey_done.html", {**context, "again": True}))
        status = 200
        if request.method == "POST":
            form = SurveyAnswerForm(request.POST)
            data = form.cleaned_data if form.is_valid() else {}
            try:
                services.survey_submit(token=token, csat=data.get("csat"), nps=data.get("nps"),
                                       comment=data.get("comment", ""))
            except Conflict:
                return _public(render(request, "followup/survey_done.html", {**context, "again": True},
                                      status=409))
            except ApplicationError as error:
                context.update(error=str(error.message), posted=request.POST)
                status = error.status_code
            else:
                return _public(render(request, "followup/survey_done.html", context))
        return _public(render(request, "followup/survey.html", context, status=status))


@login_required
@require_http_methods(["GET", "POST"])
def reminder_rules(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """温馨提醒 rules: list, edit one (pk) or add one."""
    if request.user.role not in BUILDER_ROLES and not request.user.is_superuser:
        raise PermissionDenied()
    status = 200
    if request.method == "POST":
        rule = ReminderRule.objects.filter(pk=pk).first() if pk else None
        try:
            services.reminder_rule_save(actor=request.user, rule=rule, values={
                **{k: request.POST.get(k, "") for k in ("name", "advice_zh", "advice_en", "position", "categories",
                                                        "subcategories", "channels", "keywords")},
                "active": request.POST.get("active") == "on"})
        except (ApplicationError, ValueError) as error:
            messages.error(request, str(getattr(error, "message", _("Some fields are not valid."))))
            status = 422
        else:
            messages.success(request, _("Saved."))
            return redirect("followup:reminders")
    rules = list(ReminderRule.objects.order_by("position", "id"))
    return render(request, "followup/reminders.html", {"rules": rules}, status=status)
