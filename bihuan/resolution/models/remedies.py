"""Remedy offers (赔付), their approval, the negotiation record and the execution plan."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import ApprovalStatus, NegotiationKind, RemedyStatus, StepStatus


class Remedy(models.Model):
    """One offer: a package of lines (e.g. return + 10 元 coupon) and its life."""

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE,
                                  related_name="remedies")
    scenario = models.ForeignKey("resolution.Scenario", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="remedies")
    # [{"type": "coupon", "amount": "10.00", "points": 0, "note": ""}]
    lines = models.JSONField(_("lines"), default=list)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, default=Decimal("0"))
    order_value = models.DecimalField(_("order value"), max_digits=12, decimal_places=2,
                                      default=Decimal("0"))
    tier = models.PositiveSmallIntegerField(_("tier reached"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RemedyStatus.choices)
    outside_policy = models.BooleanField(_("full refund outside policy"), default=False)
    required_role = models.CharField(_("approval by"), max_length=30, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    fairness = models.JSONField(_("fairness band"), default=dict, blank=True)
    legal_rights = models.JSONField(_("statutory rights"), default=list, blank=True)
    responsibility = models.CharField(_("responsibility"), max_length=30, blank=True)
    promised_at = models.DateTimeField(_("promised by"), null=True, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("remedy")
        verbose_name_plural = _("remedies")
        indexes = [
            models.Index(fields=["complaint", "status"]),
            models.Index(fields=["scenario", "status"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"remedy {self.pk} ({self.status})"


class ApprovalRequest(models.Model):
    remedy = models.ForeignKey(Remedy, on_delete=models.CASCADE, related_name="approvals")
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE,
                                  related_name="approval_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    required_role = models.CharField(_("approval by"), max_length=30)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    justification = models.TextField(_("justification"))
    status = models.CharField(_("status"), max_length=12, choices=ApprovalStatus.choices,
                              default=ApprovalStatus.PENDING)
    due_at = models.DateTimeField(_("decide by"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    counter_lines = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        indexes = [models.Index(fields=["status", "required_role", "due_at"])]

    def __str__(self) -> str:
        return f"approval {self.pk} ({self.status})"


class NegotiationEntry(models.Model):
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE,
                                  related_name="negotiation")
    remedy = models.ForeignKey(Remedy, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="negotiation")
    kind = models.CharField(_("kind"), max_length=12, choices=NegotiationKind.choices)
    body = models.TextField(_("what was said"), blank=True)
    promised_at = models.DateTimeField(_("promised by"), null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("negotiation entry")
        verbose_name_plural = _("negotiation record")

    def __str__(self) -> str:
        return f"{self.kind} @ {self.at:%Y-%m-%d %H:%M}"


class ExecutionStep(models.Model):
    remedy = models.ForeignKey(Remedy, on_delete=models.CASCADE, related_name="steps")
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE,
                                  related_name="execution_steps")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=40)
    title_zh = models.CharField(max_length=80)
    title_en = models.CharField(max_length=80)
    owner_role = models.CharField(_("owner"), max_length=20)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    due_at = models.DateTimeField(_("deadline"))
    status = models.CharField(_("status"), max_length=12, choices=StepStatus.choices,
                              default=StepStatus.TODO)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    exception_note = models.TextField(blank=True)

    class Meta:
        ordering = ["remedy_id", "position"]
        verbose_name = _("execution step")
        verbose_name_plural = _("execution steps")
        indexes = [models.Index(fields=["status", "due_at"])]
        constraints = [models.UniqueConstraint(fields=["remedy", "position"], name="step_position_unique")]

    def __str__(self) -> str:
        return f"{self.code} ({self.status})"

    def title(self, language: str | None) -> str:
        return self.title_en if (language or "").startswith("en") else self.title_zh
