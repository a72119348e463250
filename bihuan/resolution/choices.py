"""Choices of the resolution models, built from the pure policy vocabularies."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Responsibility(models.TextChoices):
    OWN_PRODUCT = "own_product", _("Own product")
    WAREHOUSE = "warehouse", _("Warehouse / packing")
    LOGISTICS = "third_party_logistics", _("Third-party logistics")
    AGENT = "agent", _("Agent / service")
    CUSTOMER = "customer", _("Customer")
    PLATFORM = "platform", _("Platform")
    UNKNOWN = "unknown", _("Unknown")


class RemedyType(models.TextChoices):
    REFUND_FULL = "refund_full", _("Full refund")
    REFUND_PARTIAL = "refund_partial", _("Partial refund")
    RETURN = "return", _("Return for refund")
    EXCHANGE = "exchange", _("Exchange")
    RESHIP = "reship", _("Reship")
    REPAIR = "repair", _("Repair")
    COUPON = "coupon", _("Coupon")
    POINTS = "points", _("Points")
    CASH = "cash", _("Cash compensation")
    SERVICE_EXTENSION = "service_extension", _("Service extension")
    APOLOGY = "apology", _("Apology")
    DATE_CHANGE = "date_change", _("Date change instead of cancelling")


class LegalFloor(models.TextChoices):
    NONE = "none", _("None")
    SEVEN_DAY_RETURN = "seven_day_return", _("7-day no-reason return")
    QUALITY = "quality", _("Quality guarantee (return / exchange / repair)")
    SEVEN_DAY_AND_QUALITY = "seven_day_and_quality", _("7-day return and quality guarantee")


class ScenarioStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class RemedyStatus(models.TextChoices):
    PENDING_APPROVAL = "pending_approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    OFFERED = "offered", _("Offered to the customer")
    AGREED = "agreed", _("Agreed")
    DECLINED = "declined", _("Declined by the customer")
    EXECUTING = "executing", _("Executing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# Offers that still count against authority and feed the fairness band.
LIVE_REMEDY_STATUSES = ("pending_approval", "approved", "offered", "agreed", "executing", "completed")
GRANTED_REMEDY_STATUSES = ("agreed", "executing", "completed")


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    COUNTERED = "countered", _("Countered")


class NegotiationKind(models.TextChoices):
    OFFER = "offer", _("Offer made")
    ACCEPTED = "accepted", _("Customer accepted")
    DECLINED = "declined", _("Customer declined")
    COUNTER = "counter", _("Customer counter-proposal")


class StepStatus(models.TextChoices):
    TODO = "todo", _("To do")
    DONE = "done", _("Done")
    EXCEPTION = "exception", _("Exception")


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    VIDEO = "video", _("Video")
    DOCUMENT = "document", _("Document")
    CHAT_LOG = "chat_log", _("Chat / call record")
    STATEMENT = "statement", _("Department statement")
