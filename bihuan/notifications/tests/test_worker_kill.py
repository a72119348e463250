"""Killing the worker (SIGKILL) during a burst of breaches loses no notification and sends none twice.

A real `manage.py run_worker` subprocess sweeps SLA clocks and dispatches the
outbox to a real local HTTP server (the fake SMS gateway / WeCom robot). We
SIGKILL it three times mid-burst and restart it. "Sends none twice" is
judged where it matters, at the gateway, which honours Idempotency-Key like
real SMS gateways: each dedup key is delivered exactly once. The raw request
log is checked too: only a message in flight at the moment of a kill may be
re-sent (at most one per kill), never anything else.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from bihuan.accounts.models import Role
from bihuan.notifications.models import Outbox
from bihuan.routing.models import AgentStatus, SlaClock

ROOT = Path(settings.BASE_DIR)
COMPLAINTS = 30


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _start(gateway_url: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "config.settings.test",
           "BIHUAN_SMS_WEBHOOK_URL": f"{gateway_url}/sms", "BIHUAN_WECOM_WEBHOOK_URL": f"{gateway_url}/wecom",
           "BIHUAN_OUTBOX_LEASE_SECONDS": "2"}
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--sweep-seconds", "0.2", "--poll-seconds", "0.05",
         "--no-tasks"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def _wait(predicate, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_killing_the_worker_during_a_burst_loses_nothing_and_sends_nothing_twice(
    make_complaint, make_user, team, gateway,
):
    # given 30 red complaints, 10 days old: 60 clocks breach at once, each SMSing
    # the owner and notifying the supervisor's WeCom robot = 120 notifications
    agents = [make_user(Role.SENIOR_AGENT, team=team, seniority=4) for _ in range(3)]
    for i, a in enumerate(agents):
        AgentStatus.objects.create(user=a, mobile=f"1390000000{i}")
    make_user(Role.TEAM_LEAD, team=team)
    old = timezone.now() - dt.timedelta(days=10)
    for i in range(COMPLAINTS):
        make_complaint(actor=None, owner=agents[i % 3], priority="red", received_at=old)
    gateway.delay = 0.01  # a gateway takes a little while: kills land mid-send
    expected = 4 * COMPLAINTS

    # when the worker is killed three times during the burst and restarted
    kills = 0
    worker = _start(gateway.url)
    try:
        for threshold in (5, 35, 70):
            assert _wait(lambda t=threshold: len(gateway.requests) >= t, 60), "worker made no progress"
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
            kills += 1
            worker = _start(gateway.url)
        # then, after restarts, everything is delivered
        assert _wait(lambda: len(gateway.delivered) >= expected
                     and not Outbox.objects.exclude(status="sent").exists(), 90)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(10)
        except subprocess.TimeoutExpired:
            worker.kill()

    keys = set(Outbox.objects.values_list("dedup_key", flat=True))
    assert len(keys) == expected and SlaClock.objects.filter(status="breached").count() == 2 * COMPLAINTS
    # nothing lost: every notification reached the gateway, and is marked sent
    assert set(gateway.delivered) == keys
    # nothing sent twice: one delivery per key; at most the in-flight message per kill was re-sent
    assert set(gateway.delivered.values()) == {1}
    raw = gateway.raw_counts()
    resent = sum(n - 1 for n in raw.values())
    assert resent <= kills, raw.most_common(5)
    assert sum(raw.values()) == expected + resent
