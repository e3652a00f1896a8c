"""Reading .xlsx uploads: one place for workbook opening, headers, cells, dates and times, and
the one result of an import (its rows with their problems, shown before anything is saved)."""

from __future__ import annotations

import datetime
import io
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


class SheetError(Exception):
    """A problem with the file as a whole (not a workbook, wrong header …)."""


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Unikey's "Unicode tổ hợp" and Mac Excel write decomposed diacritics: compose them.
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_time(value) -> datetime.time:
    if isinstance(value, datetime.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, datetime.datetime):
        return value.time().replace(second=0, microsecond=0)
    text = cell_text(value).lower().replace("h", ":").rstrip(":")
    for fmt in ("%H:%M", "%H"):
        try:
            return datetime.datetime.strptime(text, fmt).time()
        except ValueError:
            continue
    raise ValueError(text)


def open_workbook(content: bytes):
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        raise SheetError(_("The file is not a valid .xlsx workbook.")) from exc


def read_sheet(workbook, index: int, columns: list[str], *, required: bool = True):
    """``(row number, cells)`` for each non-empty row under a header equal to ``columns``."""
    if index >= len(workbook.worksheets):
        if required:
            raise SheetError(_("The workbook has no sheet %(n)s.") % {"n": index + 1})
        return []
    rows = list(workbook.worksheets[index].iter_rows(values_only=True))
    header = [cell_text(v).lower() for v in rows[0]] if rows else []
    if header[: len(columns)] != [c.lower() for c in columns]:
        raise SheetError(
            _("The first row of sheet %(n)s must be the header: %(columns)s.")
            % {"n": index + 1, "columns": ", ".join(columns)}
        )
    data = []
    for number, row in enumerate(rows[1:], start=2):
        cells = list(row[: len(columns)]) + [None] * (len(columns) - len(row))
        if any(cell_text(c) for c in cells):
            data.append((number, cells))
    return data


@dataclass
class ImportRow:
    """One row of the sheet as the user sees it (its number, its cells) and its problems."""

    number: int
    values: dict
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    """An import checked whole: every row with its problems, the file's own problems, and
    whether it was saved (all rows in one transaction, or none)."""

    rows: list[ImportRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    saved: bool = False

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and bool(self.rows) and all(not r.errors for r in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(1 for r in self.rows if r.errors)
