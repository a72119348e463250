"""Messages to the customer go back where the complaint came from.

Intake keeps each channel's reply address in the intake record's details (``reply_to``: an email
address and subject, a WeChat openid, a Weibo/Douyin/Xiaohongshu user and post, a marketplace
dispute). The order of preference:

1. the complaint came by email → an email reply to the sender, in the same thread;
2. another channel with a reply address, and the channel reply gateway is configured
   (``BIHUAN_CHANNEL_REPLY_WEBHOOK_URL``: the site's integration with the WeChat customer-service,
   Weibo, Douyin … messaging APIs) → one ``reply`` message the gateway delivers on that channel;
3. otherwise an SMS to the customer's phone;
4. no address at all → no message (the caller's timeline entry still records what was said).
"""

from __future__ import annotations

from bihuan.complaints.models import Complaint

from .models import Channel
from .senders import channel_configured
from .services import Message

_ADDRESS_KEYS = ("uid", "open_id", "external_user_id", "buyer_id", "buyer", "user_id")


def reply_address(complaint: Complaint) -> dict:
    """The latest intake record's reply address for the complaint ({} when none was kept)."""
    try:
        from bihuan.intake.models import IntakeRecord
    except ImportError:  # intake not installed
        return {}
    details = (IntakeRecord.objects.filter(complaint_id=complaint.pk).order_by("-id")
               .values_list("details", flat=True).first())
    reply_to = details.get("reply_to") if isinstance(details, dict) else None
    return {k: v for k, v in reply_to.items() if v} if isinstance(reply_to, dict) else {}


def customer_message(complaint: Complaint, *, key: str, body: str, subject: str = "",
                     reply_to: dict | None = None) -> Message | None:
    """`reply_to`: the channel's reply address when the caller has it (intake, before its record exists)."""
    base = {"dedup_key": key, "body": body, "complaint_id": complaint.pk}
    payload = {"complaint": complaint.pk, "number": complaint.number, "origin_channel": complaint.channel}
    reply_to = {k: v for k, v in reply_to.items() if v} if reply_to is not None else reply_address(complaint)
    email = str(reply_to.get("email", ""))
    if email:
        return Message(channel=Channel.EMAIL, recipient=email[:200],
                       subject=(subject or str(reply_to.get("subject", "")) or complaint.number)[:200],
                       payload=payload, **base)
    if reply_to and channel_configured(Channel.REPLY):
        # Who the reply is for, whatever order the stored JSON keeps the keys in (PostgreSQL's
        # jsonb sorts them): the platform user first, then any other plain value.
        keys = [k for k in _ADDRESS_KEYS if k in reply_to] + sorted(k for k in reply_to if k not in _ADDRESS_KEYS)
        recipient = next((str(reply_to[k]) for k in keys if isinstance(reply_to[k], str | int)), complaint.number)
        return Message(channel=Channel.REPLY, recipient=f"{complaint.channel}:{recipient}"[:200],
                       subject=subject or complaint.number, payload={**payload, "reply_to": reply_to}, **base)
    customer = complaint.customer
    if customer is not None and customer.phone:
        return Message(channel=Channel.SMS, recipient=customer.phone, subject=subject or complaint.number,
                       payload=payload, **base)
    return None
