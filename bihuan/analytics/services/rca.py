"""Root-cause analyses and improvement actions: create, edit, complete, measure the effect."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from bihuan.accounts.models import User
from bihuan.core.errors import NotFound, ValidationFailed

from ..dimensions import DAILY_DIMENSIONS
from ..improvement import ACTION_METRICS, compare
from ..kpis import MEASURES
from ..models import (
    ActionStatus,
    FishboneCategory,
    Grain,
    HotspotAlert,
    ImprovementAction,
    RcaStatus,
    Rollup,
    RootCauseAnalysis,
)

WHYS = 5


def _cluster_count(dim: str, key: str, start: dt.date, end: dt.date) -> int:
    dim = dim if dim in DAILY_DIMENSIONS else "all"
    rows = Rollup.objects.filter(grain=Grain.DAY, dim=dim, day__gte=start, day__lte=end)
    if dim != "all":
        rows = rows.filter(key=key)
    return rows.aggregate(n=Sum("count"))["n"] or 0


def rca_create(*, actor: User, title: str, dim: str = "", key: str = "", start: dt.date, end: dt.date,
               flag: str = "", alert_id: int | None = None, problem: str = "") -> RootCauseAnalysis:
    """Open an analysis of the complaints behind a drill-down filter or a hotspot alert."""
    title = (title or "").strip()
    if not title:
        raise ValidationFailed(_("Give the analysis a title."))
    if start > end:
        start, end = end, start
    alert = HotspotAlert.objects.filter(pk=alert_id).first() if alert_id else None
    dim = dim if dim in DAILY_DIMENSIONS and dim != "all" else ""
    return RootCauseAnalysis.objects.create(
        title=title[:200], problem=problem, dim=dim, key=key[:200] if dim else "", start=start, end=end,
        flag=flag[:20], alert=alert, complaint_count=_cluster_count(dim, key, start, end),
        owner=actor, created_by=actor,
    )


def rca_get(rca_id: int) -> RootCauseAnalysis:
    rca = RootCauseAnalysis.objects.select_related("owner", "alert").filter(pk=rca_id).first()
    if rca is None:
        raise NotFound(_("This root-cause analysis does not exist."))
    return rca


def rca_update(*, rca_id: int, actor: User, whys: list[str], w5h1: dict[str, str],
               fishbone: dict[str, list[str]], root_cause: str, root_category: str, problem: str,
               status: str) -> RootCauseAnalysis:
    """Save the 5 Whys, 5W1H and fishbone of an analysis (blank lines dropped)."""
    with transaction.atomic():
        rca = RootCauseAnalysis.objects.select_for_update().filter(pk=rca_id).first()
        if rca is None:
            raise NotFound(_("This root-cause analysis does not exist."))
        if root_category and root_category not in FishboneCategory.values:
            raise ValidationFailed(_("Unknown fishbone category."))
        if status not in RcaStatus.values:
            raise ValidationFailed(_("Unknown status."))
        rca.whys = [w.strip() for w in whys[:WHYS]]
        while rca.whys and not rca.whys[-1]:
            rca.whys.pop()
        rca.w5h1 = {k: v.strip() for k, v in w5h1.items() if v and v.strip()}
        rca.fishbone = {c: [x.strip() for x in causes if x.strip()] for c, causes in fishbone.items()
                        if c in FishboneCategory.values and any(x.strip() for x in causes)}
        rca.root_cause, rca.root_category = root_cause.strip(), root_category
        rca.problem, rca.status = problem.strip(), status
        rca.save(update_fields=["whys", "w5h1", "fishbone", "root_cause", "root_category", "problem", "status",
                                "updated_at"])
    return rca


def action_create(*, rca_id: int, actor: User, title: str, owner_id: int | None, due_on: dt.date,
                  metric: str, target: float | None, weeks: int = 4) -> ImprovementAction:
    rca = rca_get(rca_id)
    if not (title or "").strip():
        raise ValidationFailed(_("Describe the action."))
    if metric not in ACTION_METRICS:
        raise ValidationFailed(_("Pick a metric the dashboards measure."))
    owner = User.objects.filter(pk=owner_id, is_active=True).first() if owner_id else None
    with transaction.atomic():
        action = ImprovementAction.objects.create(analysis=rca, title=title.strip()[:200], owner=owner or actor,
                                                  due_on=due_on, metric=metric, target=target,
                                                  weeks=min(max(weeks, 1), 26))
        if rca.status == RcaStatus.OPEN:
            rca.status = RcaStatus.ACTIONS
            rca.save(update_fields=["status", "updated_at"])
    return action


def _daily_measures(rca: RootCauseAnalysis, start: dt.date, end: dt.date) -> dict[dt.date, dict[str, int]]:
    rows = Rollup.objects.filter(grain=Grain.DAY, dim=rca.dim or "all", day__gte=start, day__lte=end)
    if rca.dim:
        rows = rows.filter(key=rca.key)
    return {r["day"]: r for r in rows.values("day", *MEASURES)}


def action_measure(action: ImprovementAction, *, today: dt.date | None = None) -> ImprovementAction:
    """Recompute the before/after comparison of a done action from the rollups."""
    today = today or timezone.localdate()
    span = dt.timedelta(days=7 * action.weeks)
    daily = _daily_measures(action.analysis, action.done_on - span, action.done_on + span)
    effect = compare(daily, metric=action.metric, done_on=action.done_on, weeks=action.weeks, today=today)
    action.before_value, action.after_value = effect.before, effect.after
    action.after_days, action.effect_final = effect.after_days, effect.final
    action.save(update_fields=["before_value", "after_value", "after_days", "effect_final"])
    return action


def action_complete(*, action_id: int, actor: User, done_on: dt.date | None = None) -> ImprovementAction:
    """Mark an action done; its effect is measured at once and refreshed until the window is complete."""
    with transaction.atomic():
        action = (ImprovementAction.objects.select_for_update().select_related("analysis")
                  .filter(pk=action_id).first())
        if action is None:
            raise NotFound(_("This improvement action does not exist."))
        action.status = ActionStatus.DONE
        action.done_on = done_on or timezone.localdate()
        action.save(update_fields=["status", "done_on"])
        return action_measure(action)


def actions_refresh_effects(*, today: dt.date | None = None) -> int:
    """Re-measure every done action whose after-window is not complete yet (called from the tick)."""
    pending = ImprovementAction.objects.filter(status=ActionStatus.DONE, effect_final=False).select_related("analysis")
    n = 0
    for action in pending:
        action_measure(action, today=today)
        n += 1
    return n
