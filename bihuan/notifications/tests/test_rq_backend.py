"""The Redis-backed task backend (django-tasks-rq) against the local Redis, run by a real RQ worker.

Given an outbox row and TASKS pointing at `django_tasks_rq.RQBackend`, when the
dispatch task is enqueued (it goes to Redis) and an RQ worker runs in burst
mode, then the message is sent and the task result is successful. Skipped only
when no Redis answers on BIHUAN_REDIS_URL (127.0.0.1:6379 by default).
"""

from __future__ import annotations

import os
import uuid

import pytest
from asgiref.local import Local
from django.tasks import TaskResultStatus, task_backends
from django.test import override_settings
from django.utils import timezone

from bihuan.notifications.models import Outbox, OutboxStatus

REDIS_URL = os.environ.get("BIHUAN_REDIS_URL", "redis://127.0.0.1:6379/0")

redis = pytest.importorskip("redis")
django_rq = pytest.importorskip("django_rq")


def _redis_or_skip():
    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {exc}")
    return client


@pytest.fixture
def rq_backend():
    _redis_or_skip()
    queue = f"bihuan-test-{uuid.uuid4().hex[:8]}"  # a private queue: other test runs cannot steal the job
    tasks = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default", queue]}}
    rq_queues = {q: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 60} for q in ("default", queue)}
    with override_settings(TASKS=tasks, RQ_QUEUES=rq_queues):
        _reset_task_backends()
        yield queue
        django_rq.get_queue(queue).delete(delete_jobs=True)
    _reset_task_backends()


def _reset_task_backends() -> None:
    """django.tasks caches its backends; drop them so TASKS is read again (and again after the test)."""
    task_backends.__dict__.pop("settings", None)
    task_backends._settings = None
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.mark.django_db(transaction=True)
def test_dispatch_task_runs_through_redis_and_an_rq_worker(rq_backend):
    from rq import SimpleWorker

    from bihuan.notifications.tasks import dispatch_outbox

    Outbox.objects.create(dedup_key="rq:1", channel="console", recipient="lead", body="红色投诉超时",
                          next_attempt_at=timezone.now())
    result = dispatch_outbox.using(queue_name=rq_backend).enqueue()
    assert type(task_backends["default"]).__module__.startswith("django_tasks_rq")
    queue = django_rq.get_queue(rq_backend)
    assert queue.count == 1 and Outbox.objects.get().status == OutboxStatus.PENDING  # queued in Redis, not run

    # A real RQ worker, in burst mode, with django-tasks-rq's job class. SimpleWorker runs the job
    # in this process (no fork), so it sees the test database.
    from django_tasks_rq import Job

    worker = SimpleWorker([queue], connection=queue.connection, job_class=Job)
    assert worker.work(burst=True)
    assert Outbox.objects.get().status == OutboxStatus.SENT
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
