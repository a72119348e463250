"""Email intake from a mailbox: the worker polls IMAP for unseen messages.

Each unseen message is parsed by the email adapter (the same code as a mail gateway's webhook
with a raw .eml) and taken in with its Message-ID as the idempotency key, then flagged \\Seen.
The order matters for "nothing lost, nothing doubled": a crash after the intake but before the
flag re-reads the message next time, and the key returns the complaint already made. A message
that cannot be a complaint (no Message-ID, nothing to read) is recorded as a RejectedDelivery
and flagged too, so one bad mail does not block the mailbox.
"""

from __future__ import annotations

import base64
import imaplib
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import unquote, urlsplit

from django.conf import settings
from pydantic import ValidationError

from bihuan.core.errors import ApplicationError

from ..adapters import ADAPTERS
from .intake import intake_draft
from .webhook import _reject

logger = logging.getLogger(__name__)


class Mailbox(Protocol):
    def unseen(self) -> Iterator[tuple[bytes, bytes]]: ...  # (uid, raw RFC 5322 message)
    def mark_seen(self, uid: bytes) -> None: ...


@dataclass
class PollReport:
    created: int = 0
    repeated: int = 0
    rejected: int = 0
    numbers: list[str] = field(default_factory=list)


class ImapMailbox:
    """imaplib over a connection described by an imap:// or imaps:// URL (path = folder)."""

    def __init__(self, url: str, *, timeout: float = 30) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("imap", "imaps") or not parts.hostname:
            raise ValueError("BIHUAN_IMAP_URL must look like imaps://user:password@host/INBOX")
        self.secure = parts.scheme == "imaps"
        self.host, self.port = parts.hostname, parts.port or (993 if self.secure else 143)
        self.user, self.password = unquote(parts.username or ""), unquote(parts.password or "")
        self.folder = unquote(parts.path.lstrip("/")) or "INBOX"
        self.timeout = timeout
        self.conn: imaplib.IMAP4 | None = None

    def __enter__(self) -> ImapMailbox:
        cls = imaplib.IMAP4_SSL if self.secure else imaplib.IMAP4
        self.conn = cls(self.host, self.port, timeout=self.timeout)
        self.conn.login(self.user, self.password)
        self.conn.select(self.folder)
        return self

    def __exit__(self, *exc) -> None:
        if self.conn is not None:
            try:
                self.conn.logout()
            except (imaplib.IMAP4.error, OSError):
                pass

    def unseen(self) -> Iterator[tuple[bytes, bytes]]:
        assert self.conn is not None
        _status, data = self.conn.uid("SEARCH", None, "UNSEEN")
        for uid in (data[0] or b"").split():
            # BODY.PEEK: reading must not flag the message; only a taken-in message is flagged
            _status, parts = self.conn.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((p[1] for p in parts if isinstance(p, tuple) and len(p) > 1), None)
            if raw:
                yield uid, raw

    def mark_seen(self, uid: bytes) -> None:
        assert self.conn is not None
        self.conn.uid("STORE", uid, "+FLAGS", "(\\Seen)")


def imap_poll(mailbox: Mailbox, *, limit: int = 500) -> PollReport:
    """Take in up to `limit` unseen messages of an open mailbox."""
    report = PollReport()
    adapter = ADAPTERS["email"]
    for n, (uid, raw) in enumerate(mailbox.unseen()):
        if n >= limit:
            break
        try:
            payload = adapter.schema.model_validate({"raw_eml": base64.b64encode(raw).decode()})
            result = intake_draft(draft=adapter.draft(payload), key=payload.message_id)
        except (ValidationError, ValueError, OverflowError) as error:
            _reject(channel="email", status=422, code="invalid_payload", message=str(error)[:2000], body=raw,
                    headers={}, remote_addr="imap")
            report.rejected += 1
        except ApplicationError as error:
            _reject(channel="email", status=error.status_code, code=error.code, message=str(error.message),
                    body=raw, headers={}, remote_addr="imap")
            report.rejected += 1
        else:
            report.created += result.created
            report.repeated += not result.created
            report.numbers.append(result.complaint.number)
        mailbox.mark_seen(uid)
    return report


@contextmanager
def configured_mailbox() -> Iterator[ImapMailbox]:
    with ImapMailbox(settings.BIHUAN_INTAKE_IMAP_URL) as mailbox:
        yield mailbox


_last_poll = 0.0


def imap_tick() -> PollReport | None:
    """Called by the worker's loop: poll the configured mailbox every BIHUAN_IMAP_POLL_SECONDS."""
    global _last_poll
    if not settings.BIHUAN_INTAKE_IMAP_URL or time.monotonic() - _last_poll < settings.BIHUAN_INTAKE_IMAP_POLL_SECONDS:
        return None
    _last_poll = time.monotonic()
    try:
        with configured_mailbox() as mailbox:
            return imap_poll(mailbox)
    except (imaplib.IMAP4.error, OSError, ValueError) as error:  # the mail server's trouble: retry later
        logger.warning("imap poll failed: %s", error)
        return None
