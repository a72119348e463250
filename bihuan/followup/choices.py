"""Choices for follow-up tasks (回访), surveys and reminders."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskKind(models.TextChoices):
    FOLLOW_UP = "follow_up", _("Follow-up call")
    CALLBACK = "callback", _("Callback after a low score")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved and satisfied")
    NOT_RESOLVED = "not_resolved", _("Not resolved")
    UNREACHABLE = "unreachable", _("Unreachable")


class Method(models.TextChoices):
    PHONE = "phone", _("Phone call")
    CHANNEL = "channel", _("Original channel")
