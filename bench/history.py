"""A year of synthetic complaint history at any scale, shared by the benchmarks that need one.

`load_history(n, now)` fills the current Django database (PostgreSQL) with `n` complaints —
Chinese titles and descriptions, a year of demo seasons and weekly rhythm, 40 products,
31 provinces, 300 agents in 30 teams, two timeline events each — and their analytics facts,
written with COPY; the rollups are then built by the real code (`rollups_rebuild_days`).
`history_loaded(n)` tells whether the database already holds exactly that history (so a
benchmark can reuse it instead of spending minutes rebuilding it).

Used by analytics_bench.py (1M) and scale_bench.py (10k, 100k, and the same 1M database).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import random
import time
from zoneinfo import ZoneInfo

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bihuan_bench"

PRODUCTS = [f"产品{i:02d}" for i in range(40)] + ["婴儿配方奶粉 800g", "变频空调 1.5匹", "折叠屏手机 Fold"]
PROVINCES = ["广东", "江苏", "浙江", "山东", "河南", "四川", "湖北", "湖南", "河北", "福建", "上海", "北京", "安徽",
             "辽宁", "陕西", "江西", "重庆", "广西", "云南", "山西", "内蒙古", "贵州", "新疆", "天津", "吉林",
             "黑龙江", "甘肃", "海南", "宁夏", "青海", "西藏"]
CHANNELS = ["phone", "web", "app", "wechat", "weibo", "douyin", "ecommerce", "email", "regulator"]
CATEGORIES = {"product": ["quality_defect", "malfunction", "safety", "wrong_item"],
              "logistics": ["delivery_delay", "lost", "damaged", "late_dispatch"],
              "service": ["attitude", "slow_response", "broken_promise"], "other": ["other"]}
STATUSES = ["closed"] * 7 + ["resolving", "follow_up", "verifying", "received"]
HOURS = [1, 1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 12, 9, 10, 11, 11, 10, 9, 9, 10, 11, 9, 5, 2]
AGENTS, TEAMS = 300, 30

# Synthetic complaint text: a problem phrase per category, joined with product, time and demand.
PROBLEMS = {
    "product": ["用了两天就不加热了", "开机没反应，指示灯也不亮", "外壳有裂缝，边角割手",
                "罐里有黑色异物，孩子喝了拉肚子", "收到的型号和下单的不一样",
                "充电时发烫，闻到焦味", "屏幕折痕处出现亮线"],
    "logistics": ["快递五天了还没到", "物流信息三天没更新", "包裹送到时外箱破损，里面东西摔坏了",
                  "显示已签收但我根本没收到", "说好次日达，结果一周才发货"],
    "service": ["客服态度很差，直接挂我电话", "打了三次热线都没人回复", "承诺48小时内回电，到现在也没消息",
                "门店店员推卸责任，让我找厂家"],
    "other": ["发票开错了，抬头不对", "积分莫名其妙被清零", "想咨询一下保修政策"],
}
DEMANDS = ["要求换新", "要求退货退款", "要求赔偿", "希望尽快处理", "请给个说法", "要求上门维修"]
WHEN = ["昨天", "上周", "前天", "今天上午", "月初", "双十一期间"]
TONE = ["", "！", "，太失望了。", "，再不处理我就投诉到12315！", "。谢谢。"]


def database_url(suffix: str) -> str:
    """BIHUAN_BENCH_DATABASE_URL with `suffix` appended to the database name."""
    url = os.environ.get("BIHUAN_BENCH_DATABASE_URL", DEFAULT_URL)
    base, _sep, query = url.partition("?")
    head, name = base.rsplit("/", 1)
    name = name if name.endswith(suffix) else f"{name}{suffix}"
    return f"{head}/{name}" + (f"?{query}" if query else "")


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("migrate", verbosity=0)


def copy_rows(table: str, columns: list[str], rows) -> int:
    from django.db import connection

    n = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
    return n


COMPLAINT_COLUMNS = ["id", "number", "channel", "channel_message_id", "title", "description", "scenario",
                     "received_at", "demand", "category", "subcategory", "priority", "priority_rank", "emotion",
                     "tags", "status", "restricted", "reopen_count", "owner_id", "team_id", "department_id",
                     "created_at", "updated_at"]
FACT_COLUMNS = ["complaint_id", "received_at", "day", "hour", "weekday", "category", "subcategory", "channel",
                "priority", "status", "department_id", "owner_id", "customer_id", "province", "member_level",
                "product", "batch", "first_response_seconds", "resolution_seconds", "closed", "reopened", "repeat",
                "repeated_later", "escalated", "transfers", "fcr", "sla_done", "sla_met", "repurchase_72h",
                "repurchase_30d", "stage_seconds", "handle_seconds", "handle_sessions", "survey_sent",
                "survey_answered", "csat", "nps", "remedy_type", "compensation_fen", "refund_agreed", "refund_done",
                "computed_at"]
REMEDIES = ["", "", "", "refund_partial", "refund_full", "exchange", "reship", "repair", "coupon", "cash"]
EVENT_COLUMNS = ["complaint_id", "kind", "actor_id", "at", "field", "before", "after", "reason", "body", "internal"]


def _season(day: dt.date) -> float:
    from bihuan.analytics.demo import season_weight

    return season_weight(day)


def complaint_text(rng: random.Random, category: str, product: str) -> tuple[str, str]:
    problem = rng.choice(PROBLEMS[category])
    title = f"{product}{problem}"[:60]
    description = (f"{rng.choice(WHEN)}买的{product}，{problem}，{rng.choice(DEMANDS)}{rng.choice(TONE)}"
                   f"订单号{rng.randrange(10**11, 10**12)}。")
    return title, description


def text_pool(rng: random.Random, size: int = 4096) -> dict[str, list[tuple[str, str]]]:
    """Texts drawn once per category and reused: composing a million strings costs more than COPY."""
    return {cat: [complaint_text(rng, cat, rng.choice(PRODUCTS)) for _ in range(size)] for cat in CATEGORIES}


def generate(rng: random.Random, n: int, *, first_id: int, days: list[dt.date], weights: list[float],
             agents: list[tuple[int, int | None]], departments: list[int | None], now: dt.datetime):
    """Yield (complaint row, fact row) pairs; `agents` are (user id, team id)."""
    zone = ZoneInfo(os.environ.get("BIHUAN_TIME_ZONE", "Asia/Shanghai"))
    cats = list(CATEGORIES)
    texts = text_pool(rng)
    day_pick = rng.choices(days, weights=weights, k=n)
    hour_pick = rng.choices(range(24), weights=HOURS, k=n)
    for i in range(n):
        cid = first_id + i
        day = day_pick[i]
        local = dt.datetime.combine(day, dt.time(hour_pick[i], rng.randrange(60), rng.randrange(60)), tzinfo=zone)
        received = min(local, now - dt.timedelta(seconds=1)).astimezone(dt.UTC)
        cat = rng.choices(cats, weights=(45, 30, 20, 5))[0]
        sub = rng.choice(CATEGORIES[cat])
        channel = rng.choice(CHANNELS)
        priority = rng.choices(("red", "yellow", "green"), weights=(1, 4, 10))[0]
        status = rng.choice(STATUSES) if day < now.date() - dt.timedelta(days=14) else rng.choice(STATUSES[5:])
        owner, team = rng.choice(agents)
        department = rng.choice(departments)
        product = rng.choice(PRODUCTS)
        title, description = rng.choice(texts[cat])
        closed = status == "closed"
        fr = int(rng.lognormvariate(math.log(600), 0.9))
        res = int(rng.lognormvariate(math.log(3 * 86400), 0.8)) if closed else None
        reopened, escalated = rng.random() < 0.04, rng.random() < 0.07
        transfers = 1 if rng.random() < 0.1 else 0
        repeated_later = rng.random() < 0.05
        stages = {"received": fr, "assessed": int(rng.lognormvariate(math.log(10800), 0.7)),
                  "resolving": int(rng.lognormvariate(math.log(72000), 0.7))}
        old = day < now.date() - dt.timedelta(days=31)
        survey_sent = closed and rng.random() < 0.6
        answered = survey_sent and rng.random() < 0.5
        remedy = rng.choice(REMEDIES) if closed else ""
        service = (int(rng.lognormvariate(math.log(900), 0.8)), rng.randint(1, 3), survey_sent, answered,
                   rng.choices((1, 2, 3, 4, 5), weights=(1, 1, 2, 4, 6))[0] if answered else None,
                   rng.randrange(11) if answered else None, remedy,
                   rng.randrange(500, 50_000) if remedy in ("cash", "refund_partial", "coupon") else 0,
                   remedy.startswith("refund"), remedy.startswith("refund") and rng.random() < 0.9)
        complaint = (cid, f"TS{cid:09d}", channel, "", title, description, "", received, "", cat, sub, priority,
                     {"red": 0, "yellow": 1, "green": 2}[priority], "", "[]", status, False, int(reopened), owner,
                     team, department, received, received)
        fact = (cid, received, day, local.hour, day.weekday(), cat, sub, channel, priority, status,
                department, owner, None, rng.choice(PROVINCES), rng.randrange(-1, 6),
                product, f"B{day:%y%m}{rng.randint(1, 9)}", fr, res, closed, reopened,
                rng.random() < 0.03, repeated_later, escalated, transfers,
                closed and not (reopened or escalated or transfers or repeated_later), 2 if closed else 1,
                (2 if closed else 1) if rng.random() < 0.9 else 0,
                rng.random() < 0.2 if old else None, rng.random() < 0.45 if old else None, json.dumps(stages),
                *service, now)
        yield complaint, fact


def basic_events(complaint: tuple) -> list[tuple]:
    """The timeline every complaint has: created, then assigned to its owner 30 s later."""
    cid, received, owner = complaint[0], complaint[7], complaint[18]
    return [(cid, "created", None, received, "", None, None, "", "", False),
            (cid, "assignment", None, received + dt.timedelta(seconds=30), "owner", json.dumps({"owner": None}),
             json.dumps({"owner": owner}), "", "", False)]


def _drop_secondary_indexes(tables: list[str]) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i LEFT JOIN pg_constraint c ON c.conname = i.indexname "
            "WHERE i.tablename = ANY(%s) AND c.conname IS NULL", [tables])
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in found]


def bench_people() -> tuple[list[int], list[tuple[int, int]]]:
    """Departments and 300 agents in 30 teams (created once, reused)."""
    from bihuan.accounts.models import Department, DepartmentKind, Role, Team, User

    departments = [Department.objects.update_or_create(code=code, defaults={"name": name, "kind": kind})[0].pk
                   for code, name, kind in (("cs", "客户服务部", DepartmentKind.CUSTOMER_SERVICE),
                                            ("product", "产品部", DepartmentKind.PRODUCT),
                                            ("logistics", "仓储物流部", DepartmentKind.LOGISTICS))]
    teams = [Team.objects.get_or_create(name=f"客服{i + 1}组", defaults={"department_id": departments[0]})[0]
             for i in range(TEAMS)]
    agents = []
    for i in range(AGENTS):
        team = teams[i % TEAMS]
        user, _ = User.objects.get_or_create(username=f"bench-agent-{i}",
                                             defaults={"role": Role.AGENT, "team": team,
                                                       "department_id": departments[0]})
        if user.team_id != team.pk:
            User.objects.filter(pk=user.pk).update(team=team, department_id=departments[0])
        agents.append((user.pk, team.pk))
    return departments, agents


def history_loaded(n: int) -> bool:
    """Whether the database holds exactly the history `load_history(n, ...)` builds."""
    from bihuan.analytics.models import ComplaintFact
    from bihuan.complaints.models import Complaint, TimelineEvent

    return (Complaint.objects.count() == n and ComplaintFact.objects.count() == n
            and TimelineEvent.objects.filter(kind="assignment").count() == n
            and Complaint.objects.filter(team__isnull=False).exists())


def load_history(n: int, now: dt.datetime, *, rollup_days: int = 365) -> dict:
    """Empty the complaint tables and load `n` complaints with facts, events and rollups.

    Rollups are rebuilt for the last `rollup_days` days (all 365 by default); rebuilding costs about
    the same per day at any size, so a small history that is only read for recent days may ask for fewer.
    """
    from django.db import connection, transaction

    from bihuan.analytics.services import rollups_rebuild_days, rollups_reset

    timings = {}
    rollups_reset()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE complaints_complaint RESTART IDENTITY CASCADE")
    departments, agents = bench_people()
    today = now.astimezone(ZoneInfo("Asia/Shanghai")).date()
    days = [today - dt.timedelta(days=d) for d in range(1, 366)]
    weights = [_season(d) * (1 + 0.3 * (365 - i) / 365) for i, d in enumerate(days)]
    rng = random.Random(20261123)
    started = time.monotonic()
    complaints, facts = [], []
    for c, f in generate(rng, n, first_id=1, days=days, weights=weights, agents=agents, departments=departments,
                         now=now):
        complaints.append(c)
        facts.append(f)
    timings["generate_s"] = round(time.monotonic() - started, 1)
    started = time.monotonic()
    tables = ["complaints_complaint", "analytics_complaintfact", "complaints_timelineevent"]
    with transaction.atomic():
        # Secondary indexes are dropped for the load and rebuilt after (a sorted build is
        # far cheaper than a million random inserts into 20 B-trees).
        indexes = _drop_secondary_indexes(tables)
        copy_rows("complaints_complaint", COMPLAINT_COLUMNS, complaints)
        copy_rows("analytics_complaintfact", FACT_COLUMNS, facts)
        copy_rows("complaints_timelineevent", EVENT_COLUMNS, (e for c in complaints for e in basic_events(c)))
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # run the deferred FK checks before CREATE INDEX
            for definition in indexes:
                cursor.execute(definition)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('complaints_complaint', 'id'), %s)", [n])
        for table in tables:
            cursor.execute(f"ANALYZE {table}")
    timings["copy_s"] = round(time.monotonic() - started, 1)
    started = time.monotonic()
    timings["rollup_rows"] = rollups_rebuild_days(days[:rollup_days])
    timings["rollup_days"] = min(rollup_days, len(days))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE analytics_rollup")
        cursor.execute("ANALYZE analytics_stagerollup")
    timings["full_rebuild_s"] = round(time.monotonic() - started, 1)
    return timings


def ensure_history(n: int, now: dt.datetime, *, reuse: bool, rollup_days: int = 365) -> dict:
    """Reuse the loaded history when asked and it has the right size; build it otherwise."""
    if reuse and history_loaded(n):
        return {"reused": True}
    return {"reused": False, **load_history(n, now, rollup_days=rollup_days)}
