"""An honest fake at the edge: a real local HTTP server playing an SMS gateway / robot webhook."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Gateway:
    """Records every request; like real gateways it honours Idempotency-Key (one delivery per key)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str, dict]] = []  # (path, key, body)
        self.delivered: Counter[str] = Counter()
        self.fail_next = 0
        self.delay = 0.0
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def raw_counts(self) -> Counter[str]:
        with self.lock:
            return Counter(key for _path, key, _body in self.requests)


@pytest.fixture
def gateway():
    gw = Gateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            key = self.headers.get("Idempotency-Key", "")
            if gw.delay:
                time.sleep(gw.delay)
            with gw.lock:
                gw.requests.append((self.path, key, body))
                failing = gw.fail_next > 0
                if failing:
                    gw.fail_next -= 1
                else:
                    duplicate = key in gw.delivered
                    if not duplicate:
                        gw.delivered[key] += 1
            if failing:
                self.send_response(503)
                self.end_headers()
                return
            reply = json.dumps({"errcode": 0, "code": 0, "duplicate": duplicate}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    gw.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=gw.server.serve_forever, daemon=True)
    thread.start()
    yield gw
    gw.server.shutdown()
    gw.server.server_close()


@pytest.fixture(autouse=True)
def _sla_defaults(request):
    if request.node.get_closest_marker("django_db") is None:
        return
    from bihuan.routing.services.seed import seed_sla_defaults

    seed_sla_defaults()
