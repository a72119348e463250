"""The complaint record (投诉工单), its links, attachments and timeline (SPEC §1)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import (
    Category,
    Channel,
    Demand,
    Emotion,
    EventKind,
    LinkKind,
    Priority,
    Status,
)


class Complaint(models.Model):
    # Indexes are written for every complaint (a bulk import of history pays for each one):
    # foreign keys covered by a composite index below, or mostly NULL, get no index of their
    # own or a partial one (see Meta.indexes); `number` is unique through a constraint,
    # which spares the LIKE-pattern index `unique=True` would add on PostgreSQL.
    number = models.CharField(_("number"), max_length=32)
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.PROTECT, db_index=False,
        related_name="complaints", verbose_name=_("customer"),
    )
    order = models.ForeignKey(
        "customers.Order", null=True, blank=True, on_delete=models.SET_NULL, db_index=False,
        related_name="complaints", verbose_name=_("order"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    # The channel's own id for the message; unique per channel when present so a
    # re-delivered webhook never makes a second complaint.
    channel_message_id = models.CharField(_("channel message id"), max_length=128, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("description"))
    scenario = models.CharField(_("scenario"), max_length=300, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"))
    demand = models.CharField(_("demand"), max_length=20, choices=Demand.choices, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    subcategory = models.CharField(_("sub-category"), max_length=40, blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, blank=True)
    priority_rank = models.PositiveSmallIntegerField(default=3, editable=False)
    emotion = models.CharField(_("emotion"), max_length=20, choices=Emotion.choices, blank=True)
    emotion_score = models.FloatField(_("emotion score"), null=True, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.RECEIVED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, db_index=False,
        related_name="owned_complaints", verbose_name=_("owner"),
    )
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.PROTECT, db_index=False,
        related_name="complaints", verbose_name=_("team"),
    )
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.PROTECT, db_index=False,
        related_name="complaints", verbose_name=_("department"),
    )
    # Restricted complaints (e.g. legal, VIP, staff misconduct) are visible only
    # to the owner, the team's leads and administrators.
    restricted = models.BooleanField(_("restricted"), default=False)
    next_action_due_at = models.DateTimeField(_("next action due"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, db_index=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["priority_rank", "-received_at"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            models.UniqueConstraint(fields=["number"], name="complaint_unique_number"),
            models.UniqueConstraint(
                fields=["channel", "channel_message_id"],
                condition=~Q(channel_message_id=""),
                name="complaint_unique_channel_message",
            ),
        ]
        indexes = [
            # Partial: unassigned complaints (all imported history) are not written to them;
            # "owner = X" implies "owner IS NOT NULL", so the planner still uses them.
            models.Index(fields=["owner", "status", "priority_rank", "-received_at"],
                         condition=Q(owner__isnull=False), name="complaint_owner_queue"),
            models.Index(fields=["team", "status", "priority_rank", "-received_at"],
                         condition=Q(team__isnull=False), name="complaint_team_queue"),
            models.Index(fields=["department", "status", "priority_rank", "-received_at"],
                         condition=Q(department__isnull=False), name="complaint_department_queue"),
            models.Index(fields=["order"], condition=Q(order__isnull=False), name="complaint_order"),
            models.Index(fields=["created_by"], condition=Q(created_by__isnull=False),
                         name="complaint_created_by"),
            models.Index(fields=["status", "priority_rank", "-received_at"]),
            models.Index(fields=["priority_rank", "-received_at"]),
            models.Index(fields=["customer", "-received_at"]),
            models.Index(fields=["-received_at"]),
            models.Index(fields=["next_action_due_at"], name="complaint_next_action_due"),
        ]

    def __str__(self) -> str:
        return self.number


class ComplaintLink(models.Model):
    """A directed link; repeats point from the newer complaint to the earlier one."""

    source = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=20, choices=LinkKind.choices, default=LinkKind.RELATED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="complaint_link_unique"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="complaint_link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} -{self.kind}-> {self.target_id}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.complaint_id}/{instance.sha256[:16]}-{filename[-80:]}"


class Attachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):  # noqa: ARG002
        raise TypeError("The complaint timeline is append-only.")

    def delete(self):
        raise TypeError("The complaint timeline is append-only.")


class TimelineEvent(models.Model):
    """One entry of the append-only audit trail of a complaint."""

    # complaint: indexed by the (complaint, at, id) index; actor: partial (system events have none).
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events", db_index=False)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        db_index=False,
    )
    at = models.DateTimeField(db_index=True)
    field = models.CharField(max_length=40, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # Internal notes and system events are never shown to the customer.
    internal = models.BooleanField(default=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["complaint", "at", "id"]),
            models.Index(fields=["actor"], condition=Q(actor__isnull=False), name="timeline_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}:{self.kind}@{self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Timeline events cannot be changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Timeline events cannot be deleted.")


class NumberSequence(models.Model):
    """Per-day counter for human-friendly numbers such as TS-20261122-000123."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"
