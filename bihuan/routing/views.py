"""SLA pages: supervisor's at-risk list and the due-time preview (parse, call a selector, render)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import selectors
from .forms import PreviewForm


@login_required
def at_risk(request: HttpRequest) -> HttpResponse:
    try:
        hours = min(max(int(request.GET.get("hours", 2)), 1), 72)
    except ValueError:
        hours = 2
    clocks = selectors.sla_at_risk(user=request.user, horizon=dt.timedelta(hours=hours))
    groups = {
        "breached": [c for c in clocks if c.status == "breached"],
        "warning": [c for c in clocks if c.status == "warning"],
        "soon": [c for c in clocks if c.status == "running"],
    }
    return render(request, "routing/at_risk.html", {"groups": groups, "hours": hours})


@login_required
def preview(request: HttpRequest) -> HttpResponse:
    initial = {"received_at": timezone.localtime().replace(second=0, microsecond=0), "priority": "red",
               "channel": "phone"}
    form = PreviewForm(request.GET or None, initial=initial)
    result = None
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        result = selectors.sla_preview(received_at=d["received_at"], priority=d["priority"], channel=d["channel"],
                                       team_id=d["team"].pk if d["team"] else None)
    return render(request, "routing/preview.html", {"form": form, "result": result},
                  status=422 if form.is_bound and form.errors else 200)
