"""Stored triage configuration and feedback (the engine itself is plain Python)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleSetVersion(models.Model):
    """One published version of the rules and lexicons; exactly one is active.

    Versions are never edited: publishing a change writes a new row, so every
    triage result can name the rules that produced it.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    data = models.JSONField(_("rules and lexicons"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("rule set version")
        verbose_name_plural = _("rule set versions")

    def __str__(self) -> str:
        return f"v{self.version}{' *' if self.is_active else ''}"


class TrainedModel(models.Model):
    """A model trained by `triage_train`; its files live under `path`."""

    version = models.CharField(_("version"), max_length=60, unique=True)
    path = models.CharField(max_length=300)
    trained_at = models.DateTimeField(_("trained at"))
    examples = models.PositiveIntegerField(_("training examples"), default=0)
    corrections = models.PositiveIntegerField(_("agent corrections used"), default=0)
    metrics = models.JSONField(_("evaluation"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=False, db_index=True)

    class Meta:
        ordering = ["-trained_at"]
        verbose_name = _("trained model")
        verbose_name_plural = _("trained models")

    def __str__(self) -> str:
        return self.version


class TriageRecord(models.Model):
    """The latest engine result for a complaint, with its reasons."""

    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="triage_record"
    )
    result = models.JSONField()
    model_version = models.CharField(max_length=120)
    escalation_risk = models.BooleanField(default=False, db_index=True)
    is_complaint = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("triage result")
        verbose_name_plural = _("triage results")

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.model_version}"


class TriageCorrection(models.Model):
    """An agent's correction of a triage field; feeds `triage_train`."""

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="triage_corrections"
    )
    field = models.CharField(max_length=20)
    predicted = models.CharField(max_length=40, blank=True)
    corrected = models.CharField(max_length=40)
    text = models.TextField()
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("triage correction")
        verbose_name_plural = _("triage corrections")

    def __str__(self) -> str:
        return f"{self.field}: {self.predicted} → {self.corrected}"
