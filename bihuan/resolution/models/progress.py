"""Customer progress links (进度链接): signed, expiring, revocable."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgressLink(models.Model):
    """The row a signed token points at; revoking or expiring it kills the link.

    The token carries only this row's id and a random nonce (signed), so a
    leaked token reveals nothing by itself and cannot be forged for another
    complaint.
    """

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE,
                                  related_name="progress_links")
    nonce = models.CharField(max_length=32, unique=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_viewed_at = models.DateTimeField(null=True, blank=True)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("progress link")
        verbose_name_plural = _("progress links")

    def __str__(self) -> str:
        return f"progress link {self.pk} for {self.complaint_id}"
