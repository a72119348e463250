"""Reading and validating import rows: column mapping, streamed CSV/XLSX, one row → clean dict."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.dateparse import parse_date, parse_datetime

from bihuan.complaints.choices import Category, Channel, Demand, Priority, Status
from bihuan.intake.adapters.base import normalise_demand

TARGET_FIELDS = (
    "description", "title", "channel", "received_at", "occurred_at", "customer_name",
    "customer_phone", "member_id", "wechat_id", "order_no", "demand", "category", "priority",
    "tags", "channel_message_id", "status", "closed_at",
)
# Common Chinese and English headers, so most files import without a mapping.
HEADER_ALIASES = {
    "投诉内容": "description", "内容": "description", "问题描述": "description", "描述": "description",
    "标题": "title", "渠道": "channel", "来源渠道": "channel", "受理时间": "received_at",
    "进线时间": "received_at", "发生时间": "occurred_at", "客户姓名": "customer_name", "姓名": "customer_name",
    "手机": "customer_phone", "手机号": "customer_phone", "电话": "customer_phone", "联系电话": "customer_phone",
    "会员号": "member_id", "会员ID": "member_id", "微信号": "wechat_id", "订单号": "order_no",
    "诉求": "demand", "客户诉求": "demand", "分类": "category", "优先级": "priority", "标签": "tags",
    "工单号": "channel_message_id", "状态": "status", "结案时间": "closed_at", "关闭时间": "closed_at",
    "phone": "customer_phone", "name": "customer_name",
}
CHANNEL_ALIASES = {"电话": "phone", "热线": "phone", "网页": "web", "邮件": "email", "微信": "wechat",
                   "微博": "weibo", "抖音": "douyin", "小红书": "xiaohongshu", "电商": "ecommerce",
                   "淘宝": "ecommerce", "京东": "ecommerce", "12315": "regulator", "12345": "regulator"}
STATUS_ALIASES = {"已关闭": "closed", "关闭": "closed", "已结案": "closed", "结案": "closed", "已解决": "closed",
                  "处理中": "resolving", "待处理": "received", "已受理": "received", "重新打开": "reopened"}
CHANNELS, DEMANDS = frozenset(Channel.values), frozenset(Demand.values)
CATEGORIES, PRIORITIES, STATUSES = frozenset(Category.values), frozenset(Priority.values), frozenset(Status.values)


@dataclass
class RowError:
    row: int
    field: str
    message: str


def parse_mapping(spec: str) -> dict[str, str]:
    """'投诉内容=description,手机=customer_phone' → {column: field}; unknown fields raise ValueError."""
    mapping = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        column, _, target = part.partition("=")
        if target.strip() not in TARGET_FIELDS:
            raise ValueError(f"unknown target field {target.strip()!r}; use one of {', '.join(TARGET_FIELDS)}")
        mapping[column.strip()] = target.strip()
    return mapping


def resolve_mapping(headers: list[str], explicit: dict[str, str]) -> dict[str, str]:
    resolved = {}
    for header in headers:
        name = (header or "").strip()
        target = explicit.get(name) or (name if name in TARGET_FIELDS else HEADER_ALIASES.get(name))
        if target:
            resolved[name] = target
    return resolved


def read_rows(path: Path) -> tuple[list[str], Iterator[list], int | None]:
    """(headers, row iterator, row count if cheaply known); streamed, never loads the whole file."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        headers = [str(h or "") for h in next(rows, [])]
        total = (sheet.max_row - 1) if sheet.max_row else None

        def xlsx_rows() -> Iterator[list]:
            try:
                for r in rows:
                    yield list(r)
            finally:
                book.close()
        return headers, xlsx_rows(), total
    handle = open(path, newline="", encoding="utf-8-sig")  # noqa: SIM115 - closed when exhausted
    reader = csv.reader(handle)
    headers = next(reader, [])

    def csv_rows() -> Iterator[list]:
        with handle:
            yield from reader
    return headers, csv_rows(), None


@lru_cache(maxsize=1)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _aware(value, row: int, name: str, errors: list[RowError]) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime.combine(value, dt.time(12))
    else:
        text = str(value).strip().replace("/", "-")
        try:
            parsed = dt.datetime.fromisoformat(text)  # the common case, in C
        except ValueError:
            try:
                parsed = parse_datetime(text) or (
                    dt.datetime.combine(d, dt.time(12)) if (d := parse_date(text)) else None)
            except ValueError:
                parsed = None
            if parsed is None:
                errors.append(RowError(row, name, f"not a date/time: {text[:40]}"))
                return None
    # Naive times in the file are local (TIME_ZONE); this is what timezone.make_aware does.
    return parsed.replace(tzinfo=_zone(settings.TIME_ZONE)) if parsed.tzinfo is None else parsed


def _text(values: dict, name: str) -> str:
    value = values.get(name)
    return "" if value is None else str(value).strip()


def validate_row(values: dict, row: int, default_channel: str, now: dt.datetime) -> tuple[dict | None, list[RowError]]:
    """One mapped row → a clean dict (None and the errors when the row is refused)."""
    errors: list[RowError] = []
    description = _text(values, "description")
    if not description:
        errors.append(RowError(row, "description", "required"))
    elif len(description) > 20_000:
        errors.append(RowError(row, "description", "too long"))
    channel = _text(values, "channel") or default_channel
    channel = CHANNEL_ALIASES.get(channel) or channel.lower()
    if channel not in CHANNELS:
        errors.append(RowError(row, "channel", f"unknown channel {channel[:20]}"))
    demand_raw = _text(values, "demand")
    demand = normalise_demand(demand_raw) if demand_raw else ""
    if demand_raw and demand not in DEMANDS:
        errors.append(RowError(row, "demand", f"unknown demand {demand_raw[:20]}"))
    category, priority = _text(values, "category").lower(), _text(values, "priority").lower()
    if category and category not in CATEGORIES:
        errors.append(RowError(row, "category", f"unknown category {category[:20]}"))
    if priority and priority not in PRIORITIES:
        errors.append(RowError(row, "priority", f"unknown priority {priority[:20]}"))
    status_raw = _text(values, "status")
    status = STATUS_ALIASES.get(status_raw) or status_raw.lower() or Status.RECEIVED
    if status not in STATUSES:
        errors.append(RowError(row, "status", f"unknown status {status_raw[:20]}"))
    received = _aware(values.get("received_at"), row, "received_at", errors)
    occurred = _aware(values.get("occurred_at"), row, "occurred_at", errors)
    closed = _aware(values.get("closed_at"), row, "closed_at", errors)
    if errors:
        return None, errors
    received = received or now
    tags = _text(values, "tags")
    return {
        "description": description, "title": _text(values, "title")[:200] or description[:60],
        "channel": channel, "received_at": received, "occurred_at": occurred,
        "customer_name": _text(values, "customer_name")[:80], "phone": _text(values, "customer_phone")[:32],
        "member_id": _text(values, "member_id")[:64], "wechat_id": _text(values, "wechat_id")[:64],
        "order_no": _text(values, "order_no")[:40], "demand": demand, "category": category,
        "priority": priority, "status": status,
        "closed_at": (closed or received) if status == Status.CLOSED else None,
        "tags": [t.strip()[:40] for t in tags.replace("，", ",").split(",") if t.strip()][:20] if tags else [],
        "channel_message_id": _text(values, "channel_message_id")[:128], "row": row,
    }, []
