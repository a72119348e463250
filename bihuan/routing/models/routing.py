"""Routing rules (ordered, editable) and agent availability."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoutingRule(models.Model):
    """First active rule (by position) whose conditions all match decides where a complaint goes.

    Each list condition matches when it is empty or contains the complaint's
    value (OR inside a list, AND across conditions). See `routing/matching.py`.
    """

    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveIntegerField(_("position"), default=100, db_index=True)
    active = models.BooleanField(_("active"), default=True)
    categories = models.JSONField(_("categories"), default=list, blank=True)
    subcategories = models.JSONField(_("sub-categories"), default=list, blank=True)
    priorities = models.JSONField(_("priorities"), default=list, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    min_member_level = models.PositiveSmallIntegerField(_("minimum member level"), null=True, blank=True)
    products = models.JSONField(_("products (name or SKU contains)"), default=list, blank=True)
    regions = models.JSONField(_("regions (province)"), default=list, blank=True)
    keywords = models.JSONField(_("keywords (any in the text)"), default=list, blank=True)
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("responsible department"),
    )
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("team"),
    )
    required_skills = models.JSONField(_("required skills (codes)"), default=list, blank=True)
    min_seniority = models.PositiveSmallIntegerField(_("minimum seniority"), default=1)
    owner_roles = models.JSONField(_("owner roles (empty: any front-line role)"), default=list, blank=True)
    restricted = models.BooleanField(_("mark restricted"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return f"{self.position} · {self.name}"


class AgentState(models.TextChoices):
    ON_SHIFT = "on_shift", _("On shift")
    AWAY = "away", _("Away")
    OFF_SHIFT = "off_shift", _("Off shift")


class AgentStatus(models.Model):
    """Availability and routing data of one user. No row means on shift (the default)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent_status",
        verbose_name=_("user"),
    )
    state = models.CharField(_("state"), max_length=12, choices=AgentState.choices,
                             default=AgentState.ON_SHIFT)
    # Where escalation SMS go; blank means the console/log channel is used.
    mobile = models.CharField(_("mobile for SMS alerts"), max_length=32, blank=True)
    # Round-robin tie-break: the least recently assigned agent wins a tie.
    last_assigned_at = models.DateTimeField(_("last assigned"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agent status")
        verbose_name_plural = _("agent statuses")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_state_display()}"
