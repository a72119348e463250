"""Create a complaint (with its number) and edit its fields."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bihuan.accounts.models import Department, Role, Team, User
from bihuan.core.errors import Conflict, PermissionDenied, ValidationFailed
from bihuan.core.periods import clean_moment
from bihuan.customers.models import Customer, Order
from bihuan.routing import services as routing
from bihuan.triage import services as triage_services

from ..choices import (
    PRIORITY_RANK,
    Category,
    Channel,
    Demand,
    Emotion,
    EventKind,
    Priority,
    is_valid_subcategory,
)
from ..models import Complaint, NumberSequence
from ..permissions import ensure_can_edit
from .base import _as_json, _check_choice, _check_text, _event, _locked
from .customers import CustomerData, customer_find_or_create


def next_number(*, at: datetime | None = None) -> str:
    """Allocate TS-YYYYMMDD-NNNNNN in one statement (upsert + RETURNING).

    Inside the caller's transaction the day's row stays locked until commit, so
    numbers are gapless; called outside one (autocommit) it holds no lock past
    the statement, and a later rollback leaves a gap (intake does that to keep
    its transactions from queueing on the day's row).
    """
    day = timezone.localdate(at or timezone.now())
    table = connection.ops.quote_name(NumberSequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} ("day", "last") VALUES (%s, 1) '
            f'ON CONFLICT ("day") DO UPDATE SET "last" = {table}."last" + 1 RETURNING "last"',
            [day],
        )
        last = cursor.fetchone()[0]
    return f"{settings.BIHUAN_NUMBER_PREFIX}-{day:%Y%m%d}-{last:06d}"


def complaint_check_input(*, channel: str, description: str, title: str = "", scenario: str = "",
                          demand: str = "", occurred_at: datetime | None = None,
                          received_at: datetime | None = None) -> tuple[datetime | None, datetime | None]:
    """The checks of a new complaint's own fields (no database); returns the two times in UTC.

    Webhook intake runs them before it accepts a delivery, so a delivery it answered
    with 201 does not fail later when the worker records it.
    """
    _check_choice("channel", channel, Channel, allow_blank=False)
    _check_text("description", description, required=True)
    _check_text("title", title, limit=200)
    _check_text("scenario", scenario, limit=300)
    _check_choice("demand", demand, Demand)
    return clean_moment("occurred_at", occurred_at), clean_moment("received_at", received_at)


@transaction.atomic
def complaint_create(
    *,
    actor: User | None,
    channel: str,
    description: str,
    title: str = "",
    scenario: str = "",
    customer: Customer | None = None,
    customer_data: CustomerData | None = None,
    order_no: str = "",
    demand: str = "",
    category: str = "",
    subcategory: str = "",
    priority: str = "",
    emotion: str = "",
    tags: list[str] | None = None,
    occurred_at: datetime | None = None,
    received_at: datetime | None = None,
    channel_message_id: str = "",
    team: Team | None = None,
    department: Department | None = None,
    owner: User | None = None,
    auto_triage: bool = True,
    number: str = "",
    order: Order | None = None,
) -> Complaint:
    """Record a complaint. Blank classification fields are filled by the triage engine.

    `number` (from `next_number`) and `order` (matching `order_no`) may be passed
    by a caller that already has them, e.g. intake, to save the lookups.
    """
    if actor is not None and actor.role in (Role.ANALYST, Role.QUALITY_INSPECTOR):
        raise PermissionDenied()
    occurred_at, received_at = complaint_check_input(
        channel=channel, description=description, title=title, scenario=scenario, demand=demand,
        occurred_at=occurred_at, received_at=received_at)
    _validate_classification(category, subcategory, priority, emotion)
    if customer is None and customer_data is not None:
        customer = customer_find_or_create(data=customer_data)
    if order is not None and order.order_no != order_no:
        order = None
    if order_no and order is None:
        order = Order.objects.filter(order_no=order_no).first()
        if order is None:
            raise ValidationFailed(_("Order %s was not found.") % order_no,
                                   code="order_not_found", field="order_no")
        if customer is None:
            customer = order.customer
    triage = triage_services.triage_text(description, channel=channel, customer=customer) if auto_triage else None
    filled: list[str] = []
    if triage is not None:
        suggested = triage_services.prefill_fields(triage)
        if not category:
            category = suggested["category"]
            filled.append("category")
        if not subcategory and is_valid_subcategory(category, suggested["subcategory"]):
            subcategory = suggested["subcategory"]
            filled.append("subcategory")
        for name, current in (("priority", priority), ("emotion", emotion), ("demand", demand)):
            if not current:
                filled.append(name)
        priority = priority or suggested["priority"]
        emotion = emotion or suggested["emotion"]
        demand = demand or suggested["demand"]
    now = timezone.now()
    received = received_at or now
    complaint = Complaint(
        number=number or next_number(at=received), customer=customer, order=order, channel=channel,
        channel_message_id=channel_message_id, title=title or description.strip()[:60],
        description=description, scenario=scenario, occurred_at=occurred_at,
        received_at=received, demand=demand, category=category, subcategory=subcategory,
        priority=priority, priority_rank=PRIORITY_RANK[priority], emotion=emotion,
        emotion_score=triage.emotion_score if triage is not None and "emotion" in filled else None,
        tags=list(tags or []), owner=owner, team=team or (owner.team if owner else None),
        department=department, created_by=actor,
    )
    try:
        # No savepoint of its own: the error leaves this atomic block, which rolls back.
        complaint.save(force_insert=True)
    except IntegrityError:
        raise Conflict(_("This channel message was already recorded."),
                       code="duplicate_channel_message") from None
    created = {"status": complaint.status, "channel": channel}
    if triage is not None:
        triage_services.triage_record_save(complaint=complaint, result=triage)
        created["triage"] = {"model_version": triage.model_version, "filled": filled}
    _event(complaint, kind=EventKind.CREATED, actor=actor, at=received, after=created, internal=True)
    # "到我为止": routing rules pick department, team and owner (the recording agent if nobody
    # else can take it); SLA clocks start at receipt. Same transaction.
    routing.complaint_route(complaint=complaint, actor=actor, owner=owner, at=received)
    routing.sla_on_create(complaint=complaint, at=received)
    return complaint


def _validate_classification(category: str, subcategory: str, priority: str, emotion: str) -> None:
    _check_choice("category", category, Category)
    _check_choice("priority", priority, Priority)
    _check_choice("emotion", emotion, Emotion)
    if subcategory and not is_valid_subcategory(category, subcategory):
        raise ValidationFailed(
            _("Sub-category “%(sub)s” does not belong to category “%(cat)s”.")
            % {"sub": subcategory, "cat": category or "-"},
            code="invalid_subcategory", field="subcategory",
        )


EDITABLE_FIELDS = (
    "title", "description", "scenario", "demand", "category", "subcategory", "priority",
    "emotion", "tags", "restricted", "occurred_at",
)


@transaction.atomic
def complaint_update(
    *, complaint: Complaint, actor: User, changes: dict[str, Any], reason: str = ""
) -> Complaint:
    """Edit record fields; one field_changed event per field that really changed."""
    ensure_can_edit(actor, complaint)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(_("These fields cannot be edited: %s") % ", ".join(sorted(unknown)),
                               code="field_not_editable")
    current = _locked(complaint)
    merged = {name: changes.get(name, getattr(current, name)) for name in EDITABLE_FIELDS}
    for name in ("title", "description", "scenario"):
        merged[name] = merged[name] or ""
    _check_text("description", merged["description"], required=True)
    _check_text("title", merged["title"], limit=200)
    _check_text("scenario", merged["scenario"], limit=300)
    if "occurred_at" in changes:
        merged["occurred_at"] = clean_moment("occurred_at", changes["occurred_at"])
    _check_choice("demand", merged["demand"] or "", Demand)
    if "category" in changes and "subcategory" not in changes and not is_valid_subcategory(
        merged["category"], merged["subcategory"]
    ):
        merged["subcategory"] = ""  # a new category invalidates the old sub-category
    _validate_classification(merged["category"], merged["subcategory"], merged["priority"],
                             merged["emotion"])
    changed: list[str] = []
    now = timezone.now()
    for name in EDITABLE_FIELDS:
        before, after = getattr(current, name), merged[name]
        if before == after:
            continue
        setattr(current, name, after)
        changed.append(name)
        _event(current, kind=EventKind.FIELD_CHANGED, actor=actor, at=now, field=name,
               before=_as_json(before), after=_as_json(after), reason=reason)
    if "priority" in changed:
        current.priority_rank = PRIORITY_RANK[current.priority]
        changed.append("priority_rank")
    if changed:
        current.save(update_fields=[*changed, "updated_at"])
    if "priority" in changed:
        routing.sla_on_priority_change(complaint=current, at=now)
    return current
