"""Under a steady signed intake load, kill the web server and the task worker and cut the database.

Real processes: gunicorn (production settings, DEBUG off) and `manage.py run_worker`, on the test
database. A sender thread posts one signed webhook after another, each with its own message id,
and remembers which were acknowledged (200/201). Meanwhile we SIGKILL the gunicorn workers (the
master respawns them), SIGKILL the task worker and start a new one, on PostgreSQL terminate every
backend of the test database (what a PostgreSQL restart does to connections), and SIGKILL the whole
gunicorn (master and workers) and start it again. Then, like a real webhook sender, we re-deliver
everything not acknowledged until it is. Afterwards:
- every acknowledged message id is exactly one complaint, and no complaint exists twice;
- every notification of the SLA breaches (worker-side, burst during the faults) reached the local
  gateway exactly once (it honours Idempotency-Key like real SMS gateways), and raw re-sends are
  bounded by the number of faults (only a message in flight at a fault may be re-sent).
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import signal
import threading
import time
import uuid

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from bihuan.accounts.models import Role
from bihuan.complaints.models import Complaint
from bihuan.intake.models import AcceptedDelivery, IntakeRecord
from bihuan.intake.services.signatures import signed_headers
from bihuan.notifications.models import Outbox
from bihuan.routing.models import AgentStatus

from .conftest import SECRET, wait_for

OLD_COMPLAINTS = 15  # each breaches 2 clocks → SMS to the owner + WeCom to the lead = 60 messages
RATE = 12  # deliveries per second offered by the sender


class Sender:
    """A webhook sender: one delivery after another, new message ids, re-delivery of the unacknowledged."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.bodies: dict[str, bytes] = {}
        self.acked: dict[str, str] = {}  # message id → the complaint number it was given
        self.statuses: dict[int, int] = {}
        self.stop = threading.Event()
        self._conn: http.client.HTTPConnection | None = None

    def deliver(self, message_id: str) -> int:
        body = self.bodies[message_id]
        headers = signed_headers(SECRET, body)  # signed afresh, as a sender's retry would be
        try:
            if self._conn is None:
                self._conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
            self._conn.request("POST", "/api/v1/intake/api", body=body, headers=headers)
            response = self._conn.getresponse()
            data = response.read()
            status = response.status
        except (http.client.HTTPException, OSError):
            if self._conn is not None:
                self._conn.close()
            self._conn = None
            status = 0
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status in (200, 201):
            self.acked[message_id] = json.loads(data)["number"]
        return status

    def new_message(self, n: int) -> str:
        message_id = f"fault-{uuid.uuid4().hex[:12]}-{n}"
        payload = {"message_id": message_id, "title": f"压测投诉 {n}",
                   "description": f"第{n}单：冰箱不制冷，客服一直不回复，要求上门维修。订单已签收三天。",
                   "customer": {"name": "李先生", "phone": f"139{n % 10**8:08d}"}, "demand": "repair"}
        self.bodies[message_id] = json.dumps(payload, ensure_ascii=False).encode()
        return message_id

    def run(self) -> None:
        n = 0
        start = time.monotonic()
        while not self.stop.is_set():
            n += 1
            status = self.deliver(self.new_message(n))
            delay = start + n / RATE - time.monotonic()
            if status == 0:
                delay = max(delay, 0.05)  # server down: do not spin
            if delay > 0:
                time.sleep(delay)

    def redeliver_unacknowledged(self, timeout: float) -> list[str]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            missing = [m for m in self.bodies if m not in self.acked]
            if not missing:
                return []
            for message_id in missing:
                if self.deliver(message_id) not in (200, 201):
                    time.sleep(0.1)
        return [m for m in self.bodies if m not in self.acked]


