"""Pluggable senders, one per channel. A sender raises SendError to ask for a retry.

Every HTTP sender passes the outbox dedup key as `Idempotency-Key` (and in the
body), so a gateway that honours it turns a resend after a worker crash into
a no-op. Register another sender with `register_sender(channel, sender)`.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import send_mail

from .models import Channel, Outbox

logger = logging.getLogger("bihuan.notifications")


class SendError(Exception):
    """The message was not delivered; the dispatcher retries with backoff."""


class Sender(Protocol):
    def __call__(self, message: Outbox) -> None: ...


def _conf(name: str) -> Any:
    return settings.BIHUAN_NOTIFY.get(name)


def console_sender(message: Outbox) -> None:
    logger.info("notify [%s] to %s: %s %s", message.dedup_key, message.recipient, message.subject,
                message.body)


def email_sender(message: Outbox) -> None:
    try:
        send_mail(message.subject or message.body[:60], message.body, _conf("email_from"),
                  [message.recipient], fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - any SMTP failure is retryable
        raise SendError(f"email: {exc}") from exc


def post_json(url: str, body: dict, *, key: str, token: str = "") -> dict:
    """POST JSON; 2xx with an optional JSON body is success, anything else a SendError."""
    if not url:
        raise SendError("no webhook URL configured")
    headers = {"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": key}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=json.dumps(body, ensure_ascii=False).encode(), headers=headers,
                                     method="POST")
    try:
        with urllib.request.urlopen(request, timeout=_conf("timeout_seconds") or 5) as response:  # noqa: S310
            raw = response.read()
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        raise SendError(f"{url}: {exc}") from exc
    try:
        return json.loads(raw or b"{}")
    except ValueError:
        return {}


def sms_sender(message: Outbox) -> None:
    post_json(_conf("sms_webhook_url"), {"to": message.recipient, "text": message.body,
                                         "dedup_key": message.dedup_key},
              key=message.dedup_key, token=_conf("sms_webhook_token") or "")


def _robot_ok(reply: dict, code_field: str) -> None:
    code = reply.get(code_field, 0)
    if code not in (0, None):
        raise SendError(f"robot webhook refused: {reply}")


def wecom_sender(message: Outbox) -> None:
    reply = post_json(_conf("wecom_webhook_url"), {
        "msgtype": "text",
        "text": {"content": message.body, "mentioned_list": [message.recipient]},
    }, key=message.dedup_key)
    _robot_ok(reply, "errcode")


def dingtalk_sender(message: Outbox) -> None:
    reply = post_json(_conf("dingtalk_webhook_url"), {
        "msgtype": "text", "text": {"content": message.body}, "at": {"atUserIds": [message.recipient]},
    }, key=message.dedup_key)
    _robot_ok(reply, "errcode")


def feishu_sender(message: Outbox) -> None:
    reply = post_json(_conf("feishu_webhook_url"), {"msg_type": "text", "content": {"text": message.body}},
                      key=message.dedup_key)
    _robot_ok(reply, "code")


def reply_sender(message: Outbox) -> None:
    """Hand a customer reply to the site's channel gateway, which speaks each platform's API."""
    payload = message.payload or {}
    reply = post_json(_conf("channel_reply_webhook_url"), {
        "channel": payload.get("origin_channel", ""), "reply_to": payload.get("reply_to", {}),
        "complaint": payload.get("number", ""), "text": message.body, "dedup_key": message.dedup_key,
    }, key=message.dedup_key, token=_conf("channel_reply_webhook_token") or "")
    _robot_ok(reply, "errcode")


_SENDERS: dict[str, Callable[[Outbox], None]] = {
    Channel.CONSOLE: console_sender, Channel.EMAIL: email_sender, Channel.SMS: sms_sender,
    Channel.WECOM: wecom_sender, Channel.DINGTALK: dingtalk_sender, Channel.FEISHU: feishu_sender,
    Channel.REPLY: reply_sender,
}
_CONFIG_NEEDED = {
    Channel.SMS: "sms_webhook_url", Channel.WECOM: "wecom_webhook_url",
    Channel.DINGTALK: "dingtalk_webhook_url", Channel.FEISHU: "feishu_webhook_url",
    Channel.REPLY: "channel_reply_webhook_url",
}


def register_sender(channel: str, sender: Callable[[Outbox], None]) -> None:
    _SENDERS[channel] = sender


def get_sender(channel: str) -> Callable[[Outbox], None]:
    return _SENDERS.get(channel, console_sender)


def channel_configured(channel: str) -> bool:
    """A channel without its webhook URL falls back to the console at enqueue time."""
    needed = _CONFIG_NEEDED.get(channel)
    return needed is None or bool(_conf(needed))
