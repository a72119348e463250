"""HMAC-SHA256 webhook signatures with a timestamp (replay window).

A sender computes  hex(HMAC_SHA256(secret, f"{timestamp}.".encode() + raw_body))
and sends it as  X-Bihuan-Signature: sha256=<hex>  with  X-Bihuan-Timestamp: <unix seconds>.
Binding the timestamp into the MAC stops an old body being replayed with a fresh timestamp.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings

SIGNATURE_HEADER = "X-Bihuan-Signature"
TIMESTAMP_HEADER = "X-Bihuan-Timestamp"


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def signed_headers(secret: str, body: bytes, *, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {TIMESTAMP_HEADER: ts, SIGNATURE_HEADER: sign(secret, ts, body),
            "Content-Type": "application/json"}


# channel -> (read at, secrets). Per process: a webhook should not cost a query
# for its secret. Saving or deleting an IntakeChannel clears this process's
# entry at once; other worker processes pick the change up within the TTL.
SECRETS_TTL_S = 5.0
_secrets_cache: dict[str, tuple[float, list[str]]] = {}


def forget_channel_secrets(channel: str | None = None) -> None:
    if channel is None:
        _secrets_cache.clear()
    else:
        _secrets_cache.pop(channel, None)


def channel_secrets(channel: str) -> list[str]:
    """Secrets that may sign this channel: the database's, then the environment's (rotation)."""
    now = time.monotonic()
    cached = _secrets_cache.get(channel)
    if cached is not None and now - cached[0] < SECRETS_TTL_S:
        return cached[1]
    from bihuan.intake.models import IntakeChannel

    row = IntakeChannel.objects.filter(channel=channel).values_list("enabled", "secret").first()
    if row is not None and not row[0]:
        secrets: list[str] = []  # disabled channel: nothing verifies
    else:
        secrets = [row[1]] if row and row[1] else []
        env_secret = settings.BIHUAN_INTAKE_SECRETS.get(channel, "")
        if env_secret:
            secrets.append(env_secret)
    _secrets_cache[channel] = (now, secrets)
    return secrets


class SignatureError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def verify(*, secrets: list[str], body: bytes, timestamp: str, signature: str,
           tolerance: int, now: float | None = None) -> None:
    """Raise SignatureError(code) unless one secret signed (timestamp, body) within the window."""
    if not secrets:
        raise SignatureError("channel_not_configured")
    if not signature or not timestamp:
        raise SignatureError("missing_signature")
    try:
        skew = abs((time.time() if now is None else now) - int(timestamp))
    except (ValueError, OverflowError):  # not a number, or one too large for a float
        raise SignatureError("bad_timestamp") from None
    if skew > tolerance:
        raise SignatureError("stale_timestamp")
    offered = [s.strip() for s in signature.split(",") if s.strip()]
    for secret in secrets:
        expected = sign(secret, timestamp, body)
        if any(hmac.compare_digest(expected, candidate) for candidate in offered):
            return
    raise SignatureError("bad_signature")
