"""The public complaint form (web and app, no login): abuse limits, attachments, intake."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from bihuan.complaints import services as complaint_services
from bihuan.core.errors import ApplicationError, ValidationFailed
from bihuan.intake.adapters import Draft

from .intake import IntakeResult, intake_draft

FORM_SALT = "bihuan.intake.form"


class RateLimited(ApplicationError):
    status_code = 429
    code = "rate_limited"


def form_token() -> str:
    """A signed (submission id, issued-at) pair: dedupes double submits and measures fill time."""
    return signing.dumps({"id": uuid.uuid4().hex, "t": int(time.time())}, salt=FORM_SALT)


def _check_token(token: str) -> str:
    try:
        data = signing.loads(token, salt=FORM_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        raise ValidationFailed(_("The form has expired; please reload the page."), code="form_expired") from None
    if time.time() - data["t"] < getattr(settings, "BIHUAN_INTAKE_FORM_MIN_SECONDS", 3):
        # Humans take longer than this to describe a problem; scripts do not.
        raise RateLimited(_("That was too quick; please check the form and send it again."), code="too_fast")
    return data["id"]


def _check_rate(ip: str) -> None:
    limit, window = getattr(settings, "BIHUAN_INTAKE_FORM_RATE", (5, 3600))
    key = f"bihuan:intake:form-rate:{ip}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    if count > limit:
        raise RateLimited(_("Too many complaints were sent from your network; please try again later."))


@dataclass(frozen=True)
class PublicSubmission:
    channel: str
    token: str
    name: str
    phone: str
    description: str
    order_no: str = ""
    demand: str = ""
    honeypot: str = ""
    language: str = "zh-hans"


def submit_public_form(*, submission: PublicSubmission, files: list[UploadedFile], ip: str) -> IntakeResult:
    if submission.honeypot:
        raise ValidationFailed(_("The form could not be accepted."), code="spam")
    key = _check_token(submission.token)
    _check_rate(ip)
    draft = Draft(
        channel=submission.channel, description=submission.description, message_id=f"form:{key}",
        customer_name=submission.name, customer_phone=submission.phone, order_no=submission.order_no,
        demand=submission.demand, language=submission.language, details={"ip": ip},
    )
    with transaction.atomic():
        result = intake_draft(draft=draft)
        if result.created:
            # Any refused file (type or size) rolls the whole submission back.
            for upload in files:
                complaint_services.attachment_add(complaint=result.complaint, actor=None, upload=upload)
    return result
