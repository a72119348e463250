"""The outbox: every notification is a row written in the same transaction as its cause.

A dispatcher claims due rows, sends them through a pluggable sender and marks
them sent. A claim is a lease (next_attempt_at moved into the future), so a
worker killed mid-send leaves the row due again once the lease runs out: no
notification is lost. The dedup key is unique, so the same cause enqueued
twice is one row; the key also travels to the receiver as an idempotency key
so a send repeated after a crash is recognised there (see docs/notifications.md).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    CONSOLE = "console", _("Console / log")
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    WECOM = "wecom", _("WeCom robot")
    DINGTALK = "dingtalk", _("DingTalk robot")
    FEISHU = "feishu", _("Feishu robot")
    REPLY = "reply", _("Reply on the customer's channel")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed (gave up)")


class Outbox(models.Model):
    dedup_key = models.CharField(_("dedup key"), max_length=200, unique=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=200)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"))
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=OutboxStatus.choices,
                              default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    claim_token = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.channel}→{self.recipient} [{self.status}]"
