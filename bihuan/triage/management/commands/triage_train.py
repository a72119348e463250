"""python manage.py triage_train — retrain on the project's corpus plus agents' corrections."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from bihuan.triage.services import model_train


class Command(BaseCommand):
    help = "Train a new triage model (own corpus + stored corrections) and make it the active one."

    def add_arguments(self, parser):
        parser.add_argument("--corpus-size", type=int, default=20000)
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, corpus_size: int, seed: int, **options):
        trained = model_train(corpus_size=corpus_size, seed=seed)
        self.stdout.write(self.style.SUCCESS(
            f"Trained {trained.version} on {trained.examples} examples "
            f"({trained.corrections} corrections) → {trained.path}; now active."))
        for name, value in (trained.metrics or {}).items():
            self.stdout.write(f"  {name}: {value}")
