"""Reading .xlsx uploads: one place for workbook opening, headers, cells, dates and times, and
the one result of an import (its rows with their problems, shown before anything is saved)."""

from __future__ import annotations

import calendar
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from areas.base.text import clean_text
from areas.base.uploads import MB, SPREADSHEET, UploadLimit


class SheetError(Exception):
    """A problem with the file as a whole (not a workbook, wrong header …)."""


class CellError(ValueError):
    """A cell that cannot be read as what its column holds; ``str()`` says why, for the user
    (after the column's name: ``f"{column}: {err}"``)."""


# Excel keeps a time of day alone as a date-time on its day zero.
_EXCEL_DAY_ZERO = {datetime.date(1899, 12, 30), datetime.date(1899, 12, 31)}


def cell_text(value) -> str:
    """A cell as the user wrote it: dates dd/mm/yyyy and times hh:mm (Excel's date cells
    arrive as date-times at midnight), whole numbers without ".0", text through ``clean_text``
    with its runs of whitespace as one space."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.date() in _EXCEL_DAY_ZERO:
            return value.strftime("%H:%M")
        if value.time() == datetime.time():
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Unikey's "Unicode tổ hợp" and Mac Excel write decomposed diacritics: compose them.
    return " ".join(clean_text(str(value)).split())


_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(value) -> datetime.date:
    """A date cell, or text written dd/mm/yyyy (also with - or .) or yyyy-mm-dd.

    Raises ``CellError`` saying whether the cell is empty, not a date, or a date that does
    not exist (31/02/2026: February 2026 has 28 days)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if not text:
        raise CellError(_("empty: write the date as dd/mm/yyyy."))
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = map(int, match.groups())
    elif match := _YEAR_MONTH_DAY.fullmatch(text):
        year, month, day = map(int, match.groups())
    else:
        raise CellError(_("“%(text)s” is not a date: write it as dd/mm/yyyy.") % {"text": text})
    try:
        return datetime.date(year, month, day)
    except ValueError:
        pass
    shown = f"{day:02d}/{month:02d}/{year:04d}"
    if not 1 <= month <= 12:
        raise CellError(
            _("the date %(date)s does not exist (a year has 12 months).") % {"date": shown}
        )
    if year >= datetime.MINYEAR and day > 0:
        days = calendar.monthrange(year, month)[1]
        raise CellError(
            _("the date %(date)s does not exist (%(month)s has %(days)s days).")
            % {"date": shown, "month": f"{month:02d}/{year:04d}", "days": days}
        )
    raise CellError(_("the date %(date)s does not exist.") % {"date": shown})


def parse_time(value) -> datetime.time:
    """A time cell, or text written hh:mm (also 20h, 20h30, 20). Raises ``CellError``."""
    if isinstance(value, datetime.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, datetime.datetime):
        return value.time().replace(second=0, microsecond=0)
    text = cell_text(value)
    if not text:
        raise CellError(_("empty: write the time as hh:mm."))
    match = re.fullmatch(r"(\d{1,2})(?:[:h](\d{2})?)?(?::\d{2})?", text.lower())
    if not match:
        raise CellError(_("“%(text)s” is not a time: write it as hh:mm.") % {"text": text})
    hour, minute = int(match[1]), int(match[2] or 0)
    if hour > 23 or minute > 59:
        raise CellError(_("the time %(time)s does not exist.") % {"time": text})
    return datetime.time(hour, minute)


