"""python manage.py seed_routing — create the default routing rules (idempotent)."""

from django.core.management.base import BaseCommand

from bihuan.routing.services.seed import seed_routing


class Command(BaseCommand):
    help = "Create the default routing rules for the departments and teams that exist."

    def handle(self, *args, **options):
        self.stdout.write(f"Created {seed_routing()} routing rules.")
