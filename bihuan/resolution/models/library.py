"""Solution library (方案库) and verification checklists: editable, versioned data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import LegalFloor, Responsibility, ScenarioStatus


class Scenario(models.Model):
    """One version of a standard remedy for a situation.

    Rows are never edited in place once active: a change makes version n+1
    and retires version n, so every remedy keeps pointing at the standard it
    was measured against. Blank subcategory/responsibility means "any".
    """

    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=ScenarioStatus.choices,
                              default=ScenarioStatus.ACTIVE)
    category = models.CharField(_("category"), max_length=20)
    subcategory = models.CharField(_("sub-category"), max_length=40, blank=True)
    responsibility = models.CharField(_("responsibility"), max_length=30, blank=True,
                                      choices=Responsibility.choices)
    title_zh = models.CharField(_("title (Chinese)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=120, blank=True)
    standard_remedy = models.JSONField(_("standard remedy lines"), default=list, blank=True)
    tiers = models.JSONField(_("tiers"), default=list, blank=True)
    legal_floor = models.CharField(_("legal floor"), max_length=30, choices=LegalFloor.choices,
                                   default=LegalFloor.NONE)
    talk_track_zh = models.TextField(_("talk track (Chinese)"), blank=True)
    talk_track_en = models.TextField(_("talk track (English)"), blank=True)
    message_zh = models.TextField(_("customer message (Chinese)"), blank=True)
    message_en = models.TextField(_("customer message (English)"), blank=True)
    source_complaint = models.ForeignKey("complaints.Complaint", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category", "subcategory", "code", "-version"]
        verbose_name = _("solution-library scenario")
        verbose_name_plural = _("solution library")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="scenario_code_version"),
            models.UniqueConstraint(fields=["code"], condition=Q(status="active"),
                                    name="scenario_one_active_version"),
        ]
        indexes = [models.Index(fields=["status", "category", "subcategory"])]

    def __str__(self) -> str:
        return f"{self.title_zh} v{self.version}"

    def title(self, language: str | None) -> str:
        return self.title_en if (language or "").startswith("en") and self.title_en else self.title_zh

    def talk_track(self, language: str | None) -> str:
        return self.talk_track_en if (language or "").startswith("en") and self.talk_track_en else self.talk_track_zh

    def message(self, language: str | None) -> str:
        return self.message_en if (language or "").startswith("en") and self.message_en else self.message_zh


class VerificationChecklist(models.Model):
    """Checklist items for a category (and optionally one sub-category); editable by leads."""

    category = models.CharField(_("category"), max_length=20)
    subcategory = models.CharField(_("sub-category"), max_length=40, blank=True)
    # [{"code": "order_log", "zh": "订单与物流记录已核对", "en": "Order and shipping log checked"}]
    items = models.JSONField(_("items"), default=list)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("verification checklist")
        verbose_name_plural = _("verification checklists")
        constraints = [models.UniqueConstraint(fields=["category", "subcategory"], name="checklist_unique")]

    def __str__(self) -> str:
        return f"{self.category}/{self.subcategory or '*'}"
