"""Dashboards and the drill-down queue: parse the request, call selectors, render."""

from __future__ import annotations

import functools
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bihuan.core.errors import PermissionDenied
from bihuan.core.pagination import clamp_page
from bihuan.core.redirects import local_next

from . import exports, forms, rca_selectors, report_pdf, report_selectors, reports, selectors, services, tables
from .dimensions import BREAKDOWN_DIMENSIONS, DIMENSION_LABELS
from .models import ReportSubscription
from .services.hotspots import site_url


def _guard(request: HttpRequest) -> None:
    if not selectors.can_view_analytics(request.user):
        raise PermissionDenied(_("Dashboards are for analysts, leads, department owners and administrators."))


def _base(request: HttpRequest, tab: str) -> dict:
    period = selectors.period_from(request.GET)
    return {"period": period, "tab": tab, "query": period.query(), "qs": urlencode(period.query())}


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    _guard(request)
    context = _base(request, "overview")
    period = context["period"]
    context["cards"] = selectors.kpi_cards(period)
    context["charts"] = {
        "trend": selectors.daily_trend(period),
        "labels": {"volume": _("Complaints"), "first_response": _("First response (min)"),
                   "fcr": _("FCR %"), "fr_target": _("First-response target"), "fcr_target": _("FCR target")},
        "targets": {"first_response": 15, "fcr": 85},
    }
    goals = selectors.targets()
    if goals.get("first_response") and goals["first_response"].high is not None:
        context["charts"]["targets"]["first_response"] = goals["first_response"].high
    if goals.get("fcr") and goals["fcr"].low is not None:
        context["charts"]["targets"]["fcr"] = goals["fcr"].low * 100
    context["alerts"] = selectors.recent_alerts(period)
    return render(request, "analytics/overview.html", context)


@login_required
def breakdowns(request: HttpRequest) -> HttpResponse:
    _guard(request)
    context = _base(request, "breakdowns")
    period = context["period"]
    dim = request.GET.get("dim", "category")
    dim = dim if dim in BREAKDOWN_DIMENSIONS else "category"
    rows = selectors.breakdown(period, dim)
    context.update(
        dim=dim, rows=rows, remedies=selectors.remedy_outcomes(period),
        dimensions=[(d, DIMENSION_LABELS[d]) for d in BREAKDOWN_DIMENSIONS],
        charts={
            "breakdown": {"labels": [r["label"] for r in rows], "values": [r["count"] for r in rows],
                          "urls": [r["url"] for r in rows]},
            "weekday_hour": selectors.weekday_hour(period),
            "region_category": selectors.region_category(period),
            "channel_time": selectors.channel_time(period),
            "provinces": selectors.province_counts(period),
            "waterfall": selectors.stage_waterfall(period),
            "weekdays": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
            "labels": {"complaints": _("Complaints"), "hours": _("Mean hours in step"),
                       "share": _("Share of time")},
            "drill": selectors.drill_url(period),
        },
    )
    return render(request, "analytics/breakdowns.html", context)


@login_required
def agents(request: HttpRequest) -> HttpResponse:
    _guard(request)
    context = _base(request, "agents")
    context["rows"] = selectors.agent_scorecards(context["period"])
    return render(request, "analytics/agents.html", context)


@login_required
def complaints(request: HttpRequest) -> HttpResponse:
    """The drill-down: the complaints behind a number, through the permission chokepoint."""
    filters = selectors.drill_filters(request.GET)
    page_no, size = clamp_page(request.GET.get("page"), request.GET.get("page_size"))
    page = selectors.drill_complaints(user=request.user, filters=filters, page=page_no, page_size=size)
    query = request.GET.copy()
    query.pop("page", None)
    label = ""
    if filters.dim:
        label = f"{DIMENSION_LABELS[filters.dim]}: " + selectors.key_labels(filters.dim, [filters.key]).get(
            filters.key, filters.key) if "|" not in filters.key else f"{DIMENSION_LABELS[filters.dim]}: {filters.key}"
    context = {"page": page, "query": query.urlencode(), "qs": query.urlencode(), "filters": filters,
               "can_analyse": selectors.can_view_analytics(request.user), "label": label,
               "flag_label": selectors.flag_label(filters.flag), "status_label": selectors.status_label(filters.status)}
    return render(request, "analytics/complaints.html", context)


@login_required
@require_POST
def alert_acknowledge(request: HttpRequest, alert_id: int) -> HttpResponse:
    _guard(request)
    alert = services.hotspot_acknowledge(alert_id=alert_id, user=request.user)
    messages.success(request, _("Alert acknowledged: %(key)s") % {"key": alert.key})
    return redirect(local_next(request, f"{reverse('analytics:overview')}#hotspots"))


@login_required
def export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """Any dashboard table or the filtered drill-down list as CSV (UTF-8 BOM) or XLSX."""
    if table != "complaints":  # the drill-down list is filtered by visibility, like its page
        _guard(request)
    data = tables.table_for(table, user=request.user, params=request.GET)
    if data is None:
        raise Http404
    if fmt == "xlsx":
        body = exports.to_xlsx(data)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, kind = exports.to_csv(data), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{data.name}.{fmt}"'
    return response


@login_required
def rca_list(request: HttpRequest) -> HttpResponse:
    _guard(request)
    context = _base(request, "rca")
    context["rows"] = rca_selectors.rca_list()
    return render(request, "analytics/rca_list.html", context)


