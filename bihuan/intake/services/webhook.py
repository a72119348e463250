"""Webhook deliveries: verify the signature, validate the payload, take it in, or record why not."""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
from collections.abc import Mapping

from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError

from bihuan.core.errors import ApplicationError
from bihuan.intake.adapters import ADAPTERS

from ..models import RejectedDelivery
from . import config
from .intake import IntakeResult, intake_draft
from .signatures import SIGNATURE_HEADER, TIMESTAMP_HEADER, SignatureError, channel_secrets, verify

logger = logging.getLogger("bihuan.intake")
# Refused deliveries are unauthenticated: whatever they send must not fill the database.
# Only the first 4 KB of a body are kept (its SHA-256 covers all of it), and the table is
# trimmed to `config.rejected_keep()` every PURGE_EVERY refusals per process.
MAX_STORED_BODY = 4 * 1024
PURGE_EVERY = 100
_refusals = itertools.count(1)
_KEPT_HEADERS = (TIMESTAMP_HEADER, SIGNATURE_HEADER, "Idempotency-Key", "Content-Type", "User-Agent",
                 "X-Forwarded-For")


class WebhookRejected(ApplicationError):
    """A refused delivery; already recorded as a RejectedDelivery when raised."""


_SIGNATURE_MESSAGES = {
    "channel_not_configured": lambda: _("This channel does not accept webhooks (no secret configured)."),
    "missing_signature": lambda: _("The request is not signed."),
    "bad_timestamp": lambda: _("The signature timestamp is not a number."),
    "stale_timestamp": lambda: _("The signature timestamp is outside the allowed window."),
    "bad_signature": lambda: _("The signature does not match."),
}


def _reject(*, channel: str, status: int, code: str, message: str, body: bytes,
            headers: Mapping[str, str], remote_addr: str, **extra) -> WebhookRejected:
    def text(value: str) -> str:  # what the sender sent, storable (PostgreSQL text holds no NUL)
        return value.replace("\x00", "\ufffd")

    RejectedDelivery.objects.create(
        channel=text(channel[:40]), status_code=status, code=code, message=text(message[:2000]),
        remote_addr=remote_addr[:64],
        headers={h: text(headers.get(h, "")[:300]) for h in _KEPT_HEADERS if headers.get(h)},
        body=text(body[:MAX_STORED_BODY].decode("utf-8", "replace")),
        body_sha256=hashlib.sha256(body).hexdigest(),
    )
    if next(_refusals) % PURGE_EVERY == 0:
        rejected_purge()
    logger.warning("intake rejected channel=%s status=%s code=%s from=%s", channel, status, code,
                   remote_addr)
    error = WebhookRejected(message, code=code, **extra)
    error.status_code = status
    return error


def rejected_purge() -> int:
    """Drop refused deliveries past the retention (age, then count); returns how many went.

    Called every PURGE_EVERY refusals; the worker's periodic loop may call it too.
    """
    keep_rows, keep_age = config.rejected_keep()
    deleted, _detail = RejectedDelivery.objects.filter(created_at__lt=timezone.now() - keep_age).delete()
    newest_first = RejectedDelivery.objects.order_by("-id").values_list("id", flat=True)
    cutoff = next(iter(newest_first[keep_rows:keep_rows + 1]), None)  # the newest row past the limit
    if cutoff is not None:
        more, _detail = RejectedDelivery.objects.filter(id__lte=cutoff).delete()
        deleted += more
    return deleted


def _without_nul(value):
    """A sender's stray \\u0000 is dropped rather than the complaint: PostgreSQL text cannot hold NUL."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    return value


def receive_webhook(*, channel: str, body: bytes, headers: Mapping[str, str],
                    remote_addr: str = "") -> IntakeResult:
    """Verify → parse → validate → intake. Raises WebhookRejected (401/404/4xx), recorded."""
    def reject(status: int, code: str, message: str, **extra) -> WebhookRejected:
        return _reject(channel=channel, status=status, code=code, message=message, body=body,
                       headers=headers, remote_addr=remote_addr, **extra)

    adapter = ADAPTERS.get(channel)
    if adapter is None:
        raise reject(404, "unknown_channel", _("There is no intake channel “%s”.") % channel[:40])
    try:
        verify(secrets=channel_secrets(channel), body=body, timestamp=headers.get(TIMESTAMP_HEADER, ""),
               signature=headers.get(SIGNATURE_HEADER, ""), tolerance=config.signature_tolerance())
    except SignatureError as error:
        raise reject(401, error.code, str(_SIGNATURE_MESSAGES[error.code]())) from None
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: absurdly deep nesting
        raise reject(400, "malformed_body", _("The request body could not be read; send valid JSON.")) from None
    if b"\\u0000" in body:
        data = _without_nul(data)
    try:
        payload = adapter.schema.model_validate(data)
    except ValidationError as error:
        details = [{"loc": [str(p) for p in e.get("loc", [])], "msg": str(e.get("msg", ""))}
                   for e in error.errors()[:20]]
        raise reject(422, "invalid_payload", _("The %s payload is not valid.") % channel,
                     errors=details) from None
    try:
        draft = adapter.draft(payload)
    except (ValueError, OverflowError, OSError):  # e.g. a Unix time past what datetime can hold
        raise reject(422, "invalid_payload", _("The %s payload is not valid.") % channel) from None
    key = draft.message_id or headers.get("Idempotency-Key", "").strip() \
        or "sha256:" + hashlib.sha256(body).hexdigest()
    try:
        return intake_draft(draft=draft, key=key)
    except ApplicationError as error:
        raise reject(error.status_code, error.code, str(error.message)) from None
