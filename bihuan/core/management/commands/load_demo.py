"""python manage.py load_demo — users for every role, customers, orders, complaints."""

from __future__ import annotations

import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bihuan.complaints.models import Complaint
from bihuan.core.demo.complaints import create_complaints
from bihuan.core.demo.followup import create_followups
from bihuan.core.demo.people import DEMO_PASSWORD, USERS, create_staff
from bihuan.core.demo.remedies import create_remedies
from bihuan.core.demo.shop import create_customers, create_orders
from bihuan.routing.services.backfill import sla_backfill
from bihuan.routing.services.seed import seed_routing


class Command(BaseCommand):
    help = "Load demo data: staff for every role, ~300 customers with orders, ~2,000 complaints."

    def add_arguments(self, parser):
        parser.add_argument("--customers", type=int, default=None, help="default 300 (100 a month with --months)")
        parser.add_argument("--complaints", type=int, default=None, help="default 2000 (700 a month with --months)")
        parser.add_argument("--months", type=int, default=None,
                            help="History length with seasons and injected incidents for the dashboards "
                                 "(default: the last 90 days, no incidents).")
        parser.add_argument("--seed", type=int, default=20261123)
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing when complaints already exist (used by `make run`).")

    def handle(self, *args, customers: int | None, complaints: int | None, seed: int, if_empty: bool,
               months: int | None = None, **opts):
        customers = customers or (100 * months if months else 300)
        complaints = complaints or (700 * months if months else 2000)
        if Complaint.objects.exists():
            if if_empty:
                self.stdout.write("Demo data already present; skipping.")
                self._print_users()
                return
            raise CommandError("The database already has complaints; load_demo needs an empty one.")
        rng = random.Random(seed)
        with transaction.atomic():
            staff = create_staff()
            seed_routing()  # default routing rules for the demo departments and teams
            people = create_customers(rng, customers)
            orders = create_orders(rng, people)
            shape = None
            if months:
                from bihuan.analytics.demo import YearShape, create_history_orders

                orders += create_history_orders(rng, people, months=months)
                shape = YearShape(rng, months=months)
            made = create_complaints(rng, staff, people, orders, complaints, shape=shape)
            clocks = sla_backfill()  # bulk: clocks from each open complaint's timeline
            create_followups(rng, made)  # open follow-up tasks and answered surveys
            create_remedies(rng, made)  # granted remedies for complaints that reached execution
        self.stdout.write(self.style.SUCCESS(
            f"Created {len(people)} customers, {len(orders)} orders, {len(made)} complaints, {clocks} SLA clocks."))
        from bihuan.analytics.services import rollups_refresh

        report = rollups_refresh()
        self.stdout.write(f"Analytics rollups refreshed ({report.complaints} complaints, {report.seconds:.1f}s).")
        self._print_users()

    def _print_users(self) -> None:
        self.stdout.write(f"Demo users (password for all: {DEMO_PASSWORD}):")
        for username, display, role, team, *_rest in USERS:
            self.stdout.write(f"  {username:<16} {role.label!s:<24} {display} {team or ''}")
