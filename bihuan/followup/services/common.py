"""Helpers shared by the follow-up services: timeline entries, people to notify, the customer's language."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from bihuan.accounts.models import Role, User
from bihuan.complaints.models import Complaint
from bihuan.notifications.services import Message


def record(complaint: Complaint, actor: User | None, *, field: str, body: str, after: Any = None,
           internal: bool = True) -> None:
    """One timeline entry; precondition: inside the caller's transaction."""
    from bihuan.complaints.services import timeline_record

    timeline_record(complaint=complaint, actor=actor, field=field, body=str(body), after=after,
                    internal=internal)


def customer_language(complaint: Complaint) -> str:
    """The language the customer wrote in (kept by intake), else the site default."""
    try:
        from bihuan.intake.models import IntakeRecord
    except ImportError:  # intake not installed
        return "zh-hans"
    language = (IntakeRecord.objects.filter(complaint_id=complaint.pk).order_by("-id")
                .values_list("language", flat=True).first())
    language = (language or settings.LANGUAGE_CODE).lower()
    return "en" if language.startswith("en") else "zh-hans"


def team_leads(complaint: Complaint) -> list[User]:
    qs = User.objects.filter(is_active=True, role=Role.TEAM_LEAD)
    for scope in ({"team_id": complaint.team_id}, {"department_id": complaint.department_id}):
        if all(scope.values()):
            found = list(qs.filter(**scope).order_by("id"))
            if found:
                return found
    return []


def senior_agent_for(complaint: Complaint) -> User | None:
    """A senior agent of the complaint's team, else of its department, else the owner."""
    qs = User.objects.filter(is_active=True, role=Role.SENIOR_AGENT)
    for scope in ({"team_id": complaint.team_id}, {"department_id": complaint.department_id}):
        if all(scope.values()):
            found = qs.filter(**scope).order_by("seniority", "id").last()
            if found:
                return found
    return complaint.owner


def staff_message(user: User, *, key: str, body: str, complaint: Complaint) -> Message:
    return Message(dedup_key=f"{key}:{user.pk}", channel="email" if user.email else "console",
                   recipient=user.email or user.username, subject=body[:80], body=body,
                   payload={"complaint": complaint.pk, "user": user.pk}, complaint_id=complaint.pk)
