"""Supervisors' screens for the solution library (方案库) and verification checklists.

Each view parses a form, calls one service or selector, and shows the result; a
refused save re-renders the form with what was typed and the error beside its field.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bihuan.complaints.permissions import complaint_get_for_user
from bihuan.core.errors import ApplicationError, NotFound

from . import selectors, services
from .choices import GRANTED_REMEDY_STATUSES
from .forms_library import ChecklistForm, ScenarioForm
from .models import Scenario


def _scenario(scenario_id: int) -> Scenario:
    scenario = Scenario.objects.filter(pk=scenario_id).first()
    if scenario is None:
        raise NotFound()
    return scenario


def _refused(form, error: ApplicationError) -> None:
    target = error.extra.get("field")
    form.add_error(target if target in form.fields else None, str(error.message))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "resolution/library/index.html", selectors.library_overview(user=request.user))


@login_required
def scenario_edit(request: HttpRequest, scenario_id: int) -> HttpResponse:
    """Revise the active version: saving makes version n+1 and retires n."""
    overview = selectors.library_overview(user=request.user)  # the editors-only gate
    scenario = _scenario(scenario_id)
    form = ScenarioForm(request.POST or None, initial=ScenarioForm.initial_from(scenario))
    if request.method == "POST" and form.is_valid():
        try:
            new = services.scenario_new_version(scenario=scenario, actor=request.user,
                                                changes=form.data_for_service())
        except ApplicationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Saved as version %(v)d of %(code)s.") % {"v": new.version,
                                                                                 "code": new.code})
            return redirect("resolution:library")
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "resolution/library/scenario_form.html",
                  {"form": form, "scenario": scenario, "mode": "edit", "overview": overview}, status=status)


def _initial_from_case(complaint) -> dict:
    """A proposal starts from the scenario the case used and the remedy it was granted."""
    remedy = complaint.remedies.filter(status__in=GRANTED_REMEDY_STATUSES).order_by("-created_at").first()
    base = (remedy.scenario if remedy and remedy.scenario_id else None) or selectors.scenario_for(complaint)
    initial = ScenarioForm.initial_from(base) if base else {}
    initial.update(category=complaint.category or "other", subcategory=complaint.subcategory,
                   responsibility=remedy.responsibility if remedy else initial.get("responsibility", ""),
                   title_zh=complaint.title[:120] if complaint.title else initial.get("title_zh", ""))
    if remedy:
        for n in (1, 2, 3):
            initial.pop(f"std_type_{n}", None), initial.pop(f"std_amount_{n}", None)
        for n, line in enumerate(remedy.lines[:3], start=1):
            initial[f"std_type_{n}"] = line.get("type", "")
            initial[f"std_amount_{n}"] = line.get("amount") or None
    return initial


@login_required
def scenario_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose a new scenario from a resolved case; another supervisor activates it."""
    overview = selectors.library_overview(user=request.user)
    complaint = complaint_get_for_user(request.user, pk)
    form = ScenarioForm(request.POST or None, initial=_initial_from_case(complaint), need_code=True)
    if request.method == "POST" and form.is_valid():
        try:
            proposed = services.scenario_propose_from_case(complaint=complaint, actor=request.user,
                                                           code=form.cleaned_data["code"],
                                                           data=form.data_for_service())
        except ApplicationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Scenario %s proposed; another supervisor activates it.") % proposed.code)
            return redirect("resolution:library")
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "resolution/library/scenario_form.html",
                  {"form": form, "complaint": complaint, "mode": "propose", "overview": overview}, status=status)


@login_required
@require_POST
def scenario_activate(request: HttpRequest, scenario_id: int) -> HttpResponse:
    scenario = _scenario(scenario_id)
    try:
        services.scenario_activate(scenario=scenario, actor=request.user)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Scenario %s is active.") % scenario.code)
    return redirect("resolution:library")


@login_required
def checklist_edit(request: HttpRequest) -> HttpResponse:
    selectors.library_overview(user=request.user)
    category = request.GET.get("category", "product")
    subcategory = request.GET.get("subcategory", "")
    items = selectors.checklist_items_for(category=category, subcategory=subcategory)
    form = ChecklistForm(request.POST or None, initial={"category": category, "subcategory": subcategory,
                                                        "items": ChecklistForm.text_of(items)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.checklist_update(actor=request.user, category=d["category"], subcategory=d["subcategory"],
                                      items=d["items"])
        except ApplicationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Checklist saved."))
            return redirect("resolution:library")
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "resolution/library/checklist_form.html", {"form": form}, status=status)
