"""Follow-up tasks and answered surveys for the demo complaints (bulk, like the rest of the demo).

Open follow-up tasks for complaints now in follow-up; a survey for every
complaint closed after follow-up, about two thirds answered, with scores that
depend on how the case went (reopened or angry customers score lower).
"""

from __future__ import annotations

import random
import secrets
from datetime import timedelta

from django.utils import timezone

from bihuan.complaints.models import Complaint, TimelineEvent
from bihuan.followup.choices import Method, TaskKind, TaskStatus
from bihuan.followup.models import FollowUpTask, Survey

_QUESTIONS = {"csat": True, "nps": True, "comment": True}
_COMMENTS = {
    "low": ["处理太慢了，打了好几次电话才有人管。", "补偿太少，和别人拿到的不一样。", "客服态度一般，问题拖了很久。"],
    "mid": ["问题解决了，但流程有点繁琐。", "还行，希望下次快一点。"],
    "high": ["客服小姐姐很耐心，点赞！", "处理很及时，满意。", "建议以后发货前多检查一下包装。", ""],
}


def create_followups(rng: random.Random, complaints: list[Complaint]) -> None:
    now = timezone.now()
    follow_up_at = dict(
        TimelineEvent.objects.filter(complaint__in=complaints, kind="transition", after="follow_up")
        .values_list("complaint_id", "at")
    )
    tasks, surveys = [], []
    for c in complaints:
        started = follow_up_at.get(c.pk)
        if c.status == "follow_up" and started:
            red = c.priority == "red"
            tasks.append(FollowUpTask(
                complaint=c, kind=TaskKind.FOLLOW_UP, owner=c.owner, channel=c.channel,
                method=Method.PHONE if red or c.emotion in ("angry", "anxious") else Method.CHANNEL,
                due_at=started + timedelta(hours=24 if red else 48), status=TaskStatus.OPEN,
            ))
        if c.status == "closed" and c.closed_at and started:
            surveys.append(_survey(rng, c, now))
    FollowUpTask.objects.bulk_create(tasks, batch_size=500)
    Survey.objects.bulk_create(surveys, batch_size=500)


def _survey(rng: random.Random, c: Complaint, now) -> Survey:
    sent = c.closed_at + timedelta(minutes=rng.randint(5, 600))
    survey = Survey(complaint=c, nonce=secrets.token_hex(16), language="zh-hans", channel=c.channel,
                    questions=_QUESTIONS, sent_at=min(sent, now), expires_at=sent + timedelta(days=7))
    if rng.random() < 0.66:
        mood = 1.6 if c.reopen_count else (0.8 if c.emotion == "angry" else 0.0)
        csat = max(1, min(5, round(rng.gauss(4.3 - mood, 0.9))))
        nps = max(0, min(10, round(rng.gauss(8.2 - 2 * mood, 1.8))))
        band = "low" if csat <= 2 else ("mid" if csat == 3 else "high")
        survey.answered_at = min(now, survey.sent_at + timedelta(hours=rng.randint(1, 40)))
        survey.csat, survey.nps = csat, nps
        survey.comment = rng.choice(_COMMENTS[band])
        survey.low_score = csat <= 2 or nps <= 6
    return survey
