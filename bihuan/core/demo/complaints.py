"""~2,000 complaints over the last 90 days, spread across channels, categories,
priorities and lifecycle stages, each with a consistent timeline.

Texts and their labels come from the triage corpus generator (the project's own
varied Chinese complaint sentences), so demo data and the default model speak
the same language. Rows are bulk-written: this is a loader, like an import.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import datetime, timedelta

from django.db.models import Max
from django.utils import timezone

from bihuan.accounts.models import Role, User
from bihuan.complaints import lifecycle
from bihuan.complaints.choices import PRIORITY_RANK, EventKind, LinkKind
from bihuan.complaints.models import Complaint, ComplaintLink, NumberSequence, TimelineEvent
from bihuan.customers.models import Customer, Order
from bihuan.triage.corpus import generate_corpus
from bihuan.triage.models import TriageRecord
from bihuan.triage.services import current_engine, customer_context

from .people import Staff

CHANNEL_WEIGHTS = {
    "phone": 30, "wechat": 16, "web": 10, "app": 9, "ecommerce": 10, "email": 4, "weibo": 5,
    "douyin": 5, "xiaohongshu": 3, "public_platform": 3, "regulator": 2, "api": 3,
}
# Share of complaints that reached each stage, by age: older ones are mostly closed.
_STAGE_BY_AGE = [
    (3, {"received": 25, "assessed": 20, "verifying": 20, "resolving": 15, "escalated": 5,
         "waiting_on_customer": 10, "executing": 5}),
    (14, {"verifying": 15, "resolving": 20, "executing": 20, "follow_up": 15, "closed": 20,
          "waiting_on_customer": 5, "escalated": 3, "reopened": 2}),
    (999, {"closed": 85, "follow_up": 5, "executing": 3, "reopened": 4, "waiting_on_customer": 3}),
]
_PATHS = {
    "received": [],
    "assessed": ["assessed"],
    "verifying": ["assessed", "verifying"],
    "resolving": ["assessed", "verifying", "resolving"],
    "executing": ["assessed", "verifying", "resolving", "executing"],
    "follow_up": ["assessed", "verifying", "resolving", "executing", "follow_up"],
    "closed": ["assessed", "verifying", "resolving", "executing", "follow_up", "closed"],
    "escalated": ["assessed", "escalated"],
    "waiting_on_customer": ["assessed", "verifying", "waiting_on_customer"],
    "reopened": ["assessed", "verifying", "resolving", "executing", "follow_up", "closed",
                 "reopened"],
}
_REASONS = {
    "escalated": "客户情绪激动并提到要向12315投诉，升级专家组处理",
    "waiting_on_customer": "已请客户补充照片和订单截图",
    "reopened": "回访时客户表示问题未解决",
}
_COMMENTS = [
    "已致电客户致歉，说明处理流程和预计时间。", "已联系仓库核实出库记录。",
    "客户补充了破损照片，已上传。", "已与物流公司确认轨迹，包裹在中转站滞留。",
    "客户同意先换货，再补偿一张20元优惠券。", "已提交退款申请，预计3个工作日到账。",
]
_FIRST_REPLIES = [
    "您好，已收到您的反馈，我是您的专属客服，会跟进到底。", "非常抱歉给您添麻烦了，我们马上核实处理。",
    "已电话联系客户致歉，并说明了处理流程和预计时间。", "您好，已为您登记，稍后会把核实结果同步给您。",
]
# Typical time spent in each stage (lognormal around these medians): the stage-duration waterfall.
STEP_MEDIAN_SECONDS = {
    "assessed": 12 * 60, "verifying": 3 * 3600, "resolving": 20 * 3600, "executing": 6 * 3600,
    "follow_up": 30 * 3600, "closed": 10 * 3600, "escalated": 2 * 3600,
    "waiting_on_customer": 8 * 3600, "reopened": 3 * 86400,
}


def step_seconds(rng: random.Random, step: str) -> float:
    return max(60.0, rng.lognormvariate(math.log(STEP_MEDIAN_SECONDS.get(step, 3600)), 0.7))


def _first_reply_seconds(rng: random.Random) -> float:
    """Most first replies follow the assignment within minutes (one handling session, the AHT);
    about one in six waits, so the first-response KPI is not trivially met."""
    if rng.random() < 0.83:
        return rng.uniform(180, 480)
    return rng.uniform(20 * 60, 3 * 3600)


_DEPT_BY_CATEGORY = {"product": "product", "logistics": "logistics", "service": "cs", "other": "cs"}


def _received_at(rng: random.Random, now: datetime) -> datetime:
    """Busier on weekdays, peaking mid-morning and evening, like a real call centre."""
    while True:
        day = rng.choices(range(90), weights=[3 if d < 14 else 2 for d in range(90)])[0]
        when = now - timedelta(days=day)
        hour = rng.choices(range(24), weights=[1, 1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 12, 9, 10, 11,
                                                11, 10, 9, 9, 10, 11, 9, 5, 2])[0]
        local = timezone.localtime(when).replace(hour=hour, minute=rng.randrange(60),
                                                  second=rng.randrange(60))
        if local.weekday() >= 5 and rng.random() < 0.3:
            continue
        if local < now:
            return local


def _stage(rng: random.Random, age_days: float) -> str:
    for limit, weights in _STAGE_BY_AGE:
        if age_days <= limit:
            return rng.choices(list(weights), weights=list(weights.values()))[0]
    return "closed"


def _owner_pool(staff: Staff) -> dict[str, list[User]]:
    pools: dict[str, list[User]] = defaultdict(list)
    for user in staff.users.values():
        if user.role in (Role.AGENT, Role.SENIOR_AGENT, Role.TEAM_LEAD) and user.team_id:
            pools[user.team.name].append(user)
    return pools


def create_complaints(rng: random.Random, staff: Staff, customers: list[Customer],
                      orders: list[Order], count: int, shape=None) -> list[Complaint]:
    """`shape` (e.g. bihuan.analytics.demo.YearShape) may set arrival times and incidents."""
    now = timezone.now()
    # Not every contact is a complaint: enquiries and praise arrive too (green).
    corpus = generate_corpus(count, seed=rng.randrange(10**6))
    orders_by_customer: dict[int, list[Order]] = defaultdict(list)
    for order in orders:
        orders_by_customer[order.customer_id].append(order)
    pools = _owner_pool(staff)
    cs_teams = ["客服一组", "客服一组", "客服二组", "客服二组"]
    specialist_team = {"product": "产品质量组", "logistics": "物流协调组"}

    rows = []
    for row in corpus:
        received = shape.received_at(rng, now) if shape else _received_at(rng, now)
        customer = rng.choice(customers)
        order = rng.choice(orders_by_customer[customer.pk]) if orders_by_customer[customer.pk] \
            and rng.random() < 0.8 else None
        if shape:
            row, customer, order = shape.adjust(rng, row, customer, order, orders_by_customer)
        priority = row.get("priority", "")
        stage = _stage(rng, (now - received).total_seconds() / 86400)
        if priority == "red" or row.get("escalation_risk"):
            team = "专家组"
        elif row["category"] in specialist_team and rng.random() < 0.25:
            team = specialist_team[row["category"]]
        else:
            team = rng.choice(cs_teams)
        owner = None if stage == "received" and rng.random() < 0.7 else rng.choice(pools[team])
        text = row["text"]
        rows.append((row, received, customer, order, stage, team, owner, text))
    rows.sort(key=lambda r: r[1])

    per_day: dict[str, int] = defaultdict(int)
    complaints = []
    for row, received, customer, order, stage, team, owner, text in rows:
        day = f"{timezone.localtime(received):%Y%m%d}"
        per_day[day] += 1
        complaints.append(Complaint(
            number=f"TS-{day}-{per_day[day]:06d}", customer=customer, order=order,
            channel=row.get("forced_channel")
            or rng.choices(list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()))[0],
            title=text[:40], description=text, received_at=received,
            occurred_at=received - timedelta(hours=rng.randint(1, 72)),
            demand=row.get("demand", ""), category=row.get("category", ""),
            subcategory=row.get("subcategory", ""), priority=row["priority"],
            priority_rank=PRIORITY_RANK[row["priority"]], emotion=row.get("emotion", ""),
            tags=[row["industry"]] if row.get("industry") else [],
            status=stage, owner=owner, team=staff.teams[team],
            department=staff.departments[_DEPT_BY_CATEGORY.get(row.get("category", ""), "cs")],
            restricted=row.get("escalation_risk", False) and rng.random() < 0.2,
            reopen_count=1 if stage == "reopened" else 0,
        ))
    complaints = Complaint.objects.bulk_create(complaints, batch_size=500)
    _sync_number_sequences(per_day)
    _create_timelines(rng, complaints, now)
    _link_repeats(complaints)
    _store_triage(complaints)
    return complaints


def _store_triage(complaints: list[Complaint]) -> None:
    """Keep the engine's verdict and reasons, as intake would have (one batched call)."""
    results = current_engine().triage_many(
        [c.description for c in complaints],
        customers=[customer_context(c.customer) for c in complaints], explain=True,
    )
    TriageRecord.objects.bulk_create([
        TriageRecord(complaint=c, result=r.as_dict(), model_version=r.model_version,
                     escalation_risk=r.escalation_risk, is_complaint=r.is_complaint)
        for c, r in zip(complaints, results, strict=True)
    ], batch_size=500)


