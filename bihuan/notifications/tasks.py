"""Tasks take ids (or nothing), are idempotent and hold no logic (DESIGN rule 5)."""

from __future__ import annotations

from django.tasks import task

from .services import outbox_drain


@task()
def dispatch_outbox() -> int:
    return outbox_drain().sent
