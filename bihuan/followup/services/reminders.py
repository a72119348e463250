"""温馨提醒: reminder rules matched against the complaint and its order's products."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from bihuan.accounts.models import Role, User
from bihuan.complaints.choices import Category, Channel
from bihuan.complaints.models import Complaint
from bihuan.core.errors import PermissionDenied, ValidationFailed
from bihuan.customers.connectors import get_order_connector

from .. import policy
from ..models import ReminderRule


@dataclass(frozen=True)
class Reminder:
    rule_id: int
    name: str
    advice: str


def complaint_facts(complaint: Complaint) -> policy.Facts:
    products: list[str] = []
    if complaint.order_id:
        info = get_order_connector().get_order(complaint.order.order_no)
        products = [line.product_name for line in info.items] if info else []
    text = " ".join([complaint.title, complaint.description, complaint.scenario, *products]).lower()
    return policy.Facts(category=complaint.category, subcategory=complaint.subcategory,
                        channel=complaint.channel, text=text)


def reminders_for(*, complaint: Complaint, language: str) -> list[Reminder]:
    facts = complaint_facts(complaint)
    return [
        Reminder(rule_id=rule.pk, name=rule.name, advice=rule.advice(language))
        for rule in ReminderRule.objects.filter(active=True).order_by("position", "id")
        if policy.rule_matches(categories=rule.categories, subcategories=rule.subcategories,
                               channels=rule.channels, keywords=rule.keywords, facts=facts)
    ]


def _words(value: str | list[str]) -> list[str]:
    items = value if isinstance(value, list) else value.replace("，", ",").split(",")
    return [w.strip() for w in items if w and w.strip()][:50]


# Rules are few; positions order them. The cap keeps a typo such as 10**30 out of the database.
MAX_POSITION = 10_000


@transaction.atomic
def reminder_rule_save(*, actor: User, values: dict, rule: ReminderRule | None = None) -> ReminderRule:
    """Create or edit a 温馨提醒 rule (team leads and administrators); lists may be comma-separated text."""
    if actor.role not in (Role.TEAM_LEAD, Role.ADMINISTRATOR) and not actor.is_superuser:
        raise PermissionDenied()
    name, advice_zh = str(values.get("name", "")).strip(), str(values.get("advice_zh", "")).strip()
    if not name or not advice_zh:
        raise ValidationFailed(_("A rule needs a name and the Chinese advice."), code="required")
    rule = rule or ReminderRule()
    rule.name, rule.advice_zh = name[:100], advice_zh[:2000]
    rule.advice_en = str(values.get("advice_en", "")).strip()[:2000]
    try:
        position = int(str(values.get("position") or 100).strip())
    except ValueError:
        position = -1
    if not 0 <= position <= MAX_POSITION:
        raise ValidationFailed(_("The position must be a whole number from 0 to %(max)d.") % {"max": MAX_POSITION},
                               code="invalid_position", field="position")
    rule.position = position
    rule.active = bool(values.get("active", True))
    for field in ("categories", "subcategories", "channels", "keywords"):
        setattr(rule, field, _words(values.get(field, "")))
    unknown = set(rule.categories) - set(Category.values) | set(rule.channels) - set(Channel.values)
    if unknown:
        raise ValidationFailed(_("Unknown category or channel: %s") % ", ".join(sorted(unknown)),
                               code="invalid_choice")
    rule.save()
    return rule