def _sync_number_sequences(per_day: dict[str, int]) -> None:
    """Later complaints created through services must continue each day's numbering."""
    for day, last in per_day.items():
        date = datetime.strptime(day, "%Y%m%d").date()
        current = NumberSequence.objects.filter(day=date).aggregate(m=Max("last"))["m"] or 0
        NumberSequence.objects.update_or_create(day=date, defaults={"last": max(last, current)})


def _create_timelines(rng: random.Random, complaints: list[Complaint], now: datetime) -> None:
    events, closed_updates = [], []
    owners = list({c.owner_id: c.owner for c in complaints if c.owner_id}.values())
    for c in complaints:
        at = c.received_at
        events.append(TimelineEvent(complaint=c, kind=EventKind.CREATED, at=at, internal=True,
                                    after={"status": "received", "channel": c.channel}))
        if c.owner_id and rng.random() < 0.08:  # first routed elsewhere, then transferred (转派)
            first = rng.choice([o for o in owners if o.pk != c.owner_id] or [c.owner])
            at += timedelta(minutes=rng.uniform(1, 5))
            events.append(TimelineEvent(
                complaint=c, kind=EventKind.ASSIGNMENT, actor=first, at=at, field="owner",
                before={"owner": None, "team": None},
                after={"owner": first.pk, "team": c.team_id, "owner_name": str(first)}))
            at += timedelta(minutes=rng.uniform(2, 20))
            events.append(TimelineEvent(
                complaint=c, kind=EventKind.ASSIGNMENT, actor=first, at=at, field="owner",
                reason="转交更合适的处理组", before={"owner": first.pk, "team": c.team_id},
                after={"owner": c.owner_id, "team": c.team_id, "owner_name": str(c.owner)}))
        elif c.owner_id:
            at += timedelta(minutes=rng.uniform(1, 8))
            events.append(TimelineEvent(
                complaint=c, kind=EventKind.ASSIGNMENT, actor=c.owner, at=at, field="owner",
                before={"owner": None, "team": None},
                after={"owner": c.owner_id, "team": c.team_id, "owner_name": str(c.owner)}))
        if c.owner_id:
            at = min(now, at + timedelta(seconds=_first_reply_seconds(rng)))
            events.append(TimelineEvent(complaint=c, kind=EventKind.COMMENT, actor=c.owner, at=at,
                                        body=rng.choice(_FIRST_REPLIES)))
        before = lifecycle.RECEIVED
        for step in _PATHS[c.status]:
            at = min(now, at + timedelta(seconds=step_seconds(rng, step)))
            if rng.random() < 0.35:
                events.append(TimelineEvent(complaint=c, kind=EventKind.COMMENT, actor=c.owner,
                                            at=at, body=rng.choice(_COMMENTS)))
            events.append(TimelineEvent(complaint=c, kind=EventKind.TRANSITION, actor=c.owner,
                                        at=at, field="status", before=before, after=step,
                                        reason=_REASONS.get(step, "")))
            if step == "closed":
                c.closed_at = at
            before = step
        if c.status == "reopened":
            c.closed_at = None
        if c.closed_at:
            closed_updates.append(c)
    TimelineEvent.objects.bulk_create(events, batch_size=1000)
    Complaint.objects.bulk_update(closed_updates, ["closed_at"], batch_size=500)


def _link_repeats(complaints: list[Complaint]) -> None:
    """Same customer and order within 7 days: the later one is a repeat (二次进线)."""
    last_seen: dict[tuple[int, int], Complaint] = {}
    links = []
    for c in sorted(complaints, key=lambda x: x.received_at):
        if not c.order_id:
            continue
        key = (c.customer_id, c.order_id)
        earlier = last_seen.get(key)
        if earlier and (c.received_at - earlier.received_at) <= timedelta(days=7):
            links.append(ComplaintLink(source=c, target=earlier, kind=LinkKind.REPEAT))
        last_seen[key] = c
    ComplaintLink.objects.bulk_create(links, ignore_conflicts=True)
