"""Every write to a complaint goes through here (DESIGN rules 1–3).

Each service runs in one transaction, locks the complaint row it changes and
appends the matching timeline event(s) in that same transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bihuan.accounts.models import Department, Role, Team, User
from bihuan.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from bihuan.core.periods import clean_moment
from bihuan.customers.models import Customer, Order
from bihuan.followup import services as followup
from bihuan.routing import services as routing
from bihuan.triage import services as triage_services

from . import lifecycle
from .choices import (
    PRIORITY_RANK,
    Category,
    Channel,
    Demand,
    Emotion,
    EventKind,
    LinkKind,
    Priority,
    Status,
    is_valid_subcategory,
)
from .models import Attachment, Complaint, ComplaintLink, NumberSequence, TimelineEvent
from .permissions import ensure_can_edit

MAX_TEXT = 20_000
FRONT_LINE_ROLES = frozenset({Role.AGENT, Role.SENIOR_AGENT, Role.TEAM_LEAD})


def _event(
    complaint: Complaint, *, kind: str, actor: User | None, at: datetime | None = None, **fields: Any
) -> TimelineEvent:
    return TimelineEvent.objects.create(
        complaint=complaint, kind=kind, actor=actor, at=at or timezone.now(), **fields
    )


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


@dataclass
class CustomerData:
    name: str = ""
    phone: str = ""
    wechat_id: str = ""
    member_id: str = ""
    member_level: int | None = None


def customer_find(*, data: CustomerData) -> Customer | None:
    """The existing customer with this member id, else phone, else WeChat id (oldest first)."""
    keys = [(name, getattr(data, name)) for name in ("member_id", "phone", "wechat_id") if getattr(data, name)]
    if keys:
        # One query: member id beats phone beats WeChat id, then the oldest customer.
        rank = Case(*[When(**{name: value}, then=Value(i)) for i, (name, value) in enumerate(keys)],
                    output_field=IntegerField())
        condition = Q()
        for name, value in keys:
            condition |= Q(**{name: value})
        return Customer.objects.filter(condition).annotate(match_rank=rank).order_by("match_rank", "id").first()
    return None


def customer_find_or_create(*, data: CustomerData) -> Customer | None:
    """Match an existing customer by member id, phone or WeChat id, else create one."""
    return customer_find(data=data) or customer_create(data=data)


def customer_create(*, data: CustomerData) -> Customer | None:
    """A new customer from what the channel told us (None when it told us nothing)."""
    if not any([data.name, data.phone, data.wechat_id, data.member_id]):
        return None
    return Customer.objects.create(
        name=data.name or data.phone or data.wechat_id or data.member_id,
        phone=data.phone, wechat_id=data.wechat_id, member_id=data.member_id,
        member_level=data.member_level or 0,
    )


def _check_choice(field_name: str, value: str, choices: type, *, allow_blank: bool = True) -> None:
    if value == "" and allow_blank:
        return
    if value not in choices.values:
        raise ValidationFailed(
            _("“%(value)s” is not a valid %(field)s.") % {"value": value, "field": field_name},
            code="invalid_choice", field=field_name,
        )


def _check_text(field_name: str, value: str, *, required: bool = False, limit: int = MAX_TEXT):
    if required and not value.strip():
        raise ValidationFailed(_("This field is required: %s") % field_name,
                               code="required", field=field_name)
    if len(value) > limit:
        raise ValidationFailed(_("%(field)s is too long (at most %(limit)d characters).")
                               % {"field": field_name, "limit": limit},
                               code="too_long", field=field_name)


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
    _check_choice("channel", channel, Channel, allow_blank=False)
    _check_text("description", description, required=True)
    _check_text("title", title, limit=200)
    _check_text("scenario", scenario, limit=300)
    occurred_at = clean_moment("occurred_at", occurred_at)
    received_at = clean_moment("received_at", received_at)
    _check_choice("demand", demand, Demand)
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


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _as_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


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


@transaction.atomic
def complaint_transition(*, complaint: Complaint, actor: User | None, to: str, reason: str = "") -> Complaint:
    """Move the complaint; actor=None is a system move (e.g. intake reopening on the customer's
    behalf): no permission check, nobody takes ownership, the timeline shows "System"."""
    if actor is not None:
        ensure_can_edit(actor, complaint)
    current = _locked(complaint)
    try:
        lifecycle.check_transition(current.status, to, reason)
    except lifecycle.TransitionError as error:
        raise _transition_conflict(error) from None
    before = current.status
    current.status = to
    fields = ["status", "updated_at"]
    if to == Status.CLOSED:
        current.closed_at = timezone.now()
        fields.append("closed_at")
    elif to == Status.REOPENED:
        current.reopen_count += 1
        current.closed_at = None
        fields += ["reopen_count", "closed_at"]
    if current.owner_id is None and to not in (Status.CLOSED,) and actor is not None:
        # "到我为止": whoever moves an unowned complaint forward owns it.
        if actor.role not in (Role.ANALYST, Role.QUALITY_INSPECTOR):
            _assign(current, actor=actor, owner=actor, reason=_("Took ownership while moving it on"))
            fields += ["owner", "team"]
    current.save(update_fields=fields)
    _event(current, kind=EventKind.TRANSITION, actor=actor, field="status", before=before,
           after=to, reason=reason)
    routing.sla_on_transition(complaint=current, before=before, to=to)
    followup.on_complaint_transition(complaint=current, before=before, to=to)  # 回访 task; survey on close
    return current


_TRANSITION_MESSAGES = {
    "unknown_status": _("“%(to)s” is not a status."),
    "same_status": _("The complaint is already %(to)s."),
    "transition_not_allowed": _("A complaint cannot move from %(from)s to %(to)s."),
    "reason_required": _("Moving from %(from)s to %(to)s needs a reason."),
}


def _status_label(value: str) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return value


def _transition_conflict(error: lifecycle.TransitionError) -> Conflict:
    message = _TRANSITION_MESSAGES[error.code] % {
        "from": _status_label(error.from_status), "to": _status_label(error.to_status)
    }
    conflict_cls = ValidationFailed if error.code in ("unknown_status", "reason_required") else Conflict
    return conflict_cls(message, code=error.code, allowed=sorted(lifecycle.allowed_targets(error.from_status)))


def _assign(current: Complaint, *, actor: User, owner: User | None, reason: str) -> None:
    before = {"owner": current.owner_id, "team": current.team_id}
    current.owner = owner
    if owner is not None and owner.team_id:
        current.team_id = owner.team_id
    _event(current, kind=EventKind.ASSIGNMENT, actor=actor, field="owner", before=before,
           after={"owner": current.owner_id, "team": current.team_id,
                  "owner_name": str(owner) if owner else ""},
           reason=str(reason))


@transaction.atomic
def complaint_assign(
    *, complaint: Complaint, actor: User, owner: User, reason: str = ""
) -> Complaint:
    """Give the complaint to `owner` (take it if owner is the actor)."""
    ensure_can_edit(actor, complaint)
    if not owner.is_active or owner.role in (Role.ANALYST, Role.QUALITY_INSPECTOR):
        raise ValidationFailed(_("%s cannot own complaints.") % owner, code="invalid_owner")
    if owner != actor and actor.role in (Role.AGENT,) and not reason.strip():
        raise ValidationFailed(_("Handing a complaint to someone else needs a reason."),
                               code="reason_required")
    current = _locked(complaint)
    if current.owner_id == owner.pk:
        return current
    _assign(current, actor=actor, owner=owner, reason=reason)
    current.save(update_fields=["owner", "team", "updated_at"])
    return current


@transaction.atomic
def complaint_comment(
    *, complaint: Complaint, actor: User, body: str, internal: bool = False
) -> TimelineEvent:
    """A comment (may be shown to the customer later) or an internal note (never)."""
    if actor.role not in (Role.QUALITY_INSPECTOR, Role.ANALYST):
        ensure_can_edit(actor, complaint)
    _check_text("body", body, required=True, limit=10_000)
    current = _locked(complaint)
    current.save(update_fields=["updated_at"])
    kind = EventKind.INTERNAL_NOTE if internal else EventKind.COMMENT
    event = _event(current, kind=kind, actor=actor, body=body, internal=internal)
    if not internal:
        routing.sla_on_comment(complaint=current, at=event.at)
    return event


def _link_insert(*, source: Complaint, target: Complaint, kind: str, actor: User | None) -> tuple[ComplaintLink, bool]:
    """Insert the link unless it exists: one statement (ON CONFLICT DO NOTHING RETURNING) where
    get_or_create took four (select, savepoint, insert, release); intake links every repeat."""
    now = timezone.now()
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(ComplaintLink._meta.db_table)} ({qn('source_id')}, {qn('target_id')}, {qn('kind')}, "
            f"{qn('created_by_id')}, {qn('created_at')}) VALUES (%s, %s, %s, %s, %s) "
            f"ON CONFLICT ({qn('source_id')}, {qn('target_id')}, {qn('kind')}) DO NOTHING RETURNING {qn('id')}",
            [source.pk, target.pk, kind, actor.pk if actor else None, connection.ops.adapt_datetimefield_value(now)],
        )
        row = cursor.fetchone()
    if row is None:
        return ComplaintLink.objects.get(source=source, target=target, kind=kind), False
    return ComplaintLink(pk=row[0], source=source, target=target, kind=kind, created_by=actor, created_at=now), True


@transaction.atomic
def complaint_link(
    *, complaint: Complaint, other: Complaint, actor: User | None, kind: str = LinkKind.RELATED
) -> ComplaintLink:
    if actor is not None:
        ensure_can_edit(actor, complaint)
    if complaint.pk == other.pk:
        raise ValidationFailed(_("A complaint cannot be linked to itself."), code="self_link")
    _check_choice("kind", kind, LinkKind, allow_blank=False)
    link, created = _link_insert(source=complaint, target=other, kind=kind, actor=actor)
    if created:
        now = timezone.now()
        TimelineEvent.objects.bulk_create([
            TimelineEvent(complaint=side, kind=EventKind.LINK, actor=actor, at=now, field="link",
                          after={"kind": kind, "number": peer.number, "id": peer.pk})
            for side, peer in ((complaint, other), (other, complaint))
        ])
    return link


@transaction.atomic
def attachment_add(*, complaint: Complaint, actor: User | None, upload: UploadedFile) -> Attachment:
    """Store an upload after checking its declared type and size."""
    if actor is not None:
        ensure_can_edit(actor, complaint)
    content_type = (upload.content_type or "").split(";")[0].strip().lower()
    if content_type not in settings.BIHUAN_ALLOWED_UPLOAD_TYPES:
        raise ValidationFailed(_("Files of type %s are not accepted.") % (content_type or "?"),
                               code="unsupported_file_type", field="file")
    if upload.size > settings.BIHUAN_MAX_UPLOAD_BYTES:
        raise ValidationFailed(_("The file is too large (at most %d MB).")
                               % (settings.BIHUAN_MAX_UPLOAD_BYTES // (1024 * 1024)),
                               code="file_too_large", field="file")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        complaint=complaint, original_name=(upload.name or "file")[:255],
        content_type=content_type, size=upload.size, sha256=digest.hexdigest(), uploaded_by=actor,
    )
    attachment.file.save(upload.name or "file", upload, save=False)
    attachment.save()
    _event(complaint, kind=EventKind.ATTACHMENT, actor=actor, field="attachment",
           after={"name": attachment.original_name, "size": attachment.size})
    return attachment


def user_by_id(user_id: int | None) -> User:
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        raise NotFound(_("No such user."), code="user_not_found")
    return user


__all__ = [
    "CustomerData", "PermissionDenied", "attachment_add", "complaint_assign", "complaint_comment",
    "complaint_create", "complaint_link", "complaint_transition", "complaint_update",
    "customer_create", "customer_find", "customer_find_or_create", "next_number", "user_by_id",
]


_RECORDABLE_KINDS = frozenset({EventKind.COMMENT, EventKind.INTERNAL_NOTE, EventKind.FIELD_CHANGED})


def timeline_record(
    *, complaint: Complaint, actor: User | None, kind: str = EventKind.INTERNAL_NOTE, field: str = "",
    before: Any = None, after: Any = None, reason: str = "", body: str = "", internal: bool = True,
) -> TimelineEvent:
    """Append one event for another app's service (e.g. resolution's approvals).

    Precondition: the caller runs inside its own transaction and has already
    checked the actor's rights; only comment / internal-note / field-changed
    kinds may be written this way, so lifecycle events stay owned by this module.
    """
    if kind not in _RECORDABLE_KINDS:
        raise ValueError(f"timeline_record cannot write {kind!r} events")
    return _event(complaint, kind=kind, actor=actor, field=field[:40], before=_as_json(before),
                  after=_as_json(after), reason=reason, body=body, internal=internal)


__all__ += ["timeline_record"]
