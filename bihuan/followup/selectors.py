"""Reads for follow-up: my queue, the complaint panel, repeat/reopen counts (DESIGN rule 1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone, translation

from bihuan.accounts.models import User
from bihuan.complaints.choices import LinkKind
from bihuan.complaints.models import Complaint, ComplaintLink
from bihuan.complaints.permissions import visible_complaints

from . import policy
from .choices import Outcome, TaskStatus
from .models import CustomerOutcome, FollowUpTask, Survey
from .services.reminders import Reminder, reminders_for


@dataclass(frozen=True)
class QueueRow:
    task: FollowUpTask
    state: str  # red / yellow / green


def my_follow_ups(*, user: User, now: dt.datetime | None = None, limit: int = 200) -> list[QueueRow]:
    """Open tasks the user owns on complaints they may see, due soonest first."""
    now = now or timezone.now()
    tasks = (FollowUpTask.objects.filter(owner=user, status=TaskStatus.OPEN,
                                         complaint__in=visible_complaints(user))
             .select_related("complaint", "complaint__customer").order_by("due_at", "id")[:limit])
    return [QueueRow(task=t, state=policy.due_state(t.due_at, now)) for t in tasks]


def task_for_user(*, user: User, task_id: int) -> FollowUpTask:
    """A task through the complaint chokepoint (NotFound if the complaint is not visible)."""
    from bihuan.complaints.permissions import complaint_get_for_user
    from bihuan.core.errors import NotFound

    task = FollowUpTask.objects.filter(pk=task_id).first()
    if task is None:
        raise NotFound()
    task.complaint = complaint_get_for_user(user, task.complaint_id)
    return task


@dataclass(frozen=True)
class RepeatInfo:
    repeats: list[Complaint]  # newer complaints linked as repeats of this one
    repeat_of: list[Complaint]  # earlier complaints this one repeats
    reopen_count: int


def repeat_info(*, complaint: Complaint) -> RepeatInfo:
    links = ComplaintLink.objects.filter(Q(source=complaint) | Q(target=complaint), kind=LinkKind.REPEAT) \
        .select_related("source", "target")
    return RepeatInfo(repeats=[link.source for link in links if link.target_id == complaint.pk],
                      repeat_of=[link.target for link in links if link.source_id == complaint.pk],
                      reopen_count=complaint.reopen_count)


@dataclass(frozen=True)
class RepeatStats:
    complaints: int
    repeat_complaints: int  # linked as a repeat (二次进线) of an earlier one
    reopened_complaints: int  # reopened at least once
    reopenings: int  # total reopen events

    @property
    def repeat_rate(self) -> float:
        return self.repeat_complaints / self.complaints if self.complaints else 0.0

    @property
    def reopen_rate(self) -> float:
        return self.reopened_complaints / self.complaints if self.complaints else 0.0


def repeat_stats(*, user: User, since: dt.datetime, until: dt.datetime) -> RepeatStats:
    """Repeat and reopened complaints received in [since, until), among those the user may see."""
    qs = visible_complaints(user).filter(received_at__gte=since, received_at__lt=until)
    repeat_ids = ComplaintLink.objects.filter(kind=LinkKind.REPEAT).values("source_id")
    row = qs.aggregate(n=Count("pk"), reopened=Count("pk", filter=Q(reopen_count__gt=0)),
                       reopenings=Sum("reopen_count"), repeats=Count("pk", filter=Q(pk__in=repeat_ids)))
    return RepeatStats(complaints=row["n"], repeat_complaints=row["repeats"],
                       reopened_complaints=row["reopened"], reopenings=row["reopenings"] or 0)


@dataclass(frozen=True)
class SurveyStats:
    answered: int
    csat_avg: float | None
    nps: float | None  # promoters% - detractors%


def survey_stats(*, user: User, since: dt.datetime, until: dt.datetime) -> SurveyStats:
    qs = Survey.objects.filter(complaint__in=visible_complaints(user), answered_at__gte=since,
                               answered_at__lt=until)
    rows = list(qs.values_list("csat", "nps"))
    csats = [c for c, _n in rows if c is not None]
    npss = [n for _c, n in rows if n is not None]
    nps = (100.0 * (sum(n >= 9 for n in npss) - sum(n <= 6 for n in npss)) / len(npss)) if npss else None
    return SurveyStats(answered=len(rows), csat_avg=sum(csats) / len(csats) if csats else None, nps=nps)


@dataclass(frozen=True)
class Panel:
    tasks: list[FollowUpTask]
    survey: Survey | None
    reminders: list[Reminder]
    outcome: CustomerOutcome
    repeats: RepeatInfo
    outcome_choices: list[tuple[str, str]] = field(default_factory=lambda: list(Outcome.choices))


def followup_panel(*, user: User, complaint: Complaint) -> Panel:
    """Precondition: `complaint` came through the permission chokepoint."""
    now = timezone.now()
    tasks = list(complaint.follow_up_tasks.select_related("owner").order_by("-created_at", "-id"))
    for task in tasks:
        task.due_state = policy.due_state(task.due_at, now) if task.status == TaskStatus.OPEN else ""
    language = "en" if (translation.get_language() or "").startswith("en") else "zh-hans"
    return Panel(
        tasks=tasks, survey=Survey.objects.filter(complaint=complaint).first(),
        reminders=reminders_for(complaint=complaint, language=language),
        # An unsaved row when nothing is known yet: the template shows "not known yet", not "no".
        outcome=CustomerOutcome.objects.filter(complaint=complaint).first() or CustomerOutcome(complaint=complaint),
        repeats=repeat_info(complaint=complaint),
    )
