"""Choices for the complaint record, built from the shared triage label sets."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from bihuan.complaints import lifecycle
from bihuan.triage import labels


class Status(models.TextChoices):
    RECEIVED = lifecycle.RECEIVED, _("Received")
    ASSESSED = lifecycle.ASSESSED, _("Assessed")
    VERIFYING = lifecycle.VERIFYING, _("Verifying")
    RESOLVING = lifecycle.RESOLVING, _("Resolving")
    EXECUTING = lifecycle.EXECUTING, _("Executing")
    FOLLOW_UP = lifecycle.FOLLOW_UP, _("Follow-up")
    CLOSED = lifecycle.CLOSED, _("Closed")
    ESCALATED = lifecycle.ESCALATED, _("Escalated")
    WAITING_ON_CUSTOMER = lifecycle.WAITING_ON_CUSTOMER, _("Waiting on customer")
    REOPENED = lifecycle.REOPENED, _("Reopened")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    WEB = "web", _("Web form")
    APP = "app", _("App")
    EMAIL = "email", _("Email")
    WECHAT = "wechat", _("WeChat")
    WEIBO = "weibo", _("Weibo")
    DOUYIN = "douyin", _("Douyin")
    XIAOHONGSHU = "xiaohongshu", _("Xiaohongshu")
    ECOMMERCE = "ecommerce", _("E-commerce dispute")
    PUBLIC_PLATFORM = "public_platform", _("Public complaint platform")
    REGULATOR = "regulator", _("Regulator referral (12315/12345)")
    API = "api", _("REST API")


class Category(models.TextChoices):
    PRODUCT = "product", _("Product")
    SERVICE = "service", _("Service")
    LOGISTICS = "logistics", _("Logistics")
    OTHER = "other", _("Other")


class Priority(models.TextChoices):
    RED = "red", pgettext_lazy("priority", "Red")
    YELLOW = "yellow", pgettext_lazy("priority", "Yellow")
    GREEN = "green", pgettext_lazy("priority", "Green")


# Queues sort red first; a small integer keeps that an index range scan.
PRIORITY_RANK = {"red": 0, "yellow": 1, "green": 2, "": 3}


class Emotion(models.TextChoices):
    ANGRY = "angry", _("Angry")
    ANXIOUS = "anxious", _("Anxious")
    DISAPPOINTED = "disappointed", _("Disappointed")
    CALM = "calm", _("Calm")


class Demand(models.TextChoices):
    REFUND = "refund", _("Refund")
    RETURN = "return", _("Return")
    EXCHANGE = "exchange", _("Exchange")
    RESHIP = "reship", _("Reship")
    REPAIR = "repair", _("Repair")
    COMPENSATION = "compensation", _("Compensation")
    APOLOGY = "apology", _("Apology")
    EXPLANATION = "explanation", _("Explanation")
    FIX = "fix", _("Fix the problem")
    NONE = "none", _("None stated")


class LinkKind(models.TextChoices):
    RELATED = "related", _("Related")
    REPEAT = "repeat", _("Repeat complaint")
    DUPLICATE = "duplicate", _("Duplicate")


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    FIELD_CHANGED = "field_changed", _("Field changed")
    TRANSITION = "transition", _("Status changed")
    ASSIGNMENT = "assignment", _("Assigned")
    COMMENT = "comment", _("Comment")
    INTERNAL_NOTE = "internal_note", _("Internal note")
    ATTACHMENT = "attachment", _("Attachment added")
    LINK = "link", _("Linked")


def _pick(pair: tuple[str, str]) -> str:
    language = get_language() or "zh-hans"
    return pair[1] if language.startswith("en") else pair[0]


def subcategory_label(subcategory: str) -> str:
    for subs in labels.SUBCATEGORIES.values():
        if subcategory in subs:
            return _pick(subs[subcategory])
    return subcategory


def subcategory_choices(category: str | None = None) -> list[tuple[str, str]]:
    """Sub-category codes with labels in the active language."""
    return [
        (sub, _pick(pair))
        for cat, subs in labels.SUBCATEGORIES.items()
        if category in (None, "", cat)
        for sub, pair in subs.items()
    ]


def is_valid_subcategory(category: str, subcategory: str) -> bool:
    return subcategory in labels.SUBCATEGORIES.get(category, {})
