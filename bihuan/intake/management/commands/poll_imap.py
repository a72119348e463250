"""python manage.py poll_imap [--url imaps://…] — take in the unseen mails of the complaints mailbox once.

The worker (`run_worker`) does this every BIHUAN_IMAP_POLL_SECONDS when BIHUAN_IMAP_URL is set.
"""

from __future__ import annotations

import imaplib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bihuan.intake.services.imap import ImapMailbox, imap_poll


class Command(BaseCommand):
    help = "Take in the unseen messages of the complaints mailbox (BIHUAN_IMAP_URL) once."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="", help="imap:// or imaps:// URL (default: BIHUAN_IMAP_URL)")
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args, url: str, limit: int, **options):
        url = url or settings.BIHUAN_INTAKE_IMAP_URL
        if not url:
            raise CommandError("Set BIHUAN_IMAP_URL or pass --url imaps://user:password@host/INBOX.")
        try:
            with ImapMailbox(url) as mailbox:
                report = imap_poll(mailbox, limit=limit)
        except (imaplib.IMAP4.error, OSError, ValueError) as error:
            raise CommandError(f"IMAP: {error}") from error
        self.stdout.write(f"created {report.created}, already known {report.repeated}, "
                          f"refused {report.rejected}")
