"""Webhook deliveries: verify the signature, validate the payload, accept it, or record why not."""

from __future__ import annotations

import hashlib
import itertools
import logging
from collections.abc import Mapping

from django.utils import timezone
from django.utils.translation import gettext as _

from bihuan.core.errors import ApplicationError
from bihuan.intake.adapters import ADAPTERS

from ..models import RejectedDelivery
from . import config
from .deliveries import Acceptance, delivery_accept
from .payloads import PayloadError, read_payload, storable_body
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


def receive_webhook(*, channel: str, body: bytes, headers: Mapping[str, str],
                    remote_addr: str = "") -> Acceptance:
    """Verify → read → accept (the worker settles it into a complaint). Raises WebhookRejected
    (401/404/4xx), recorded."""
    def reject(status: int, code: str, message: str, **extra) -> WebhookRejected:
        return _reject(channel=channel, status=status, code=code, message=message, body=body,
                       headers=headers, remote_addr=remote_addr, **extra)

    if channel not in ADAPTERS:
        raise reject(404, "unknown_channel", _("There is no intake channel “%s”.") % channel[:40])
    try:
        verify(secrets=channel_secrets(channel), body=body, timestamp=headers.get(TIMESTAMP_HEADER, ""),
               signature=headers.get(SIGNATURE_HEADER, ""), tolerance=config.signature_tolerance())
    except SignatureError as error:
        raise reject(401, error.code, str(_SIGNATURE_MESSAGES[error.code]())) from None
    try:
        draft = read_payload(channel, body)
    except PayloadError as error:
        raise reject(error.status, error.code, error.message, **error.extra) from None
    key = draft.message_id or headers.get("Idempotency-Key", "").strip() \
        or "sha256:" + hashlib.sha256(body).hexdigest()
    return delivery_accept(channel=channel, key=key, body=storable_body(body), draft=draft)
