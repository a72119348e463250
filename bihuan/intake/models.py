"""Intake bookkeeping: channel secrets, one record per accepted delivery, rejected deliveries.

The complaint itself lives in `complaints`; an `IntakeRecord` says how it
arrived (channel, message key, what the channel sent, what extraction
suggested, the acknowledgement) and is the idempotency guard: its
(channel, key) pair is unique, so a re-delivered message maps to the same
complaint even when two deliveries race.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from bihuan.complaints.choices import Channel


class IntakeChannel(models.Model):
    """Per-channel webhook configuration; a secret here overrides the environment's."""

    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, unique=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    # Shared HMAC secret. Kept in the database (or BIHUAN_INTAKE_SECRET_<CHANNEL>),
    # never in code; it must be readable to verify signatures, so it is not hashed.
    secret = models.CharField(_("signing secret"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("intake channel")
        verbose_name_plural = _("intake channels")

    def __str__(self) -> str:
        return self.channel

    # Not a business effect (DESIGN rule 6): the per-process secret cache must not
    # outlive an edit made in this process; other processes follow within its TTL.
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        _forget_secrets(self.channel)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        _forget_secrets(self.channel)
        return result


def _forget_secrets(channel: str) -> None:
    from bihuan.intake.services.signatures import forget_channel_secrets

    forget_channel_secrets(channel)


class Outcome(models.TextChoices):
    CREATED = "created", _("New complaint")
    REPEAT = "repeat", _("New complaint linked as a repeat")
    REOPENED = "reopened", _("Reopened the earlier complaint")


class AckKind(models.TextChoices):
    IN_HOURS = "in_hours", _("Inside service hours")
    AUTO_REPLY = "auto_reply", _("Automatic acknowledgement outside service hours")


class IntakeRecord(models.Model):
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    # The channel's message id, the Idempotency-Key header, or a hash of the body.
    key = models.CharField(_("message key"), max_length=128)
    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, on_delete=models.PROTECT, related_name="intake_records",
        verbose_name=_("complaint"),
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices,
                               default=Outcome.CREATED)
    repeat_of = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("repeat of"),
    )
    # Channel-specific facts that have no column on the complaint (recording
    # reference, platform, evidence links, reply target...).
    details = models.JSONField(_("channel details"), default=dict, blank=True)
    # What extraction found in the text, for the agent to accept or ignore.
    suggestions = models.JSONField(_("suggestions"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    ack_kind = models.CharField(_("acknowledgement"), max_length=12, choices=AckKind.choices,
                                blank=True)
    ack_text = models.TextField(_("acknowledgement text"), blank=True)
    first_response_due_at = models.DateTimeField(_("first response due"), null=True, blank=True)
    follow_up_due_at = models.DateTimeField(_("follow-up due"), null=True, blank=True)
    deliveries = models.PositiveIntegerField(_("deliveries"), default=1)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("intake record")
        verbose_name_plural = _("intake records")
        constraints = [
            models.UniqueConstraint(fields=["channel", "key"], name="intake_unique_channel_key"),
        ]
        indexes = [models.Index(fields=["outcome", "received_at"])]

    def __str__(self) -> str:
        return f"{self.channel}:{self.key}"


class AcceptedDelivery(models.Model):
    """A signed, valid webhook delivery, stored as received and answered at once.

    The worker settles it into its complaint (`services.deliveries.deliveries_settle`).
    (channel, key) is unique: the idempotency guard of the webhook's fast path. The
    complaint number is reserved at acceptance so the sender gets it in the reply.
    """

    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    key = models.CharField(_("message key"), max_length=128)
    number = models.CharField(_("reserved complaint number"), max_length=32)
    body = models.TextField(_("body"))  # the raw JSON, re-read by the channel's adapter when settled
    # What extraction found in the text at acceptance, given back to the sender in the answer.
    extracted = models.JSONField(_("extracted"), default=dict, blank=True)
    received_at = models.DateTimeField(_("received at"))
    accepted_at = models.DateTimeField(_("accepted at"))
    deliveries = models.PositiveIntegerField(_("deliveries"), default=1)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("complaint"),
    )
    attempts = models.PositiveSmallIntegerField(_("settle attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # A worker settling this row holds it until then; past it (worker killed), another takes it.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)

    class Meta:
        verbose_name = _("accepted delivery")
        verbose_name_plural = _("accepted deliveries")
        constraints = [
            models.UniqueConstraint(fields=["channel", "key"], name="intake_accepted_unique_channel_key"),
        ]
        # The worker's queue: only unsettled rows are indexed, so it stays tiny.
        indexes = [models.Index(fields=["id"], name="intake_accepted_unsettled",
                                condition=models.Q(settled_at__isnull=True))]

    def __str__(self) -> str:
        return f"{self.channel}:{self.key}"


class RejectedDelivery(models.Model):
    """A delivery we refused (bad signature, stale timestamp, invalid payload), kept for inspection."""

    channel = models.CharField(_("channel"), max_length=40)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"))
    code = models.CharField(_("error code"), max_length=40)
    message = models.TextField(_("message"), blank=True)
    remote_addr = models.CharField(_("remote address"), max_length=64, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    body = models.TextField(_("body (truncated)"), blank=True)
    body_sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rejected delivery")
        verbose_name_plural = _("rejected deliveries")

    def __str__(self) -> str:
        return f"{self.channel} {self.status_code} {self.code}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """An import started from the UI; the worker runs it and updates the progress columns."""

    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    mapping = models.CharField(_("column mapping"), max_length=2000, blank=True)
    default_channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default="phone")
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices,
                              default=ImportStatus.QUEUED)
    total = models.PositiveIntegerField(_("rows in the file"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    refused = models.PositiveIntegerField(_("refused"), default=0)
    issues = models.JSONField(_("first issues"), default=list, blank=True)  # [[level, row, field, message]]
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        return min(99, int(100 * self.rows / self.total)) if self.total else 0
