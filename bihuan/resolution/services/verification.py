"""Verification (核实): checklist, automatic order checks, evidence, information requests, report."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bihuan.accounts.models import User
from bihuan.complaints import lifecycle
from bihuan.complaints import services as complaint_services
from bihuan.complaints.models import Complaint
from bihuan.complaints.permissions import ensure_can_edit
from bihuan.core.errors import Conflict, ValidationFailed

from .. import imaging
from ..choices import EvidenceKind, Responsibility
from ..models import Evidence, Verification
from ..policy.checks import run_checks
from ..selectors import checklist_for
from .common import advance, local_tz, order_facts, record


def verification_get_or_create(*, complaint: Complaint) -> Verification:
    verification, created = Verification.objects.get_or_create(complaint=complaint)
    if created:
        _refresh_checks(verification)
    return verification


def _refresh_checks(verification: Verification) -> None:
    complaint = verification.complaint
    facts = order_facts(complaint)
    checks = run_checks(facts, now=timezone.now(), tz=local_tz(),
                        order_no=complaint.order.order_no if complaint.order_id else "")
    verification.auto_checks = [c.as_dict() for c in checks]
    verification.save(update_fields=["auto_checks", "updated_at"])


@transaction.atomic
def verification_run_checks(*, complaint: Complaint, actor: User) -> Verification:
    """Re-read the order through the connector and store the automatic checks."""
    ensure_can_edit(actor, complaint)
    verification = verification_get_or_create(complaint=complaint)
    _refresh_checks(verification)
    return verification


@transaction.atomic
def verification_item_set(*, complaint: Complaint, actor: User, code: str, done: bool, note: str = "") -> Verification:
    ensure_can_edit(actor, complaint)
    codes = {item["code"] for item in checklist_for(complaint)}
    if code not in codes:
        raise ValidationFailed(_("“%s” is not on this complaint's checklist.") % code[:40],
                               code="unknown_checklist_item", field="code")
    verification = verification_get_or_create(complaint=complaint)
    verification = Verification.objects.select_for_update().get(pk=verification.pk)
    before = verification.items.get(code, {}).get("done", False)
    verification.items[code] = {"done": bool(done), "note": note[:500], "by": actor.pk,
                                "at": timezone.now().isoformat()}
    verification.save(update_fields=["items", "updated_at"])
    if before != bool(done) or note:
        record(complaint, actor, field="verification.item", after={"code": code, "done": bool(done)},
               body=(_("Checklist: %(item)s — %(state)s") % {
                   "item": code, "state": _("done") if done else _("not done")}) + (f"\n{note}" if note else ""))
    return verification


@transaction.atomic
def verification_complete(*, complaint: Complaint, actor: User, findings: str, responsibility: str) -> Verification:
    """The verification report: findings and responsibility; moves the complaint on to resolving."""
    ensure_can_edit(actor, complaint)
    if responsibility not in Responsibility.values:
        raise ValidationFailed(_("Choose who is responsible (or “unknown”)."), code="invalid_choice",
                               field="responsibility")
    findings = findings.strip()
    if not findings:
        raise ValidationFailed(_("Write down what the verification found."), code="required", field="findings")
    if len(findings) > 5000:
        raise ValidationFailed(_("The findings are too long (at most 5000 characters)."), code="too_long",
                               field="findings")
    verification = verification_get_or_create(complaint=complaint)
    verification = Verification.objects.select_for_update().get(pk=verification.pk)
    verification.findings, verification.responsibility = findings, responsibility
    verification.completed_at, verification.completed_by = timezone.now(), actor
    verification.save(update_fields=["findings", "responsibility", "completed_at", "completed_by", "updated_at"])
    record(complaint, actor, field="verification.report", after={"responsibility": responsibility},
           body=_("Verification report — responsibility: %(who)s\n%(findings)s") % {
               "who": Responsibility(responsibility).label, "findings": findings})
    advance(complaint, actor, lifecycle.RESOLVING)
    return verification


def _evidence_kind(content_type: str) -> str:
    if content_type.startswith("image/"):
        return EvidenceKind.PHOTO
    if content_type.startswith("video/"):
        return EvidenceKind.VIDEO
    return EvidenceKind.DOCUMENT


@transaction.atomic
def evidence_add(*, complaint: Complaint, actor: User, upload: UploadedFile, kind: str = "",
                 note: str = "") -> Evidence:
    """Store the file (type and size checked by the complaint service) and its metadata.

    Images get a perceptual hash; a near-identical image already on file (in this
    complaint, or anywhere with the same hash) is marked as its duplicate.
    """
    ensure_can_edit(actor, complaint)
    if kind and kind not in EvidenceKind.values:
        raise ValidationFailed(_("Unknown evidence kind."), code="invalid_choice", field="kind")
    attachment = complaint_services.attachment_add(complaint=complaint, actor=actor, upload=upload)
    phash, width, height, duplicate = "", None, None, None
    if attachment.content_type.startswith("image/"):
        upload.seek(0)
        hashed = imaging.dhash(upload)
        if hashed is not None:
            phash, width, height = hashed
            duplicate = _find_duplicate(complaint, phash)
    evidence = Evidence.objects.create(
        complaint=complaint, attachment=attachment, kind=kind or _evidence_kind(attachment.content_type),
        note=note[:300], width=width, height=height, phash=phash, duplicate_of=duplicate, created_by=actor)
    if duplicate is not None:
        record(complaint, actor, field="verification.duplicate_image",
               after={"evidence": evidence.pk, "duplicate_of": duplicate.pk, "complaint": duplicate.complaint_id},
               body=_("Image %(name)s looks like one already on file (complaint %(number)s).") % {
                   "name": attachment.original_name, "number": duplicate.complaint.number})
    return evidence


def _find_duplicate(complaint: Complaint, phash: str) -> Evidence | None:
    exact = Evidence.objects.filter(phash=phash).select_related("complaint").order_by("id").first()
    if exact is not None:
        return exact
    nearby = Evidence.objects.exclude(phash="").filter(complaint__customer_id=complaint.customer_id) \
        if complaint.customer_id else Evidence.objects.exclude(phash="").filter(complaint=complaint)
    for candidate in nearby.select_related("complaint").order_by("-id")[:500]:
        if imaging.distance(candidate.phash, phash) <= imaging.DUPLICATE_DISTANCE:
            return candidate
    return None


@transaction.atomic
def verification_request_info(*, complaint: Complaint, actor: User, message: str) -> Complaint:
    """Ask the customer for more information (outbox) and wait on them."""
    ensure_can_edit(actor, complaint)
    message = message.strip()
    if not message or len(message) > 1000:
        raise ValidationFailed(_("Write the request to the customer (at most 1000 characters)."),
                               code="required", field="message")
    if lifecycle.WAITING_ON_CUSTOMER not in lifecycle.allowed_targets(complaint.status):
        raise Conflict(_("The complaint cannot wait on the customer from its current status."),
                       code="transition_not_allowed")
    _enqueue_customer_message(complaint, message)
    record(complaint, actor, field="verification.info_requested", body=message, internal=False)
    return complaint_services.complaint_transition(complaint=complaint, actor=actor,
                                                   to=lifecycle.WAITING_ON_CUSTOMER,
                                                   reason=_("Asked the customer for more information"))


def _enqueue_customer_message(complaint: Complaint, body: str) -> None:
    """Tell the customer on the channel they used (email thread, channel gateway, else SMS)."""
    try:
        from bihuan.notifications.customers import customer_message
        from bihuan.notifications.services import notifications_enqueue
    except ImportError:  # notifications not installed: the timeline still records the request
        return
    count = complaint.events.count()
    message = customer_message(complaint, key=f"resolution-info:{complaint.pk}:{count}", body=body)
    if message is not None:
        notifications_enqueue(messages=[message])
