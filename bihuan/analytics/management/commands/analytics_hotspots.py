"""python manage.py analytics_hotspots [--day 2026-11-20] [--days-back 1] [--no-refresh]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from bihuan.analytics.services import hotspots_detect, rollups_refresh


class Command(BaseCommand):
    help = "Refresh the rollups, detect hotspots (spikes, new-product surges, weekly trends) and notify."

    def add_arguments(self, parser):
        parser.add_argument("--day", help="judge this day (YYYY-MM-DD) instead of today")
        parser.add_argument("--days-back", type=int, default=1, help="also judge this many days before it")
        parser.add_argument("--no-refresh", action="store_true")

    def handle(self, *args, day: str | None, days_back: int, no_refresh: bool, **opts):
        today = parse_date(day) if day else None
        if day and today is None:
            raise CommandError(f"--day wants YYYY-MM-DD, not {day!r}")
        if not no_refresh:
            rollups_refresh()
        report = hotspots_detect(today=today, days_back=max(0, days_back))
        self.stdout.write(self.style.SUCCESS(
            f"Checked {report.checked_series} series; {len(report.created)} new alerts, "
            f"{report.notifications} notifications queued."))
