"""python manage.py analytics_reports [--send] [--kind weekly|monthly] [--period 2026-W47] [--pdf out.pdf]

Without options: enqueue the reports that are due for subscribers (what the worker does
on its analytics beat; idempotent). With --pdf: write one report as a PDF file.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bihuan.analytics import reports
from bihuan.analytics.report_pdf import render_pdf
from bihuan.analytics.report_selectors import report_build
from bihuan.analytics.services import report_send, reports_send_due
from bihuan.analytics.services.hotspots import site_url


class Command(BaseCommand):
    help = "Send due weekly/monthly reports to subscribers, or write one report as PDF."

    def add_arguments(self, parser):
        parser.add_argument("--kind", default="weekly", help="weekly (default) or monthly")
        parser.add_argument("--period", default="", help="2026-W47 or 2026-11 (default: the last complete one)")
        parser.add_argument("--pdf", help="write the report to this PDF file instead of sending")
        parser.add_argument("--send", action="store_true",
                            help="send this --kind/--period to its subscribers now (once per subscriber)")

    def handle(self, *args, kind: str, period: str, pdf: str | None, send: bool, **opts):
        today = timezone.localdate()
        try:
            chosen = reports.parse_period(reports.parse_kind(kind), period, today=today)
        except reports.BadReportPeriod as error:
            raise CommandError(str(error)) from None
        if pdf:
            Path(pdf).write_bytes(render_pdf(report_build(chosen, today=today), base_url=site_url()))
            self.stdout.write(self.style.SUCCESS(f"{chosen.kind} report {chosen.code} written to {pdf}"))
        elif send:
            queued = report_send(period=chosen, today=today)
            self.stdout.write(self.style.SUCCESS(f"{chosen.kind} report {chosen.code}: {queued} messages queued."))
        else:
            delivery = reports_send_due()
            self.stdout.write(self.style.SUCCESS(
                f"Due: {', '.join(delivery.periods) or 'nothing'}; {delivery.queued} messages queued."))
