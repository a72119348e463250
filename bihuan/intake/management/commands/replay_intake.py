"""python manage.py replay_intake --url http://127.0.0.1:8000 --count 200 [--configure-secrets]

Sends a realistic mixed stream of signed channel payloads (with some re-deliveries)
to a running server, so a new user sees intake, idempotency and repeats at work.
"""

from __future__ import annotations

import json
import secrets
import time
from collections import Counter

import httpx
from django.core.management.base import BaseCommand, CommandError

from bihuan.intake.adapters import ADAPTERS
from bihuan.intake.demo import stream
from bihuan.intake.models import IntakeChannel
from bihuan.intake.services.signatures import channel_secrets, signed_headers


class Command(BaseCommand):
    help = "Replay a mixed stream of signed channel payloads into a running server."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000")
        parser.add_argument("--count", type=int, default=100)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--rate", type=float, default=0, help="requests per second (0 = as fast as possible)")
        parser.add_argument("--configure-secrets", action="store_true",
                            help="give channels without a secret a random one (stored in the database)")

    def handle(self, *args, **opts):
        keys = {}
        for channel in ADAPTERS:
            found = channel_secrets(channel)
            if not found and opts["configure_secrets"]:
                secret = secrets.token_urlsafe(32)
                IntakeChannel.objects.update_or_create(channel=channel, defaults={"secret": secret, "enabled": True})
                found = [secret]
            if found:
                keys[channel] = found[0]
        if not keys:
            raise CommandError("No channel has a secret: set BIHUAN_INTAKE_SECRET_<CHANNEL> or use --configure-secrets")
        statuses: Counter = Counter()
        started = time.monotonic()
        with httpx.Client(base_url=opts["url"].rstrip("/"), timeout=30) as http:
            for i, (channel, payload) in enumerate(stream(opts["count"], seed=opts["seed"])):
                if channel not in keys:
                    statuses["skipped (no secret)"] += 1
                    continue
                body = json.dumps(payload, ensure_ascii=False).encode()
                r = http.post(f"/api/v1/intake/{channel}", content=body, headers=signed_headers(keys[channel], body))
                label = {201: "accepted", 200: "repeated delivery"}.get(r.status_code, f"HTTP {r.status_code}")
                statuses[label] += 1
                if r.status_code in (200, 201) and i < 5:
                    data = r.json()
                    self.stdout.write(f"{channel:16} {r.status_code} {data['number']} {data['outcome']}")
                if opts["rate"]:
                    time.sleep(max(0.0, (i + 1) / opts["rate"] - (time.monotonic() - started)))
        elapsed = time.monotonic() - started
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in statuses.most_common())
                          + f" in {elapsed:.1f}s ({opts['count'] / max(elapsed, 1e-6):.0f}/s); "
                          "the worker (run_worker, started by `serve`) turns them into complaints")
