"""python manage.py sla_sweep — escalate the clocks whose warning or due time has come."""

from django.core.management.base import BaseCommand

from bihuan.routing.services import sla_sweep


class Command(BaseCommand):
    help = ("Run one SLA sweep (bounded by BIHUAN_SLA_SWEEP_BUDGET_SECONDS): warnings and breaches up to now, "
            "with their escalation actions. --drain repeats until nothing due is left.")

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=1000)
        parser.add_argument("--drain", action="store_true", help="repeat bounded sweeps until none has more")

    def handle(self, *args, batch: int, drain: bool, **options):
        while True:
            r = sla_sweep(batch=batch)
            self.stdout.write(f"warned={r.warned} breached={r.breached} notifications={r.notifications} "
                              f"actions={r.actions} seconds={r.seconds:.3f} more={r.more}")
            if not (drain and r.more):
                return
