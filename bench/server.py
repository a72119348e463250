"""A real gunicorn server on a free loopback port, for benchmarks that measure over HTTP."""

from __future__ import annotations

import math
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database_url: str, settings_module: str = "config.settings.production") -> dict[str, str]:
    """DEBUG off, only 127.0.0.1 allowed, no task worker needed, on the given database."""
    return {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": settings_module,
            "SECRET_KEY": "bench-not-a-secret-" + "x" * 40, "BIHUAN_DEBUG": "0", "BIHUAN_SSL_REDIRECT": "0",
            "BIHUAN_ALLOWED_HOSTS": "127.0.0.1", "BIHUAN_TASKS_BACKEND": "dummy"}


class Server:
    """`with Server(url) as base:` serves the app at `base` until the block ends."""

    def __init__(self, database_url: str, *, workers: int = 2, threads: int = 2,
                 settings_module: str = "config.settings.production", log_path: Path | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.env = {**server_env(database_url, settings_module), **(env or {})}
        self.workers, self.threads = workers, threads
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path or Path("/tmp") / f"bihuan-bench-server-{self.port}.log"
        self.proc: subprocess.Popen | None = None
        self.ready_s = 0.0

    def __enter__(self) -> str:
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        log = open(self.log_path, "wb")  # noqa: SIM115 - handed to the child, closed by the OS
        self.proc = subprocess.Popen(
            [gunicorn, "config.wsgi:application", "-b", f"127.0.0.1:{self.port}", "-w", str(self.workers),
             "-k", "gthread", "--threads", str(self.threads), "--timeout", "120", "--log-level", "warning"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self.ready_s = self._wait_ready(timeout=180)
        except BaseException:
            self.stop()
            raise
        return self.base

    def __exit__(self, *exc) -> None:
        self.stop()

    def _wait_ready(self, timeout: float) -> float:
        """The port opens before the workers have imported the app; wait until the schema is served."""
        import requests

        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}; see {self.log_path}")
            try:
                if requests.get(f"{self.base}/api/openapi.json", timeout=timeout).status_code == 200:
                    return time.monotonic() - started
            except requests.RequestException:
                time.sleep(0.3)
        raise RuntimeError(f"the server did not serve its schema within {timeout} s; see {self.log_path}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]
