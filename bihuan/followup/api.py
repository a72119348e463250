"""Follow-up endpoints: my tasks, outcomes, the complaint's follow-up, repeat counts, the public survey answer."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from bihuan.complaints.api.schemas import ErrorOut
from bihuan.complaints.permissions import complaint_get_for_user
from bihuan.core.periods import PeriodQuery

from . import selectors, services
from .models import FollowUpTask, Survey

router = Router(tags=["followup"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 410: ErrorOut, 422: ErrorOut}


class TaskOut(Schema):
    id: int
    complaint_id: int
    complaint_number: str
    kind: str
    method: str
    channel: str
    owner_id: int | None
    due_at: datetime
    due_state: str
    status: str
    outcome: str
    attempts: int
    max_attempts: int


class OutcomeIn(Schema):
    outcome: Literal["resolved", "not_resolved", "unreachable"]
    note: str = Field("", max_length=2000)


class SurveyOut(Schema):
    id: int
    language: str
    channel: str
    sent_at: datetime
    expires_at: datetime
    reminded_at: datetime | None
    answered_at: datetime | None
    csat: int | None
    nps: int | None
    comment: str
    low_score: bool


class ReminderOut(Schema):
    rule_id: int
    name: str
    advice: str


class OutcomeOut(Schema):
    repurchase_72h: bool | None
    repurchase_30d: bool | None
    review_withdrawn: bool
    complained_again: bool


class FollowUpOut(Schema):
    tasks: list[TaskOut]
    survey: SurveyOut | None
    reminders: list[ReminderOut]
    outcome: OutcomeOut | None
    reopen_count: int
    repeats: list[str]
    repeat_of: list[str]


class AnswerIn(Schema):
    csat: int | None = Field(None, ge=1, le=5)
    nps: int | None = Field(None, ge=0, le=10)
    comment: str = Field("", max_length=2000)


class AnswerOut(Schema):
    complaint_number: str
    low_score: bool
    callback_created: bool


class RepeatStatsOut(Schema):
    complaints: int
    repeat_complaints: int
    reopened_complaints: int
    reopenings: int
    repeat_rate: float
    reopen_rate: float


class SurveyStatsOut(Schema):
    answered: int
    csat_avg: float | None
    nps: float | None


class ReviewIn(Schema):
    withdrawn: bool = True


def task_out(task: FollowUpTask, state: str = "") -> dict:
    from django.utils import timezone

    from . import policy

    return {"id": task.pk, "complaint_id": task.complaint_id, "complaint_number": task.complaint.number,
            "kind": task.kind, "method": task.method, "channel": task.channel, "owner_id": task.owner_id,
            "due_at": task.due_at, "status": task.status, "outcome": task.outcome, "attempts": task.attempts,
            "max_attempts": task.max_attempts,
            "due_state": state or (policy.due_state(task.due_at, timezone.now()) if task.status == "open" else "")}


def survey_out(survey: Survey | None) -> dict | None:
    if survey is None:
        return None
    return {name: getattr(survey, name) for name in SurveyOut.model_fields if name != "id"} | {"id": survey.pk}


@router.get("/tasks", response={200: list[TaskOut], **ERRORS}, summary="My open follow-up tasks, due soonest first")
def my_tasks(request: HttpRequest):
    return [task_out(row.task, row.state) for row in selectors.my_follow_ups(user=request.user)]


@router.post("/tasks/{int:task_id}/outcome", response={200: TaskOut, **ERRORS}, summary="Record an outcome")
def record_outcome(request: HttpRequest, task_id: int, payload: OutcomeIn):
    task = selectors.task_for_user(user=request.user, task_id=task_id)
    task = services.follow_up_record(task=task, actor=request.user, outcome=payload.outcome, note=payload.note)
    return task_out(task)


@router.get("/complaints/{int:complaint_id}", response={200: FollowUpOut, **ERRORS},
            summary="Follow-up, survey, reminders and outcome of a complaint")
def complaint_followup(request: HttpRequest, complaint_id: int):
    complaint = complaint_get_for_user(request.user, complaint_id)
    panel = selectors.followup_panel(user=request.user, complaint=complaint)
    outcome = panel.outcome
    return {
        "tasks": [task_out(t) for t in panel.tasks], "survey": survey_out(panel.survey),
        "reminders": [{"rule_id": r.rule_id, "name": r.name, "advice": r.advice} for r in panel.reminders],
        "outcome": None if outcome is None else {
            "repurchase_72h": outcome.repurchase_72h, "repurchase_30d": outcome.repurchase_30d,
            "review_withdrawn": outcome.review_withdrawn, "complained_again": outcome.complained_again},
        "reopen_count": panel.repeats.reopen_count,
        "repeats": [c.number for c in panel.repeats.repeats],
        "repeat_of": [c.number for c in panel.repeats.repeat_of],
    }


@router.post("/complaints/{int:complaint_id}/review-withdrawn", response={200: OutcomeOut, **ERRORS},
             summary="Mark (or unmark) that the customer withdrew a bad review")
def review_withdrawn(request: HttpRequest, complaint_id: int, payload: ReviewIn):
    complaint = complaint_get_for_user(request.user, complaint_id)
    o = services.review_withdrawn_mark(complaint=complaint, actor=request.user, withdrawn=payload.withdrawn)
    return {"repurchase_72h": o.repurchase_72h, "repurchase_30d": o.repurchase_30d,
            "review_withdrawn": o.review_withdrawn, "complained_again": o.complained_again}


@router.get("/stats/repeats", response={200: RepeatStatsOut, **ERRORS},
            summary="Repeat and reopened complaints received in [since, until)")
def repeat_stats(request: HttpRequest, period: Query[PeriodQuery]):
    s = selectors.repeat_stats(user=request.user, since=period.since, until=period.until)
    return {"complaints": s.complaints, "repeat_complaints": s.repeat_complaints,
            "reopened_complaints": s.reopened_complaints, "reopenings": s.reopenings,
            "repeat_rate": s.repeat_rate, "reopen_rate": s.reopen_rate}


@router.get("/stats/surveys", response={200: SurveyStatsOut, **ERRORS},
            summary="Surveys answered in [since, until): average CSAT and NPS (promoters % − detractors %)")
def survey_stats(request: HttpRequest, period: Query[PeriodQuery]):
    s = selectors.survey_stats(user=request.user, since=period.since, until=period.until)
    return {"answered": s.answered, "csat_avg": s.csat_avg, "nps": s.nps}


@router.post("/surveys/{token}", auth=None, response={200: AnswerOut, **ERRORS},
             summary="Answer a survey (public: the signed token is the credential)")
def answer_survey(request: HttpRequest, token: str, payload: AnswerIn):
    survey = services.survey_submit(token=token, csat=payload.csat, nps=payload.nps, comment=payload.comment)
    return {"complaint_number": survey.complaint.number, "low_score": survey.low_score,
            "callback_created": survey.callbacks.exists()}