def _server_up(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/api/v1/intake/repeats")  # 401 without a token: Django answered, no DB needed
        status = conn.getresponse().status
        conn.close()
        return status == 401
    except (http.client.HTTPException, OSError):
        return False


def _terminate_database_backends() -> int:
    """Every other connection to the test database is cut, as a PostgreSQL restart would."""
    with connection.cursor() as cur:
        cur.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return cur.fetchone()[0]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_acknowledged_complaints_and_notifications_survive_kills_and_database_loss(
    processes, gateway, make_complaint, make_user, team, capsys,
):
    from bihuan.routing.services.seed import seed_sla_defaults

    # given SLA defaults, complaints 10 days old whose clocks breach as soon as the worker sweeps
    seed_sla_defaults()
    agents = [make_user(Role.SENIOR_AGENT, team=team, seniority=4) for _ in range(3)]
    for i, a in enumerate(agents):
        AgentStatus.objects.create(user=a, mobile=f"1390000000{i}")
    make_user(Role.TEAM_LEAD, team=team)
    old = timezone.now() - dt.timedelta(days=10)
    for i in range(OLD_COMPLAINTS):
        make_complaint(actor=None, owner=agents[i % 3], priority="red", received_at=old)
    gateway.delay = 0.05  # sends take a while, so faults land mid-send

    faults = []
    processes.start_web()
    assert wait_for(lambda: _server_up(processes.port), 60, 0.2), "gunicorn did not start"
    sender = Sender(processes.port)
    thread = threading.Thread(target=sender.run, daemon=True)
    thread.start()
    processes.start_worker()
    try:
        # when the gunicorn workers are SIGKILLed (the master starts new ones)
        time.sleep(3)
        assert wait_for(lambda: len(processes.web_workers()) == 2, 20)
        for pid in processes.web_workers():
            os.kill(pid, signal.SIGKILL)
        faults.append("web workers")
        assert wait_for(lambda: _server_up(processes.port), 30, 0.1)
        # and the task worker is SIGKILLed mid-burst and started again
        assert wait_for(lambda: len(gateway.requests) >= 5, 30), "worker sent nothing"
        processes.worker.send_signal(signal.SIGKILL)
        processes.worker.wait(10)
        faults.append("task worker")
        processes.start_worker()
        time.sleep(2)
        # and (PostgreSQL) every database connection is cut, as by a server restart
        if connection.vendor == "postgresql":
            _terminate_database_backends()
            faults.append("database connections")
            time.sleep(2)
        # and the whole web server (master and workers) is SIGKILLed and started again
        os.killpg(processes.web.pid, signal.SIGKILL)
        processes.web.wait(10)
        faults.append("web server")
        processes.start_web()
        assert wait_for(lambda: _server_up(processes.port), 60, 0.2), "gunicorn did not come back"
        time.sleep(2)
        sender.stop.set()
        thread.join(30)
        # then a sender that re-delivers what was not acknowledged gets everything acknowledged
        unacknowledged = sender.redeliver_unacknowledged(timeout=30)
        assert not unacknowledged, f"{len(unacknowledged)} deliveries never acknowledged"
        # and the worker settles every accepted delivery into its complaint
        assert wait_for(lambda: not AcceptedDelivery.objects.filter(settled_at__isnull=True).exists(), 60, 0.2), \
            "accepted deliveries were not settled"
        # and the outbox drains completely
        assert wait_for(lambda: not Outbox.objects.exclude(status="sent").exists()
                        and Outbox.objects.count() >= 4 * OLD_COMPLAINTS, 40, 0.2), "outbox did not drain"
    finally:
        sender.stop.set()
        thread.join(30)
        processes.stop_all()

    # every acknowledged message is exactly one complaint, with the number the sender was told
    rows = dict(Complaint.objects.filter(channel="api").values_list("channel_message_id", "number"))
    assert rows == sender.acked
    duplicates = (Complaint.objects.exclude(channel_message_id="").values("channel", "channel_message_id")
                  .annotate(n=Count("id")).filter(n__gt=1))
    assert not duplicates.exists()
    assert IntakeRecord.objects.filter(channel="api").count() == len(sender.acked)
    # every notification delivered exactly once at the gateway; re-sends only for in-flight messages
    keys = set(Outbox.objects.values_list("dedup_key", flat=True))
    # deliveries outside service hours (this depends on the clock) also send the customer an
    # automatic acknowledgement: one per complaint, no more
    out_of_hours = set(IntakeRecord.objects.filter(channel="api", ack_kind="auto_reply")
                       .values_list("complaint_id", flat=True))
    ack_keys = {k for k in keys if k.startswith("intake-ack:")}
    assert ack_keys <= {f"intake-ack:{pk}" for pk in out_of_hours}
    assert bool(ack_keys) == bool(out_of_hours)
    assert len(keys - ack_keys) == 4 * OLD_COMPLAINTS
    assert set(gateway.delivered) == keys and set(gateway.delivered.values()) == {1}
    raw = gateway.raw_counts()
    resent = sum(n - 1 for n in raw.values())
    assert resent <= len(faults), raw.most_common(5)
    with capsys.disabled():
        print(f"\nfaults {faults}: {len(sender.bodies)} messages, {sum(sender.statuses.values())} deliveries "
              f"{dict(sorted(sender.statuses.items()))}, {len(keys)} notifications, {resent} re-sent")