def open_workbook(content: bytes, *, limit: UploadLimit = SPREADSHEET):
    """The workbook in ``content``, with its formulas as formulas (``read_sheet`` refuses
    them; their cached results are never read). A file that would unpack beyond the limit
    (an .xlsx is a zip of XML) is refused before it is parsed."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise SheetError(_("The file is not a valid .xlsx workbook.")) from exc
    if limit.max_unpacked_bytes is not None and unpacked > limit.max_unpacked_bytes:
        raise SheetError(
            _(
                "The file unpacks to more than %(limit)s MB, too much for a sheet of "
                "%(rows)s rows: save it again without pictures and unused cells, or split it."
            )
            % {
                "limit": limit.max_unpacked_bytes // MB,
                "rows": formats.number_format(limit.max_rows, force_grouping=True),
            }
        )
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:
        raise SheetError(_("The file is not a valid .xlsx workbook.")) from exc


@dataclass
class SheetRows:
    """The non-empty rows under a sheet's header, ``(row number, cells)``, and the sheet's
    problems found while reading it (its formulas)."""

    rows: list[tuple[int, list]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


# Formula cells named one by one, per sheet; the rest are counted.
FORMULAS_LISTED = 20


def _formula_text(value) -> str:
    text = str(getattr(value, "text", value))  # an array formula keeps its text apart
    return text if len(text) <= 40 else text[:39] + "…"


def read_sheet(
    workbook,
    index: int,
    columns: list[str],
    *,
    required: bool = True,
    max_rows: int | None = SPREADSHEET.max_rows,
) -> SheetRows:
    """The rows under a header equal to ``columns``; every cell holding a formula, anywhere
    in a row, is a problem naming the cell ("Ô C7 chứa công thức …"), and a sheet of more
    than ``max_rows`` rows is refused (``SheetError``) as soon as its next row is read."""
    found = SheetRows()
    if index >= len(workbook.worksheets):
        if required:
            raise SheetError(_("The workbook has no sheet %(n)s.") % {"n": index + 1})
        return found
    rows = workbook.worksheets[index].iter_rows()
    header = [cell_text(cell.value).lower() for cell in next(rows, ())]
    if header[: len(columns)] != [c.lower() for c in columns]:
        raise SheetError(
            _("The first row of sheet %(n)s must be the header: %(columns)s.")
            % {"n": index + 1, "columns": ", ".join(columns)}
        )
    formulas = 0
    for number, row in enumerate(rows, start=2):
        for cell in row:
            if cell.data_type == "f":
                formulas += 1
                if formulas <= FORMULAS_LISTED:
                    found.problems.append(_formula_problem(index, cell))
        cells = [_value(cell) for cell in row[: len(columns)]]
        cells += [None] * (len(columns) - len(cells))
        if any(cell_text(c) for c in cells):
            if max_rows is not None and len(found.rows) >= max_rows:
                raise SheetError(
                    _(
                        "Sheet %(n)s has more than %(max)s rows: import at most %(max)s rows "
                        "at a time (split the file)."
                    )
                    % {
                        "n": index + 1,
                        "max": formats.number_format(max_rows, force_grouping=True),
                    }
                )
            found.rows.append((number, cells))
    if formulas > FORMULAS_LISTED:
        found.problems.append(
            _("… and %(n)s more cells with a formula in sheet %(sheet)s.")
            % {
                "n": formats.number_format(formulas - FORMULAS_LISTED, force_grouping=True),
                "sheet": index + 1,
            }
        )
    return found


def _value(cell):
    """A cell's value as written; a formula as its text (never its cached result)."""
    if cell.data_type == "f":
        return str(getattr(cell.value, "text", cell.value))
    return cell.value


def _formula_problem(index: int, cell) -> str:
    place = {"cell": cell.coordinate, "formula": _formula_text(cell.value)}
    if index == 0:
        return (
            _(
                "Cell %(cell)s contains a formula (%(formula)s): type the value itself, or "
                "copy the cells and paste them as values only."
            )
            % place
        )
    return _(
        "Sheet %(n)s, cell %(cell)s contains a formula (%(formula)s): type the value "
        "itself, or copy the cells and paste them as values only."
    ) % {"n": index + 1, **place}


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
    def problem_count(self) -> int:
        """Every problem: the file's own and each row's, all of them."""
        return len(self.file_errors) + sum(len(r.errors) for r in self.rows)

    @property
    def rows_with_problems(self) -> int:
        return sum(1 for r in self.rows if r.errors)
