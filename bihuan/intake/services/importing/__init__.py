"""Bulk import of historical complaints from CSV/XLSX: mapping, row-level validation, batched writes.

Rows are streamed (csv reader / openpyxl read-only) and validated one by one;
valid rows are written in batches (COPY on PostgreSQL, bulk_create elsewhere,
see `writing`). On PostgreSQL, outside a transaction, batches are written by
writer threads (one per core, each with its own connection) while the next
batch is read and validated, so the database's work (COPY, index upkeep,
constraint checks) runs on every core and overlaps Python's; at most
2 × writers + 1 batches are in memory. Memory stays flat: only those batches and the first
`KEPT_ISSUES` errors/warnings are held; every refused row still reaches the
report sink (the command's --report CSV), so nothing is dropped silently.

What an import does NOT do, on purpose: imported rows are history, not live
work. No routing or assignment (no owner), no SLA clocks (a clock on a closed
or years-old complaint would only be breached noise for the sweeper), and no
acknowledgement. Triage is optional (`triage=True`, `--triage`): blank
category/priority/emotion/demand are filled in batches with the engine's
`triage_many`, which roughly halves the import rate.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, connections
from django.utils import timezone

from .rows import TARGET_FIELDS, RowError, parse_mapping, read_rows, resolve_mapping, validate_row
from .writing import BatchGuard, reserve_numbers, write_batch

__all__ = ["TARGET_FIELDS", "ImportReport", "RowError", "import_file", "parse_mapping", "reserve_numbers"]
KEPT_ISSUES = 1000


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    refused: int = 0  # rows refused (a row with several errors counts once)
    error_count: int = 0
    warning_count: int = 0
    errors: list[RowError] = field(default_factory=list)  # the first KEPT_ISSUES
    warnings: list[RowError] = field(default_factory=list)
    sink: Callable[[str, RowError], None] | None = None  # every issue, as it is found
    # The reader and the writer threads all report issues.
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add_imported(self, count: int) -> None:
        with self._lock:
            self.imported += count

    def error(self, issue: RowError, *, new_row: bool = True) -> None:
        with self._lock:
            self.error_count += 1
            self.refused += new_row
            if len(self.errors) < KEPT_ISSUES:
                self.errors.append(issue)
            if self.sink:
                self.sink("error", issue)

    def warning(self, issue: RowError) -> None:
        with self._lock:
            self.warning_count += 1
            if len(self.warnings) < KEPT_ISSUES:
                self.warnings.append(issue)
            if self.sink:
                self.sink("warning", issue)


def _triage_batch(rows: list[dict]) -> None:
    """Fill blank classification fields of a batch with one batched triage call."""
    from bihuan.complaints.choices import is_valid_subcategory
    from bihuan.triage.services import current_engine

    todo = [r for r in rows if not (r["category"] and r["priority"] and r["demand"])]
    if not todo:
        return
    for r, result in zip(todo, current_engine().triage_many([r["description"] for r in todo]), strict=True):
        if not r["category"]:
            r["category"] = result.category
            if is_valid_subcategory(result.category, result.subcategory):
                r["subcategory"] = result.subcategory
        r["priority"] = r["priority"] or result.priority
        r["demand"] = r["demand"] or result.demand
        r["emotion"], r["emotion_score"] = result.emotion, result.emotion_score


def import_file(path: Path, *, mapping: dict[str, str] | None = None, default_channel: str = "phone",
                batch_size: int = 10000, dry_run: bool = False, triage: bool = False, writers: int = 0,
                progress: Callable[[int, int | None], None] | None = None,
                sink: Callable[[str, RowError], None] | None = None) -> ImportReport:
    headers, rows, total = read_rows(path)
    columns = resolve_mapping(headers, mapping or {})
    report = ImportReport(sink=sink)
    if "description" not in columns.values():
        report.error(RowError(1, "description", "no column maps to description"))
        return report
    index = [(i, columns[h.strip()]) for i, h in enumerate(headers) if h and h.strip() in columns]
    now = timezone.now()
    batch: list[dict] = []
    triage_fn = _triage_batch if triage else None
    guard = BatchGuard()
    writer = (_Writer(report, triage_fn, guard, writers or os.cpu_count() or 2)
              if not dry_run and connection.vendor == "postgresql" and not connection.in_atomic_block else None)

    def flush() -> None:
        nonlocal batch
        if batch and not dry_run:
            if writer is not None:
                writer.put(batch)  # the writer owns it now
            else:
                report.add_imported(write_batch(batch, report, triage=triage_fn, guard=guard))
        batch = []
        if progress:
            progress(report.rows, total)

    try:
        for number, values in enumerate(rows, start=2):  # row 1 is the header
            if not any(v is not None and v != "" for v in values):
                continue  # blank line
            report.rows += 1
            width = len(values)
            data = {target: values[i] if i < width else None for i, target in index}
            clean, errors = validate_row(data, number, default_channel, now)
            for n, issue in enumerate(errors):
                report.error(issue, new_row=n == 0)
            if clean is not None:
                batch.append(clean)
                if len(batch) >= batch_size:
                    flush()
        flush()
    finally:
        if writer is not None:
            writer.close()
    return report


class _Writer:
    """Writes batches on threads of their own (own database connections, own transactions).

    Precondition: the caller is not inside a transaction (the threads could not see
    its rows). A failed batch stops the import: the error is raised in the caller
    at its next `put` or at `close`; batches already committed stay, as without the threads.
    """

    def __init__(self, report: ImportReport, triage: Callable[[list[dict]], None] | None, guard: BatchGuard,
                 count: int) -> None:
        self.report, self.triage, self.guard = report, triage, guard
        self.batches: queue.Queue[list[dict] | None] = queue.Queue(maxsize=count)
        self.failure: BaseException | None = None
        self.threads = [threading.Thread(target=self._run, name=f"import-writer-{n}", daemon=True)
                        for n in range(count)]
        for thread in self.threads:
            thread.start()

    def _run(self) -> None:
        try:
            while (batch := self.batches.get()) is not None:
                if self.failure is None:
                    self.report.add_imported(write_batch(batch, self.report, triage=self.triage, guard=self.guard))
        except BaseException as error:  # noqa: BLE001 - handed to the reading thread
            self.failure = error
            while self.batches.get() is not None:  # drain, so the reader never blocks
                pass
        finally:
            connections.close_all()  # this thread's connection

    def put(self, batch: list[dict]) -> None:
        self._raise()
        self.batches.put(batch)

    def close(self) -> None:
        for _ in self.threads:
            self.batches.put(None)
        for thread in self.threads:
            thread.join()
        self._raise()

    def _raise(self) -> None:
        if self.failure is not None:
            raise self.failure
