"""Follow-up writes (DESIGN rule 1). The complaint service calls `on_complaint_transition` explicitly."""

from __future__ import annotations

import datetime as dt
import time

from django.utils import timezone

from bihuan.complaints import lifecycle
from bihuan.complaints.models import Complaint

from ..choices import TaskKind
from .outcomes import outcome_refresh, outcomes_refresh_due, review_withdrawn_mark
from .reminders import Reminder, reminder_rule_save, reminders_for
from .surveys import (
    LinkUnusable,
    closeout_message,
    survey_config,
    survey_config_save,
    survey_open,
    survey_reminders_send,
    survey_send,
    survey_submit,
    survey_token,
    survey_url,
)
from .tasks import callback_create, follow_up_create, follow_up_record, tasks_cancel_open


def on_complaint_transition(*, complaint: Complaint, before: str, to: str, at: dt.datetime | None = None) -> None:
    """Entering follow_up makes the 回访 task; closing after follow-up sends the survey (same transaction).

    A complaint closed from any other status (spam or a duplicate closed at receipt, a
    customer who never came back) was not resolved with the customer: no survey.
    """
    if to == lifecycle.FOLLOW_UP:
        follow_up_create(complaint=complaint, at=at)
    elif to == lifecycle.CLOSED:
        tasks_cancel_open(complaint=complaint, kind=TaskKind.FOLLOW_UP)
        if before == lifecycle.FOLLOW_UP:
            survey_send(complaint=complaint, at=at)


_last_tick = 0.0
TICK_SECONDS = 60.0


def followup_tick(*, force: bool = False) -> tuple[int, int] | None:
    """Worker round: survey reminders (at most once each) and customer outcomes, once a minute."""
    global _last_tick
    if not force and time.monotonic() - _last_tick < TICK_SECONDS:
        return None
    _last_tick = time.monotonic()
    now = timezone.now()
    return survey_reminders_send(now=now), outcomes_refresh_due(now=now)


__all__ = [
    "LinkUnusable", "Reminder", "callback_create", "closeout_message", "follow_up_create", "follow_up_record",
    "followup_tick", "on_complaint_transition", "outcome_refresh", "outcomes_refresh_due", "reminder_rule_save",
    "reminders_for",
    "review_withdrawn_mark", "survey_config", "survey_config_save", "survey_open", "survey_reminders_send",
    "survey_send", "survey_submit", "survey_token", "survey_url", "tasks_cancel_open",
]
