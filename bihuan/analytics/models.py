"""Analytics tables: a per-complaint fact row, rollups the dashboards read, targets, hotspot alerts.

Dashboards read `Rollup` and `StageRollup` only (DESIGN rule 8). `ComplaintFact`
is the denormalised source the rollups are rebuilt from, one row per complaint,
and the index behind drill-downs. All three are derived data: `analytics_refresh`
rebuilds them from complaints and their timelines and never the other way round.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplaintFact(models.Model):
    """What analytics needs to know about one complaint, computed from its record and timeline.

    `day`/`hour`/`weekday` are in the site's time zone (TIME_ZONE) so buckets match what
    an operations team calls "Monday 10 o'clock". Durations are wall-clock seconds.
    """

    complaint = models.OneToOneField(
        "complaints.Complaint", primary_key=True, on_delete=models.CASCADE, related_name="analytics_fact"
    )
    received_at = models.DateTimeField()
    day = models.DateField()
    hour = models.PositiveSmallIntegerField()
    weekday = models.PositiveSmallIntegerField()  # Monday = 0
    category = models.CharField(max_length=20, blank=True)
    subcategory = models.CharField(max_length=40, blank=True)
    channel = models.CharField(max_length=20, blank=True)
    priority = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=24, blank=True)
    department_id = models.BigIntegerField(null=True, blank=True)
    owner_id = models.BigIntegerField(null=True, blank=True)
    customer_id = models.BigIntegerField(null=True, blank=True)
    province = models.CharField(max_length=20, blank=True)
    member_level = models.SmallIntegerField(default=-1)  # -1: no customer on record
    product = models.CharField(max_length=120, blank=True)
    batch = models.CharField(max_length=60, blank=True)
    first_response_seconds = models.PositiveIntegerField(null=True, blank=True)
    resolution_seconds = models.PositiveIntegerField(null=True, blank=True)
    closed = models.BooleanField(default=False)
    reopened = models.BooleanField(default=False)
    repeat = models.BooleanField(default=False)  # this complaint is a 二次进线 of an earlier one
    repeated_later = models.BooleanField(default=False)  # a later complaint repeats this one
    escalated = models.BooleanField(default=False)
    transfers = models.PositiveSmallIntegerField(default=0)
    fcr = models.BooleanField(default=False)
    sla_done = models.PositiveSmallIntegerField(default=0)  # SLA clocks that finished
    sla_met = models.PositiveSmallIntegerField(default=0)  # … of which met the target
    # None until the window has passed (a complaint from yesterday has no 30-day answer yet).
    repurchase_72h = models.BooleanField(null=True, blank=True)
    repurchase_30d = models.BooleanField(null=True, blank=True)
    stage_seconds = models.JSONField(default=dict, blank=True)  # status -> seconds spent (left statuses)
    # Handling sessions (AHT): runs of staff timeline actions at most SESSION_GAP apart, 2+ actions each.
    handle_seconds = models.PositiveIntegerField(default=0)
    handle_sessions = models.PositiveSmallIntegerField(default=0)
    survey_sent = models.BooleanField(default=False)
    survey_answered = models.BooleanField(default=False)
    csat = models.PositiveSmallIntegerField(null=True, blank=True)  # 1–5
    nps = models.PositiveSmallIntegerField(null=True, blank=True)  # 0–10
    remedy_type = models.CharField(max_length=24, blank=True)  # main line of the last granted remedy
    compensation_fen = models.BigIntegerField(default=0)  # granted remedies' value, in fen (分)
    refund_agreed = models.BooleanField(default=False)
    refund_done = models.BooleanField(default=False)
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["day", "hour"]),
            models.Index(fields=["category", "day"]),
            models.Index(fields=["province", "day"]),
            models.Index(fields=["product", "day"]),
            models.Index(fields=["owner_id", "day"]),
            models.Index(fields=["department_id", "day"]),
        ]

    def __str__(self) -> str:
        return f"fact {self.complaint_id}"


class Grain(models.TextChoices):
    DAY = "d", _("Day")
    HOUR = "h", _("Hour")


class Rollup(models.Model):
    """Measures of the complaints received in one bucket for one dimension value.

    `dim` is one of analytics.dimensions.DAILY_DIMENSIONS (or HOURLY_DIMENSIONS for
    grain "h"); "all" has key "". Cross dimensions join keys with "|"
    (region_category: "广东|product"). Sums are seconds; a mean is sum / n.
    """

    grain = models.CharField(max_length=1, choices=Grain.choices)
    day = models.DateField()
    hour = models.PositiveSmallIntegerField(default=0)
    dim = models.CharField(max_length=24)
    key = models.CharField(max_length=200, blank=True)
    count = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    fr_sum = models.BigIntegerField(default=0)
    fr_n = models.PositiveIntegerField(default=0)
    fr_met = models.PositiveIntegerField(default=0)  # first response within the target at refresh time
    res_sum = models.BigIntegerField(default=0)
    res_n = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    repeat = models.PositiveIntegerField(default=0)
    escalated = models.PositiveIntegerField(default=0)
    transferred = models.PositiveIntegerField(default=0)
    fcr = models.PositiveIntegerField(default=0)
    sla_done = models.PositiveIntegerField(default=0)
    sla_met = models.PositiveIntegerField(default=0)
    rp72_n = models.PositiveIntegerField(default=0)
    rp72 = models.PositiveIntegerField(default=0)
    rp30_n = models.PositiveIntegerField(default=0)
    rp30 = models.PositiveIntegerField(default=0)
    repeated_later = models.PositiveIntegerField(default=0)  # followed by a repeat complaint
    aht_sum = models.BigIntegerField(default=0)
    aht_n = models.PositiveIntegerField(default=0)
    surveys = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    csat_sum = models.PositiveIntegerField(default=0)
    csat_n = models.PositiveIntegerField(default=0)
    nps_n = models.PositiveIntegerField(default=0)
    promoters = models.PositiveIntegerField(default=0)
    detractors = models.PositiveIntegerField(default=0)
    comp_fen = models.BigIntegerField(default=0)
    refund_n = models.PositiveIntegerField(default=0)
    refund_ok = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["grain", "dim", "day", "hour", "key"], name="rollup_unique_bucket"),
        ]

    def __str__(self) -> str:
        return f"{self.grain}:{self.day}:{self.hour}:{self.dim}={self.key} ({self.count})"


class StageRollup(models.Model):
    """Seconds spent in each lifecycle status by complaints received that day (left statuses only)."""

    day = models.DateField()
    status = models.CharField(max_length=24)
    seconds = models.BigIntegerField(default=0)
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "status"], name="stage_rollup_unique")]

    def __str__(self) -> str:
        return f"{self.day}:{self.status}"


class RefreshState(models.Model):
    """Watermark of an incremental job: the last timeline event id it has folded in."""

    name = models.CharField(max_length=40, primary_key=True)
    last_event_id = models.BigIntegerField(default=0)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_duration_ms = models.PositiveIntegerField(default=0)
    last_complaints = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}@{self.last_event_id}"


class KpiTarget(models.Model):
    """A target an operations team sets for a KPI (defaults in settings BIHUAN_ANALYTICS_TARGETS)."""

    kpi = models.CharField(_("KPI"), max_length=40, unique=True)
    low = models.FloatField(_("lower bound"), null=True, blank=True)
    high = models.FloatField(_("upper bound"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")

    def __str__(self) -> str:
        return f"{self.kpi}: {self.low}–{self.high}"


class AlertKind(models.TextChoices):
    SPIKE = "spike", _("Daily spike")
    NEW_PRODUCT = "new_product", _("New-product surge")
    TREND = "trend", _("Share rising two weeks in a row")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued in the outbox")
    PENDING = "pending", _("Delivery pending (no notification channel installed)")


class HotspotAlert(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices)
    dim = models.CharField(_("dimension"), max_length=24)
    key = models.CharField(_("value"), max_length=200)
    day = models.DateField(_("day"))
    observed = models.FloatField(_("observed"))
    expected = models.FloatField(_("expected"))
    score = models.FloatField(_("score"))
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("department"),
    )
    drilldown = models.CharField(_("drill-down link"), max_length=400)
    delivery = models.CharField(_("delivery"), max_length=10, choices=DeliveryStatus.choices,
                                default=DeliveryStatus.PENDING)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("acknowledged by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-score"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "dim", "key", "day"], name="hotspot_alert_unique"),
        ]
        verbose_name = _("hotspot alert")
        verbose_name_plural = _("hotspot alerts")

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.dim}={self.key}"


class FishboneCategory(models.TextChoices):
    """The six bones of the fishbone (Ishikawa) diagram used here."""

    PEOPLE = "people", _("People")
    PROCESS = "process", _("Process")
    PRODUCT = "product", _("Product")
    LOGISTICS = "logistics_partner", _("Logistics partner")
    POLICY = "policy", _("Policy")
    SYSTEM = "system", _("System")


W5H1 = (("what", _("What happened")), ("why", _("Why it matters")), ("where", _("Where")),
        ("when", _("When")), ("who", _("Who is affected")), ("how", _("How it happens")))


class RcaStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACTIONS = "actions", _("Actions under way")
    CLOSED = "closed", _("Closed")


class RootCauseAnalysis(models.Model):
    """A root-cause analysis of a cluster of complaints: a drill-down filter (dimension, value, period).

    The cluster is a filter, not a copied list, so the complaints behind it are always the
    drill-down's (and its visibility rules); `complaint_count` is the size when the record was made.
    """

    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem statement"), blank=True)
    dim = models.CharField(_("dimension"), max_length=24, blank=True)
    key = models.CharField(_("value"), max_length=200, blank=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    flag = models.CharField(max_length=20, blank=True)
    alert = models.ForeignKey(HotspotAlert, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="analyses", verbose_name=_("hotspot alert"))
    complaint_count = models.PositiveIntegerField(_("complaints"), default=0)
    whys = models.JSONField(_("5 Whys"), default=list, blank=True)
    w5h1 = models.JSONField(_("5W1H"), default=dict, blank=True)
    fishbone = models.JSONField(_("fishbone"), default=dict, blank=True)  # category -> [causes]
    root_cause = models.TextField(_("root cause"), blank=True)
    root_category = models.CharField(_("root-cause category"), max_length=20, choices=FishboneCategory.choices,
                                     blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RcaStatus.choices, default=RcaStatus.OPEN)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("owner"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("root-cause analysis")
        verbose_name_plural = _("root-cause analyses")

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class ImprovementAction(models.Model):
    """An improvement with an owner, a due date and the KPI it should move.

    Once done, the KPI over the cluster is compared over `weeks` weeks before vs after
    `done_on` (from the daily rollups); the comparison is refreshed until the after
    window has passed (`effect_final`).
    """

    analysis = models.ForeignKey(RootCauseAnalysis, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("owner"))
    due_on = models.DateField(_("due date"))
    metric = models.CharField(_("target metric"), max_length=40)
    target = models.FloatField(_("target value"), null=True, blank=True)
    weeks = models.PositiveSmallIntegerField(_("weeks before/after"), default=4)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    before_value = models.FloatField(_("before"), null=True, blank=True)
    after_value = models.FloatField(_("after"), null=True, blank=True)
    after_days = models.PositiveSmallIntegerField(default=0)
    effect_final = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")

    def __str__(self) -> str:
        return self.title


class ReportSubscription(models.Model):
    """Who receives the weekly and/or monthly report, and in which language (one row per user).

    Sending is idempotent per period and user: the outbox dedup key is
    `report:<kind>:<period>:<user id>` (services.reports.reports_send_due).
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="report_subscription", verbose_name=_("user"))
    weekly = models.BooleanField(_("weekly report"), default=False)
    monthly = models.BooleanField(_("monthly report"), default=False)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report subscription")
        verbose_name_plural = _("report subscriptions")

    def __str__(self) -> str:
        return f"{self.user}: weekly={self.weekly} monthly={self.monthly} ({self.language})"
