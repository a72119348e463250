"""python manage.py run_worker — the background worker of the embedded setup.

One process does these things:
- runs django.tasks tasks queued in the database (django-tasks-db's worker, in a thread),
- settles accepted webhook deliveries into complaints (intake's fast path), every round and at
  once again while a backlog remains,
- every BIHUAN_SLA_SWEEP_SECONDS, sweeps SLA clocks (warnings, breaches, escalation),
- every BIHUAN_OUTBOX_POLL_SECONDS, dispatches due outbox notifications (and runs the periodic
  follow-up, analytics and, when BIHUAN_IMAP_URL is set, complaints-mailbox ticks).
All state is in the database, so the process can be killed at any moment:
a claimed notification is retried after its lease, a sweep claim is atomic.
With the Redis backend, run `rqworker` for tasks and this command with --no-tasks.
"""

from __future__ import annotations

import logging
import signal
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from bihuan.analytics.services import analytics_tick
from bihuan.followup.services import followup_tick
from bihuan.intake.services import deliveries_settle
from bihuan.intake.services.imap import imap_tick
from bihuan.notifications.services import outbox_drain, outbox_drain_follows
from bihuan.routing.services import sla_sweep

logger = logging.getLogger("bihuan.worker")


class Command(BaseCommand):
    help = "Run the background worker: tasks, periodic SLA sweep and outbox dispatch."

    def add_arguments(self, parser):
        parser.add_argument("--sweep-seconds", type=float, default=None)
        parser.add_argument("--poll-seconds", type=float, default=None)
        parser.add_argument("--no-tasks", action="store_true", help="Do not run the django.tasks worker thread.")
        parser.add_argument("--once", action="store_true", help="One sweep and one dispatch round, then exit.")

    def handle(self, *args, sweep_seconds, poll_seconds, no_tasks, once, **options):
        sweep_every = sweep_seconds if sweep_seconds is not None else settings.BIHUAN_SLA_SWEEP_SECONDS
        poll_every = poll_seconds if poll_seconds is not None else settings.BIHUAN_OUTBOX_POLL_SECONDS
        stop = threading.Event()

        def _stop(signum, frame):
            logger.info("worker: stopping (%s)", signal.strsignal(signum))
            stop.set()

        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)
        task_worker = None if (no_tasks or once) else self._start_task_worker()
        self.stdout.write(f"worker: sweep every {sweep_every}s, outbox every {poll_every}s, "
                          f"tasks {'on' if task_worker else 'off'}")
        next_sweep = 0.0
        while not stop.is_set():
            close_old_connections()
            backlog = False
            try:
                with outbox_drain_follows():  # drained below, in this round
                    settled = deliveries_settle()
                backlog = settled.more
                if time.monotonic() >= next_sweep:
                    r = sla_sweep()
                    # A bounded sweep that left work behind runs again at once (backlog catch-up).
                    next_sweep = time.monotonic() + (0 if getattr(r, "more", False) else sweep_every)
                    if r.warned or r.breached:
                        logger.info("sweep: warned=%s breached=%s notifications=%s", r.warned, r.breached,
                                    r.notifications)
                followup_tick()  # survey reminders (once each) and customer outcomes, once a minute
                analytics_tick()  # rollups + hotspot alerts, at most every BIHUAN_ANALYTICS_TICK_SECONDS
                imap_tick()  # the complaints mailbox, every BIHUAN_IMAP_POLL_SECONDS when configured
                d = outbox_drain()
                if d.claimed:
                    logger.info("outbox: sent=%s retried=%s failed=%s", d.sent, d.retried, d.failed)
            except Exception:  # noqa: BLE001 - a database restart must not end the worker
                logger.exception("worker round failed; retrying")
                close_old_connections()
            if once:
                break
            stop.wait(0 if backlog else poll_every)
        if task_worker is not None:
            task_worker.running = False

    def _start_task_worker(self):
        try:
            from django.tasks import task_backends
            from django_tasks_db.backend import DatabaseBackend
            from django_tasks_db.management.commands.db_worker import Worker
        except ImportError:
            return None
        if not isinstance(task_backends["default"], DatabaseBackend):
            return None
        worker = Worker(queue_names=["default"], interval=1.0, batch=False, backend_name="default",
                        startup_delay=False, max_tasks=None, worker_id=f"bihuan-{time.time_ns()}",
                        excluded_queue_names=[])
        threading.Thread(target=worker.run, name="tasks", daemon=True).start()
        return worker
