"""Intake services (writes). Each module is one concern; import from here."""

from .deliveries import Acceptance, deliveries_settle, deliveries_settle_all, delivery_accept
from .intake import IntakeResult, intake_draft
from .webhook import WebhookRejected, receive_webhook, rejected_purge

__all__ = ["Acceptance", "IntakeResult", "WebhookRejected", "deliveries_settle", "deliveries_settle_all",
           "delivery_accept", "intake_draft", "receive_webhook", "rejected_purge"]
