"""Comments, notes, links between complaints, attachments and other recorded events."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bihuan.accounts.models import Role, User
from bihuan.core.errors import ValidationFailed
from bihuan.routing import services as routing

from ..choices import (
    EventKind,
    LinkKind,
)
from ..models import Attachment, Complaint, ComplaintLink, TimelineEvent
from ..permissions import ensure_can_edit
from .base import _as_json, _check_choice, _check_text, _event, _locked


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

