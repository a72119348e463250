"""Email: either parsed fields from a mail gateway or the raw .eml (RFC 5322) message."""

from __future__ import annotations

import base64
import email
import email.policy
from datetime import datetime
from email.utils import parseaddr, parsedate_to_datetime

from pydantic import Field, model_validator

from .base import Adapter, Draft, Payload, join_text


class EmailMessage(Payload):
    message_id: str = Field("", max_length=128, description="RFC 5322 Message-ID (taken from raw_eml if absent)")
    from_address: str = Field("", max_length=254)
    from_name: str = Field("", max_length=120)
    subject: str = Field("", max_length=500)
    text: str = Field("", max_length=100_000)
    received_at: datetime | None = None
    in_reply_to: str = Field("", max_length=998)
    raw_eml: str = Field("", max_length=10_000_000, description="The whole .eml, base64-encoded")

    @model_validator(mode="after")
    def _fill_from_raw(self) -> EmailMessage:
        if self.raw_eml:
            try:
                raw = base64.b64decode(self.raw_eml, validate=True)
            except ValueError as exc:
                raise ValueError("raw_eml is not valid base64") from exc
            parsed = parse_eml(raw)
            for name, value in parsed.items():
                if value and not getattr(self, name):
                    object.__setattr__(self, name, value)
        if not self.message_id:
            raise ValueError("message_id is required (or a raw_eml with a Message-ID header)")
        if not (self.text or self.subject):
            raise ValueError("the email has neither text nor subject")
        return self


def parse_eml(raw: bytes) -> dict:
    """Fields of an .eml message; the plain-text body is preferred over HTML."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    name, address = parseaddr(str(msg.get("From", "")))
    body = msg.get_body(preferencelist=("plain", "html"))
    text = body.get_content() if body is not None else ""
    if body is not None and body.get_content_type() == "text/html":
        import re

        text = re.sub(r"<[^>]+>", " ", text)
    received = None
    if msg.get("Date"):
        try:
            received = parsedate_to_datetime(str(msg["Date"]))
        except (TypeError, ValueError):
            received = None
    return {
        "message_id": str(msg.get("Message-ID", "")).strip()[:128],
        "from_address": address, "from_name": name, "subject": str(msg.get("Subject", "")),
        "text": text.strip(), "received_at": received,
        "in_reply_to": str(msg.get("In-Reply-To", "")).strip(),
    }


def to_draft(p: EmailMessage) -> Draft:
    return Draft(
        channel="email", message_id=p.message_id, title=p.subject[:200],
        description=join_text(p.subject, p.text), customer_name=p.from_name or p.from_address,
        received_at=p.received_at,
        details={"from": p.from_address, "in_reply_to": p.in_reply_to,
                 "reply_to": {"email": p.from_address, "subject": f"Re: {p.subject}"}},
    )


EXAMPLE = {
    "message_id": "<20261122101500.4F2A@mail.example.cn>",
    "from_address": "zhang.wei@example.cn",
    "from_name": "张伟",
    "subject": "投诉：空调安装师傅迟到三小时",
    "text": "你好，我11月21日预约了变频空调安装，师傅迟到了三个小时，还把墙面弄脏了。"
            "订单号WX20261115003377，请给我一个说法并赔偿清洁费两百元。联系电话13600001111。",
}

ADAPTER = Adapter(channel="email", schema=EmailMessage, to_draft=to_draft, example=EXAMPLE,
                  summary="Email (parsed fields or raw .eml, base64)")
