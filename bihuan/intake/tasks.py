"""Tasks take ids, are idempotent and hold no logic (DESIGN rule 5)."""

from __future__ import annotations

from django.tasks import task

from .services.import_jobs import import_job_run


@task()
def run_import_job(job_id: int) -> None:
    import_job_run(job_id=job_id)
