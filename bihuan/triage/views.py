"""Triage screens: correction on a complaint, rules editor with a test box, model card."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bihuan.accounts.models import Role
from bihuan.complaints.permissions import complaint_get_for_user, ensure_can_edit
from bihuan.core.errors import ApplicationError, PermissionDenied

from . import selectors, services
from .forms import CorrectionForm, RuleSetForm, RuleTestForm
from .rule_check import test_rule
from .rules import RuleError

EXAMPLE_RULE = {
    "id": "esc.custom.example", "field": "escalation", "value": "threat",
    "terms": ["找包青天", "上门讨说法"], "weight": 1.5,
}
EDITOR_ROLES = (Role.ADMINISTRATOR, Role.TEAM_LEAD)


@login_required
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = complaint_get_for_user(request.user, pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a field and a value."))
        return redirect("complaints:detail", pk=pk)
    try:
        services.triage_correct(complaint=complaint, actor=request.user,
                                field=form.cleaned_data["field"], value=form.cleaned_data["value"])
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Corrected; the correction will be used for retraining."))
    return redirect("complaints:detail", pk=pk)


@login_required
@require_POST
def rerun(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = complaint_get_for_user(request.user, pk)
    ensure_can_edit(request.user, complaint)
    result = services.triage_text(complaint.description, channel=complaint.channel,
                                  customer=complaint.customer)
    services.triage_record_save(complaint=complaint, result=result)
    messages.success(request, _("Triage refreshed."))
    return redirect("complaints:detail", pk=pk)


def _can_edit_rules(user) -> bool:
    return user.is_superuser or user.role in EDITOR_ROLES


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    publish_form = RuleSetForm(initial={
        "data": json.dumps(services.active_ruleset_data(), ensure_ascii=False, indent=1)})
    test_form = RuleTestForm(initial={"rule": json.dumps(EXAMPLE_RULE, ensure_ascii=False, indent=1),
                                      "text": "再不给我退款，我就去找包青天！"})
    test_result = engine_result = None
    status = 200
    if request.method == "POST" and "publish" in request.POST:
        if not _can_edit_rules(request.user):
            raise PermissionDenied()
        publish_form = RuleSetForm(request.POST)
        if publish_form.is_valid():
            try:
                version = services.ruleset_publish(data=publish_form.cleaned_data["data"],
                                                   actor=request.user,
                                                   note=publish_form.cleaned_data["note"])
            except ApplicationError as error:
                publish_form.add_error("data", str(error.message))
            else:
                messages.success(request, _("Rules v%s published and active.") % version.version)
                return redirect("triage:rules")
        status = 422
    elif request.method == "POST":
        test_form = RuleTestForm(request.POST)
        if test_form.is_valid():
            text = test_form.cleaned_data["text"]
            try:
                test_result = test_rule(test_form.cleaned_data["rule"], text)
            except (RuleError, ValueError, TypeError, KeyError, AttributeError) as error:
                test_form.add_error("rule", _("The rule is not valid: %s") % services.rule_error_text(error))
                status = 422
            engine_result = json.dumps(services.current_engine().triage(text).as_dict(), ensure_ascii=False, indent=1)
        else:
            status = 422
    return render(request, "triage/rules.html", {
        "publish_form": publish_form, "test_form": test_form, "test_result": test_result,
        "engine_result": engine_result, "versions": selectors.ruleset_versions(),
        "can_edit": _can_edit_rules(request.user),
    }, status=status)


@login_required
def model(request: HttpRequest) -> HttpResponse:
    return render(request, "triage/model.html", {"card": selectors.model_card()})