@login_required
def rca_new(request: HttpRequest) -> HttpResponse:
    """Open an analysis of a drill-down filter (?dim=&key=&from=&to=) or of an alert (?alert=)."""
    _guard(request)
    source = request.POST if request.method == "POST" else request.GET
    alert = selectors.alert_or_none(source.get("alert"))
    if alert is not None:
        filters = selectors.drill_filters({"dim": alert.dim, "key": alert.key, **_alert_period(alert)})
    else:
        filters = selectors.drill_filters(source)
    form = forms.RcaCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rca = services.rca_create(actor=request.user, title=form.cleaned_data["title"],
                                  problem=form.cleaned_data["problem"], dim=filters.dim, key=filters.key,
                                  start=filters.period.start, end=filters.period.end, flag=filters.flag,
                                  alert_id=alert.pk if alert else None)
        return redirect("analytics:rca_detail", rca_id=rca.pk)
    label = rca_selectors.cluster_label(filters.dim, filters.key)
    context = {"form": form, "filters": filters, "alert": alert, "label": label,
               "drill": selectors.drill_url(filters.period, dim=filters.dim, key=filters.key, flag=filters.flag)}
    return render(request, "analytics/rca_new.html", context)


def _alert_period(alert) -> dict:
    start = alert.day - timedelta(days=6) if alert.kind == "trend" else alert.day
    return {"from": start.isoformat(), "to": alert.day.isoformat()}


@login_required
def rca_detail(request: HttpRequest, rca_id: int) -> HttpResponse:
    _guard(request)
    rca = services.rca_get(rca_id)
    form = forms.RcaEditForm(request.POST or None, initial=forms.RcaEditForm.initial_for(rca))
    if request.method == "POST" and form.is_valid():
        services.rca_update(rca_id=rca.pk, actor=request.user, **form.parsed())
        messages.success(request, _("Analysis saved."))
        return redirect("analytics:rca_detail", rca_id=rca.pk)
    context = rca_selectors.rca_detail(rca)
    context.update(form=form, action_form=forms.ActionForm(), done_form=forms.DoneForm(), tab="rca")
    return render(request, "analytics/rca_detail.html", context)


@login_required
@require_POST
def rca_action_add(request: HttpRequest, rca_id: int) -> HttpResponse:
    _guard(request)
    form = forms.ActionForm(request.POST)
    if form.is_valid():
        services.action_create(rca_id=rca_id, actor=request.user, **form.parsed())
        messages.success(request, _("Action added."))
    else:
        messages.error(request, _("The action was not added: %(errors)s") % {
            "errors": "; ".join(f"{form.fields[f].label}: {' '.join(e)}" if f in form.fields else " ".join(e)
                                for f, e in form.errors.items())})
    return redirect(f"{reverse('analytics:rca_detail', args=[rca_id])}#actions")


@login_required
@require_POST
def rca_action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    _guard(request)
    form = forms.DoneForm(request.POST)
    done_on = form.cleaned_data["done_on"] if form.is_valid() else None
    action = services.action_complete(action_id=action_id, actor=request.user, done_on=done_on)
    messages.success(request, _("Action done: its effect is measured from the rollups."))
    return redirect(f"{reverse('analytics:rca_detail', args=[action.analysis_id])}#actions")


def _latest_reports(today) -> dict:
    return {"last_week": reports.last_complete(reports.WEEKLY, today),
            "last_month": reports.last_complete(reports.MONTHLY, today)}


def _report_view(view):
    """Guard and read ?kind=&period= once for the report page and its PDF.

    A period that cannot be read gets a 400 page that says why and offers the pickers again,
    never a 500.
    """
    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest) -> HttpResponse:
        _guard(request)
        today = timezone.localdate()
        try:
            kind = reports.parse_kind(request.GET.get("kind"))
            period = reports.parse_period(kind, request.GET.get("period"), today=today)
        except reports.BadReportPeriod as error:
            context = {"tab": "reports", "error": str(error), "query": {}, **_latest_reports(today)}
            return render(request, "analytics/report_error.html", context, status=400)
        return view(request, period, today)
    return wrapper


@_report_view
def report(request: HttpRequest, period: reports.ReportPeriod, today) -> HttpResponse:
    """The weekly or monthly report (?kind=weekly&period=2026-W47; default: the last complete period)."""
    context = report_selectors.report_build(period, today=today)
    subscription = ReportSubscription.objects.filter(user=request.user).first()
    context.update(
        tab="reports", query=report_selectors.as_period(period).query(), subscription=subscription,
        subscription_form=forms.ReportSubscriptionForm(initial=forms.ReportSubscriptionForm.initial_for(subscription)),
        **_latest_reports(today),
    )
    return render(request, "analytics/report.html", context)


@_report_view
def report_pdf_download(request: HttpRequest, period: reports.ReportPeriod, today) -> HttpResponse:
    """The same report as a PDF (Chinese text in the built-in STSong-Light font)."""
    data = report_selectors.report_build(period, today=today)
    body = report_pdf.render_pdf(data, base_url=site_url())
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bihuan-report-{period.code}.pdf"'
    return response


@login_required
@require_POST
def report_subscribe(request: HttpRequest) -> HttpResponse:
    _guard(request)
    form = forms.ReportSubscriptionForm(request.POST)
    if form.is_valid():
        sub = services.report_subscription_save(user=request.user, **form.cleaned_data)
        if sub.weekly or sub.monthly:
            messages.success(request, _("Subscription saved: the reports come through your notifications."))
        else:
            messages.success(request, _("You no longer receive reports."))
    else:
        messages.error(request, _("The subscription was not saved: choose a language."))
    return redirect(local_next(request, f"{reverse('analytics:report')}#subscription"))
