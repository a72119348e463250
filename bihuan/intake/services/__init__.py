"""Intake services (writes). Each module is one concern; import from here."""

from .intake import IntakeResult, intake_draft
from .webhook import WebhookRejected, receive_webhook, rejected_purge

__all__ = ["IntakeResult", "WebhookRejected", "intake_draft", "receive_webhook", "rejected_purge"]
