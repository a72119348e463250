"""Write a table as CSV (UTF-8 with BOM, so Excel opens Chinese text correctly) or XLSX. Pure Python.

Cells that a spreadsheet would run as a formula (=, +, -, @ at the start of text) are
prefixed with an apostrophe: an exported complaint text must never execute in Excel.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 100_000


@dataclass
class Table:
    name: str  # file name stem, ASCII
    title: str  # sheet title / first line for people
    headers: Sequence[str]
    rows: Iterable[Sequence[object]] = field(default_factory=list)


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # XLSX has no time zones: callers pass local times
    return value


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in table.headers])
    for n, row in enumerate(table.rows):
        if n >= MAX_ROWS:
            break
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = (table.title or table.name)[:31].replace("/", "-").replace(":", " ")
    sheet.append([safe_cell(h) for h in table.headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) for h in table.headers]
    for n, row in enumerate(table.rows):
        if n >= MAX_ROWS:
            break
        values = [safe_cell(v) for v in row]
        sheet.append(values)
        for i, v in enumerate(values[:len(widths)]):
            widths[i] = max(widths[i], min(60, len(str(v)) if v is not None else 0))
    for i, w in enumerate(widths, start=1):
        # CJK characters are about two columns wide.
        sheet.column_dimensions[get_column_letter(i)].width = min(80, w * 2 + 2)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
