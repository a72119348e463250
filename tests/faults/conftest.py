"""Fault tests: real processes (gunicorn, run_worker) against the test database, a real local gateway."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from bihuan.notifications.tests.conftest import gateway  # noqa: F401 - the same honest fake at the edge

ROOT = Path(settings.BASE_DIR)
SECRET = "fault-test-secret-渠道"


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def production_env(gateway_url: str) -> dict[str, str]:
    """Production settings (DEBUG off, only 127.0.0.1 allowed) on the test database."""
    return {**os.environ, "DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "fault-test-not-a-secret-" + "x" * 40, "BIHUAN_DEBUG": "0", "BIHUAN_SSL_REDIRECT": "0",
            "BIHUAN_ALLOWED_HOSTS": "127.0.0.1", "BIHUAN_INTAKE_SECRET_API": SECRET,
            "BIHUAN_SMS_WEBHOOK_URL": f"{gateway_url}/sms", "BIHUAN_WECOM_WEBHOOK_URL": f"{gateway_url}/wecom",
            "BIHUAN_OUTBOX_LEASE_SECONDS": "2", "BIHUAN_TASKS_BACKEND": "dummy"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    """Direct children of a process, from /proc (no psutil here)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ..." — comm may contain spaces, so split after the last ")"
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def wait_for(predicate, timeout: float, step: float = 0.05) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return False


class Processes:
    """The system under test as real subprocesses; every one started is stopped in `stop_all`."""

    def __init__(self, env: dict[str, str], log_dir: Path) -> None:
        self.env, self.log_dir = env, log_dir
        self.port = free_port()
        self.web: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self._started: list[subprocess.Popen] = []

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.log_dir / f"{name}-{len(self._started)}.log", "wb")  # noqa: SIM115 - closed by the OS
        proc = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        self._started.append(proc)
        return proc

    def start_web(self) -> None:
        self.web = self._spawn("gunicorn", [
            str(Path(sys.executable).parent / "gunicorn"), "config.wsgi:application",
            "-b", f"127.0.0.1:{self.port}", "-w", "2", "-k", "gthread", "--threads", "2",
            "--timeout", "30", "--graceful-timeout", "2", "--access-logfile", "-", "--log-level", "warning"])

    def start_worker(self) -> None:
        self.worker = self._spawn("worker", [
            sys.executable, "manage.py", "run_worker", "--sweep-seconds", "0.2", "--poll-seconds", "0.05",
            "--no-tasks"])

    def web_workers(self) -> list[int]:
        return children(self.web.pid) if self.web and self.web.poll() is None else []

    def stop_all(self) -> None:
        for proc in self._started:  # the whole group: a killed master may leave orphaned workers
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for proc in self._started:
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(5)


@pytest.fixture
def processes(gateway, tmp_path):  # noqa: F811 - the imported fixture
    procs = Processes(production_env(gateway.url), tmp_path)
    try:
        yield procs
    finally:
        procs.stop_all()
