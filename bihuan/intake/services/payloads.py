"""A channel's request body → a checked `Draft`, or a `PayloadError` saying why not.

Used when a webhook delivery arrives (the error becomes a recorded 4xx) and
again when the worker settles the stored delivery, so both read it the same way.
"""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from pydantic import ValidationError

from bihuan.core.errors import ApplicationError

from ..adapters import ADAPTERS, Draft
from .intake import draft_check


class PayloadError(Exception):
    def __init__(self, status: int, code: str, message: str, **extra):
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra

    def __str__(self) -> str:  # for logs and the delivery's last error: the code and field errors too
        details = f" {json.dumps(self.extra, ensure_ascii=False)}" if self.extra else ""
        return f"{self.code}: {self.message}{details}"


def _without_nul(value):
    """A sender's stray \\u0000 is dropped rather than the complaint: PostgreSQL text cannot hold NUL."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    return value


def read_payload(channel: str, body: bytes) -> Draft:
    """Parse → validate against the channel's schema → map to a draft → complaint checks."""
    adapter = ADAPTERS[channel]
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: absurdly deep nesting
        raise PayloadError(400, "malformed_body", _("The request body could not be read; send valid JSON.")) from None
    if b"\\u0000" in body:
        data = _without_nul(data)
    try:
        payload = adapter.schema.model_validate(data)
    except ValidationError as error:
        details = [{"loc": [str(p) for p in e.get("loc", [])], "msg": str(e.get("msg", ""))}
                   for e in error.errors()[:20]]
        raise PayloadError(422, "invalid_payload", _("The %s payload is not valid.") % channel,
                           errors=details) from None
    try:
        draft = adapter.draft(payload)
    except (ValueError, OverflowError, OSError):  # e.g. a Unix time past what datetime can hold
        raise PayloadError(422, "invalid_payload", _("The %s payload is not valid.") % channel) from None
    try:
        draft_check(draft)
    except ApplicationError as error:
        raise PayloadError(error.status_code, error.code, str(error.message)) from None
    return draft


def storable_body(body: bytes) -> str:
    """The body as text a database column holds: valid JSON is UTF-8 without raw NUL (checked
    by `read_payload`); a body in another Unicode encoding is re-encoded as plain JSON."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return json.dumps(json.loads(body))
