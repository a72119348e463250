"""Business calendars, SLA policies, clocks (one per complaint and metric) and their event log."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bihuan.routing.clock import BusinessCalendar


def default_calendar_data() -> dict:
    return BusinessCalendar().as_dict()


class BusinessCalendarModel(models.Model):
    """Stores `BusinessCalendar.as_dict()`; a team without its own calendar uses the default one."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    team = models.OneToOneField(
        "accounts.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="sla_calendar",
        verbose_name=_("team (empty: the default calendar)"),
    )
    data = models.JSONField(_("calendar"), default=default_calendar_data)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")

    def __str__(self) -> str:
        return self.name


class Metric(models.TextChoices):
    # A context of their own: "Resolution" alone is also the resolution app (解决方案), not the SLA target.
    FIRST_RESPONSE = "first_response", pgettext_lazy("SLA metric", "First response")
    NEXT_UPDATE = "next_update", pgettext_lazy("SLA metric", "Next update")
    RESOLUTION = "resolution", pgettext_lazy("SLA metric", "Resolution")
    FOLLOW_UP = "follow_up", pgettext_lazy("SLA metric", "Follow-up")


class TimeBasis(models.TextChoices):
    BUSINESS = "business", _("Business hours")
    CALENDAR = "calendar", _("Calendar time (24×7)")


class SlaPolicy(models.Model):
    """First active policy (by position) whose conditions match applies; targets in minutes.

    `actions` is a list of {"on": "warning"|"breach", "metric": "<metric>"|"*",
    "do": "notify_owner"|"notify_supervisor"|"raise_priority"|"reassign",
    "channel": "console"|"email"|"sms"|"wecom"|"dingtalk"|"feishu"}.
    """

    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveIntegerField(_("position"), default=100, db_index=True)
    active = models.BooleanField(_("active"), default=True)
    priorities = models.JSONField(_("priorities (empty: any)"), default=list, blank=True)
    channels = models.JSONField(_("channels (empty: any)"), default=list, blank=True)
    first_response_minutes = models.PositiveIntegerField(_("first response (minutes)"), null=True, blank=True)
    first_response_basis = models.CharField(max_length=10, choices=TimeBasis.choices, default=TimeBasis.BUSINESS)
    next_update_minutes = models.PositiveIntegerField(_("next update (minutes)"), null=True, blank=True)
    next_update_basis = models.CharField(max_length=10, choices=TimeBasis.choices, default=TimeBasis.BUSINESS)
    resolution_minutes = models.PositiveIntegerField(_("resolution (minutes)"), null=True, blank=True)
    resolution_basis = models.CharField(max_length=10, choices=TimeBasis.choices, default=TimeBasis.BUSINESS)
    follow_up_minutes = models.PositiveIntegerField(_("follow-up (minutes)"), null=True, blank=True)
    follow_up_basis = models.CharField(max_length=10, choices=TimeBasis.choices, default=TimeBasis.BUSINESS)
    warn_ratio = models.FloatField(_("warn at share of target"), default=0.75)
    actions = models.JSONField(_("escalation actions"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")

    def __str__(self) -> str:
        return f"{self.position} · {self.name}"

    def target(self, metric: str) -> tuple[int | None, str]:
        return getattr(self, f"{metric}_minutes"), getattr(self, f"{metric}_basis")


class ClockStatus(models.TextChoices):
    RUNNING = "running", _("On track")
    WARNING = "warning", _("At risk")
    PAUSED = "paused", _("Paused")
    BREACHED = "breached", _("Breached")
    FULFILLED = "fulfilled", _("Met")
    STOPPED = "stopped", _("Stopped")


ACTIVE_STATUSES = (ClockStatus.RUNNING, ClockStatus.WARNING)


class SlaClock(models.Model):
    """Denormalised state of one clock, always `compute_clock(events of this cycle)`.

    `warned_at`/`breached_at` are set only by the sweep when it fires the
    escalation actions, so a clock is escalated once per cycle. The sweep
    reads the (status, warn_at) and (status, due_at) indexes: a range scan of
    what is due now, never a full scan. Paused clocks have due_at NULL.
    """

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE, related_name="sla_clocks")
    metric = models.CharField(_("metric"), max_length=20, choices=Metric.choices)
    policy = models.ForeignKey(SlaPolicy, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    cycle = models.PositiveIntegerField(default=1)
    target_seconds = models.PositiveIntegerField()
    time_basis = models.CharField(max_length=10, choices=TimeBasis.choices, default=TimeBasis.BUSINESS)
    warn_ratio = models.FloatField(default=0.75)
    status = models.CharField(_("status"), max_length=12, choices=ClockStatus.choices, default=ClockStatus.RUNNING)
    started_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True)
    warn_at = models.DateTimeField(null=True, blank=True)
    paused = models.BooleanField(default=False)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["complaint_id", "metric"]
        verbose_name = _("SLA clock")
        verbose_name_plural = _("SLA clocks")
        constraints = [models.UniqueConstraint(fields=["complaint", "metric"], name="sla_clock_one_per_metric")]
        indexes = [
            models.Index(fields=["status", "due_at"], name="sla_clock_status_due"),
            models.Index(fields=["status", "warn_at"], name="sla_clock_status_warn"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}:{self.metric}#{self.cycle} {self.status}"


class SlaEventQuerySet(models.QuerySet):
    def update(self, **kwargs):  # noqa: ARG002
        raise TypeError("The SLA event log is append-only.")

    def delete(self):
        raise TypeError("The SLA event log is append-only.")


class SlaEvent(models.Model):
    """Append-only log the clock is folded from (kinds of `bihuan.routing.clock.EventKind`)."""

    clock = models.ForeignKey(SlaClock, on_delete=models.CASCADE, related_name="events")
    cycle = models.PositiveIntegerField()
    kind = models.CharField(max_length=20)
    at = models.DateTimeField()
    target_seconds = models.PositiveIntegerField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SlaEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["clock", "cycle", "at", "id"], name="sla_event_clock_cycle")]

    def __str__(self) -> str:
        return f"{self.clock_id}#{self.cycle} {self.kind}@{self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("SLA events cannot be changed once written.")
        super().save(*args, **kwargs)
