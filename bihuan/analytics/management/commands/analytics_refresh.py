"""python manage.py analytics_refresh [--since 2026-01-01] [--reset]"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from bihuan.analytics.services import rollups_refresh, rollups_reset


def _parse_since(raw: str) -> dt.datetime:
    value = parse_datetime(raw)
    if value is None:
        day = parse_date(raw)
        if day is None:
            raise CommandError(f"--since wants a date or datetime (YYYY-MM-DD[THH:MM]), not {raw!r}")
        value = dt.datetime.combine(day, dt.time.min)
    return timezone.make_aware(value) if timezone.is_naive(value) else value


class Command(BaseCommand):
    help = ("Fold new complaint timeline events into the analytics rollups. Resumes from its "
            "watermark; --since also recomputes everything received or touched since then.")

    def add_arguments(self, parser):
        parser.add_argument("--since", help="recompute complaints received or changed since (YYYY-MM-DD)")
        parser.add_argument("--reset", action="store_true", help="drop all derived data and rebuild")
        parser.add_argument("--batch-events", type=int, default=500_000)

    def handle(self, *args, since: str | None, reset: bool, batch_events: int, **opts):
        if reset:
            rollups_reset()
        report = rollups_refresh(since=_parse_since(since) if since else None, batch_events=batch_events)
        self.stdout.write(self.style.SUCCESS(
            f"Refreshed {report.complaints} complaints over {report.days} days in {report.batches} "
            f"batches ({report.rollup_rows} rollup rows) in {report.seconds:.2f}s; watermark {report.watermark}."))
