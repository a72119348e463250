"""Users, roles, departments, teams, skills and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    SENIOR_AGENT = "senior_agent", _("Senior agent")
    TEAM_LEAD = "team_lead", _("Team lead / supervisor")
    QUALITY_INSPECTOR = "quality_inspector", _("Quality inspector")
    ANALYST = "analyst", _("Analyst")
    DEPARTMENT_OWNER = "department_owner", _("Department owner")
    ADMINISTRATOR = "administrator", _("Administrator")


class DepartmentKind(models.TextChoices):
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    PRODUCT = "product", _("Product")
    LOGISTICS = "logistics", _("Warehouse & logistics")
    AFTER_SALES = "after_sales", _("After-sales")
    LEGAL = "legal", _("Legal")


class Department(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=30, choices=DepartmentKind.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="teams", verbose_name=_("department")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["code"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.AGENT)
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members",
        verbose_name=_("team"),
    )
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="members",
        verbose_name=_("department"),
    )
    skills = models.ManyToManyField(Skill, blank=True, verbose_name=_("skills"))
    # 1 = new, 5 = expert; angry/red complaints go to seniority >= 3 (routing).
    seniority = models.PositiveSmallIntegerField(_("seniority"), default=1)
    languages = models.CharField(_("languages"), max_length=40, default="zh-hans")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def label(self) -> str:
        return str(self)


class ApiToken(models.Model):
    """Bearer token. Only a SHA-256 digest is stored; the raw token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80, default="default")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} · {self.prefix}…"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()

    @staticmethod
    def generate() -> str:
        return "bh_" + secrets.token_urlsafe(32)
