"""Verification (核实) of one complaint: checklist state, automatic checks, report, evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import EvidenceKind, Responsibility


class Verification(models.Model):
    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.CASCADE,
                                     related_name="verification")
    # {"order_log": {"done": true, "note": "…", "by": 3, "at": "…"}}
    items = models.JSONField(_("checklist"), default=dict, blank=True)
    auto_checks = models.JSONField(_("automatic checks"), default=list, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    responsibility = models.CharField(_("responsibility"), max_length=30, blank=True,
                                      choices=Responsibility.choices)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        indexes = [models.Index(fields=["responsibility", "completed_at"])]

    def __str__(self) -> str:
        return f"verification of {self.complaint_id}"


class Evidence(models.Model):
    """Metadata over an attachment: what it shows, its size in pixels and a perceptual hash."""

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE,
                                  related_name="evidence")
    attachment = models.OneToOneField("complaints.Attachment", on_delete=models.CASCADE,
                                      related_name="evidence")
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    # 64-bit difference hash as 16 hex digits; near-identical images differ in few bits.
    phash = models.CharField(max_length=16, blank=True, db_index=True)
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return f"{self.kind}: {self.attachment_id}"
