"""Imports started from the UI: upload → ImportJob → the worker runs it → the page polls progress."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bihuan.accounts.models import Role, User
from bihuan.complaints.choices import Channel
from bihuan.core.errors import PermissionDenied, ValidationFailed

from ..models import ImportJob, ImportStatus
from .importing import KEPT_ISSUES, RowError, import_file, parse_mapping

IMPORT_ROLES = frozenset({Role.TEAM_LEAD, Role.DEPARTMENT_OWNER, Role.ADMINISTRATOR})
SUFFIXES = (".csv", ".xlsx", ".xlsm")
KEPT_ON_JOB = min(KEPT_ISSUES, 200)


def can_import(user: User) -> bool:
    return user.is_authenticated and (user.role in IMPORT_ROLES or user.is_superuser)


@transaction.atomic
def import_job_start(*, actor: User, upload: UploadedFile, mapping: str = "",
                     default_channel: str = "phone") -> ImportJob:
    """Store the file and queue the import (the task runs after commit)."""
    if not can_import(actor):
        raise PermissionDenied()
    name = (upload.name or "").lower()
    if not name.endswith(SUFFIXES):
        raise ValidationFailed(_("Upload a CSV or XLSX file."), code="unsupported_file_type", field="file")
    if default_channel not in Channel.values:
        raise ValidationFailed(_("Unknown channel."), code="invalid_choice", field="default_channel")
    try:
        parse_mapping(mapping)
    except ValueError as error:
        raise ValidationFailed(str(error), code="invalid_mapping", field="mapping") from None
    job = ImportJob(original_name=(upload.name or "import")[:255], mapping=mapping[:2000],
                    default_channel=default_channel, created_by=actor)
    job.file.save(upload.name or "import.csv", upload, save=False)
    job.save()
    from ..tasks import run_import_job

    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job


def _count_lines(path: Path) -> int | None:
    """Data rows of a CSV, roughly (quoted multi-line cells count twice): enough for a progress bar."""
    if path.suffix.lower() != ".csv":
        return None
    lines = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            lines += chunk.count(b"\n")
    return max(lines - 1, 0)


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Run a queued import (idempotent: a job that already started is left alone)."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(status=ImportStatus.RUNNING)
    if not claimed:
        return None
    job = ImportJob.objects.get(pk=job_id)
    path = Path(job.file.path)
    issues: list[list] = []

    def sink(level: str, issue: RowError) -> None:
        if len(issues) < KEPT_ON_JOB:
            issues.append([level, issue.row, issue.field, issue.message])

    def progress(rows: int, total: int | None) -> None:
        ImportJob.objects.filter(pk=job_id).update(rows=rows, total=total or job.total)

    try:
        job.total = _count_lines(path)
        ImportJob.objects.filter(pk=job_id).update(total=job.total)
        report = import_file(path, mapping=parse_mapping(job.mapping), default_channel=job.default_channel,
                             progress=progress, sink=sink)
    except Exception as error:  # noqa: BLE001 - the job records why it stopped; rows already written stay
        ImportJob.objects.filter(pk=job_id).update(status=ImportStatus.FAILED, message=str(error)[:2000],
                                                   issues=issues, finished_at=timezone.now())
        return ImportJob.objects.get(pk=job_id)
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportStatus.DONE, rows=report.rows, total=report.rows, imported=report.imported,
        refused=report.refused, issues=issues, finished_at=timezone.now(),
    )
    return ImportJob.objects.get(pk=job_id)
