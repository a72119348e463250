"""The SLA sweep: find clocks that reached their warning or due time and fire the policy's actions.

Reads only the (status, due_at) and (status, warn_at) indexes up to `now`:
its cost grows with what is due, not with the number of open complaints.
Claim = lock the batch (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite's
IMMEDIATE transaction holds the write lock) and a conditional UPDATE of the
status, so two sweepers never escalate the same clock twice. Notifications
are written to the outbox in the same transaction as the status change.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bihuan.accounts.models import Role, User
from bihuan.complaints.choices import PRIORITY_RANK, EventKind, Priority
from bihuan.complaints.models import Complaint, TimelineEvent
from bihuan.notifications.services import Message, notifications_enqueue
from bihuan.routing.matching import Need
from bihuan.routing.models import AgentStatus, ClockStatus, Metric, SlaClock, SlaPolicy

from .assignment import candidate_pool, choose_agent, mark_assigned

DEFAULT_ACTIONS = [
    {"on": "breach", "metric": "*", "do": "notify_owner", "channel": "console"},
    {"on": "breach", "metric": "*", "do": "notify_supervisor", "channel": "console"},
]
_RAISE = {"green": "yellow", "": "yellow", "yellow": "red"}


@dataclass
class SweepResult:
    warned: int = 0
    breached: int = 0
    notifications: int = 0
    actions: int = 0
    seconds: float = 0.0
    more: bool = False  # the time budget ran out with work left: the next tick continues


@dataclass(frozen=True, slots=True)
class DueClock:
    """What the sweep needs of a clock and its complaint (one joined row, no model instances)."""

    pk: int
    metric: str
    cycle: int
    due_at: dt.datetime | None
    policy_id: int | None
    complaint_id: int
    number: str
    priority: str
    owner_id: int | None
    team_id: int | None


_FIELDS = ("pk", "metric", "cycle", "due_at", "policy_id", "complaint_id", "complaint__number",
           "complaint__priority", "complaint__owner_id", "complaint__team_id")


def budget() -> float:
    return float(getattr(settings, "BIHUAN_SLA_SWEEP_BUDGET_SECONDS", 0.5))


def sla_sweep(*, now: dt.datetime | None = None, batch: int = 1000,
              budget_seconds: float | None = None) -> SweepResult:
    """Escalate clocks whose due (then warning) time is at or before `now`, within a time budget.

    Breaches go first, oldest due first. Each batch is one transaction; once
    the budget is spent after a full batch, the call returns with `more=True`
    and the next sweep carries on (a sweep call stays bounded whatever the backlog).
    """
    started = time.perf_counter()
    deadline = started + (budget() if budget_seconds is None else budget_seconds)
    now = now or timezone.now()
    result = SweepResult()
    context = _Context()
    with translation.override("zh-hans"):
        steps = [
            ("breach", ClockStatus.RUNNING, "due_at"),
            ("breach", ClockStatus.WARNING, "due_at"),
            ("warning", ClockStatus.RUNNING, "warn_at"),
        ]
        for kind, status, field_name in steps:
            if not _drain(kind, status, field_name, now, batch, deadline, result, context):
                result.more = True
                break
    result.seconds = time.perf_counter() - started
    return result


def _drain(kind: str, status: str, field_name: str, now: dt.datetime, batch: int, deadline: float,
           result: SweepResult, context: _Context) -> bool:
    """Process batches until this threshold is done (True) or the budget is spent (False).

    Keyset pagination on (field, id) so each batch starts where the last ended
    instead of re-walking index entries the previous batches just updated.
    """
    after: tuple[dt.datetime, int] | None = None
    while True:
        qs = SlaClock.objects.filter(status=status, **{f"{field_name}__lte": now})
        if after is not None:
            qs = qs.filter(Q(**{f"{field_name}__gt": after[0]}) | Q(**{field_name: after[0], "pk__gt": after[1]}))
        qs = qs.order_by(field_name, "pk")
        n, after = _process(qs, kind, status, field_name, now, batch, result, context)
        if n < batch:
            return True
        if time.perf_counter() >= deadline:
            return False


class _Context:
    """Per-sweep lookups loaded on first need: policy actions and translated labels."""

    def __init__(self) -> None:
        self._actions: dict[int, list] | None = None
        self.metric_labels = {m.value: str(m.label) for m in Metric}
        self.priority_labels = {p.value: str(p.label) for p in Priority}
        self.tz = timezone.get_current_timezone()
        self.texts = {
            "breach": _("[Bihuan] Complaint %(number)s (%(priority)s): %(metric)s is overdue (due %(due)s). "
                        "Please act now."),
            "warning": _("[Bihuan] Complaint %(number)s (%(priority)s): %(metric)s is due at %(due)s."),
        }

    def actions(self, policy_id: int | None) -> list:
        if self._actions is None:
            self._actions = {pk: actions for pk, actions in SlaPolicy.objects.values_list("pk", "actions")}
        return self._actions.get(policy_id) or DEFAULT_ACTIONS


@transaction.atomic
def _process(qs: QuerySet, kind: str, status: str, field_name: str, now: dt.datetime, batch: int,
             result: SweepResult, context: _Context) -> tuple[int, tuple[dt.datetime, int] | None]:
    rows = list(qs.select_for_update(skip_locked=True, of=("self",)).values_list(*_FIELDS, field_name)[:batch])
    if not rows:
        return 0, None
    clocks = [DueClock(*row[:-1]) for row in rows]
    after = (rows[-1][-1], rows[-1][0])
    ids = [c.pk for c in clocks]
    # One set-based UPDATE per batch; the status condition keeps it a claim on SQLite too.
    if kind == "breach":
        SlaClock.objects.filter(pk__in=ids, status=status).update(status=ClockStatus.BREACHED,
                                                                   breached_at=F("due_at"))
        result.breached += len(ids)
    else:
        SlaClock.objects.filter(pk__in=ids, status=status).update(status=ClockStatus.WARNING,
                                                                   warned_at=F("warn_at"))
        result.warned += len(ids)
    messages: list[Message] = []
    follow_ups: list[tuple[DueClock, str]] = []
    people: _People | None = None
    for clock in clocks:
        for index, action in enumerate(context.actions(clock.policy_id)):
            if action.get("on") != kind or action.get("metric", "*") not in ("*", clock.metric):
                continue
            do = action.get("do")
            if do in ("notify_owner", "notify_supervisor"):
                people = people or _People.load(clocks)
                messages += _messages(clock, kind, index, action, people, context)
            elif do in ("raise_priority", "reassign"):
                follow_ups.append((clock, do))
    result.notifications += notifications_enqueue(messages=messages, now=now)
    for clock, do in follow_ups:
        result.actions += _raise_priority(clock, now) if do == "raise_priority" else _reassign(clock, now)
    return len(clocks), after


class _People:
    """Owners, supervisors and their mobiles for a batch, in three queries."""

    def __init__(self, users: dict[int, User], leads: dict[int, list[User]], admins: list[User],
                 mobiles: dict[int, str]):
        self.users, self.leads, self.admins, self.mobiles = users, leads, admins, mobiles

    @classmethod
    def load(cls, clocks: list[DueClock]) -> _People:
        team_ids = {c.team_id for c in clocks if c.team_id}
        owner_ids = {c.owner_id for c in clocks if c.owner_id}
        leads: dict[int, list[User]] = defaultdict(list)
        users: dict[int, User] = {u.pk: u for u in User.objects.filter(pk__in=owner_ids)}
        for lead in User.objects.filter(role=Role.TEAM_LEAD, team_id__in=team_ids, is_active=True).order_by("pk"):
            leads[lead.team_id].append(lead)
            users[lead.pk] = lead
        admins = list(User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).order_by("pk")[:1])
        users.update({a.pk: a for a in admins})
        mobiles = dict(AgentStatus.objects.filter(user_id__in=list(users)).exclude(mobile="")
                       .values_list("user_id", "mobile"))
        return cls(users, leads, admins, mobiles)

    def supervisors(self, clock: DueClock) -> list[User]:
        return self.leads.get(clock.team_id) or self.admins


def _recipient(user: User, channel: str, people: _People) -> tuple[str, str]:
    """(channel, address); a person without an address for the channel is told on the console."""
    if channel == "sms":
        mobile = people.mobiles.get(user.pk)
        return ("sms", mobile) if mobile else ("console", user.username)
    if channel == "email":
        return ("email", user.email) if user.email else ("console", user.username)
    return channel, user.username


def _messages(clock: DueClock, kind: str, index: int, action: dict, people: _People,
              context: _Context) -> list[Message]:
    if action["do"] == "notify_owner":
        targets = [people.users[clock.owner_id]] if clock.owner_id in people.users else []
        targets = targets or people.supervisors(clock)
    else:
        targets = people.supervisors(clock)
    metric = context.metric_labels.get(clock.metric, clock.metric)
    due = clock.due_at.astimezone(context.tz).strftime("%m-%d %H:%M") if clock.due_at else "—"
    text = context.texts[kind]
    priority = context.priority_labels.get(clock.priority, "—") if clock.priority else "—"
    body = text % {"number": clock.number, "priority": priority, "metric": metric, "due": due}
    out = []
    for user in targets:
        channel, address = _recipient(user, action.get("channel", "console"), people)
        out.append(Message(
            dedup_key=f"sla:{clock.pk}:{clock.cycle}:{kind}:{index}:{user.pk}",
            channel=channel, recipient=address, subject=body[:80], body=body,
            payload={"complaint": clock.complaint_id, "metric": clock.metric, "event": kind, "user": user.pk},
            complaint_id=clock.complaint_id,
        ))
    return out


def _raise_priority(clock: DueClock, now: dt.datetime) -> int:
    from .clocks import sla_on_priority_change

    complaint = Complaint.objects.select_for_update().get(pk=clock.complaint_id)
    new = _RAISE.get(complaint.priority)
    if new is None:
        return 0
    before = complaint.priority
    complaint.priority, complaint.priority_rank = new, PRIORITY_RANK[new]
    complaint.save(update_fields=["priority", "priority_rank", "updated_at"])
    TimelineEvent.objects.create(complaint=complaint, kind=EventKind.FIELD_CHANGED, actor=None, at=now,
                                 field="priority", before=before, after=new, internal=True,
                                 reason=_("SLA %(metric)s breached: priority raised automatically")
                                 % {"metric": Metric(clock.metric).label})
    sla_on_priority_change(complaint=complaint, at=now)
    return 1


def _reassign(clock: DueClock, now: dt.datetime) -> int:
    complaint = Complaint.objects.select_for_update().get(pk=clock.complaint_id)
    pool = candidate_pool(team_id=complaint.team_id, department_id=complaint.department_id, roles=frozenset())
    others = [f for f in pool.facts if f.id != complaint.owner_id]
    picked = choose_agent(others, Need(min_seniority=3 if complaint.priority == "red" else 1))
    if picked is None:
        return 0
    owner = pool.users[picked.id]
    before = {"owner": complaint.owner_id, "team": complaint.team_id}
    complaint.owner = owner
    complaint.save(update_fields=["owner", "updated_at"])
    mark_assigned(owner, now)
    TimelineEvent.objects.create(complaint=complaint, kind=EventKind.ASSIGNMENT, actor=None, at=now,
                                 field="owner", before=before,
                                 after={"owner": owner.pk, "team": complaint.team_id, "owner_name": str(owner)},
                                 reason=_("SLA %(metric)s breached: reassigned automatically")
                                 % {"metric": Metric(clock.metric).label})
    return 1
