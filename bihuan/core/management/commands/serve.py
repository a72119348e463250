"""python manage.py serve [ADDRPORT] — runserver plus the background worker; Ctrl-C stops both."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve on 127.0.0.1 with the background worker (run_worker) as a child process."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport: str, **options):
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        worker = subprocess.Popen([*manage, "run_worker"])
        web = subprocess.Popen([*manage, "runserver", addrport])
        children = (web, worker)
        try:
            while all(p.poll() is None for p in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for p in children:
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
            for p in children:
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
