"""Table columns shared by HTML lists and their .xlsx exports, so both show the same values."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Column:
    label: str
    attr: str  # dotted path, e.g. "model_type.name"; choices are shown by their label
    link: bool = False  # link the cell to the row's get_absolute_url


def raw_value(obj, attr: str):
    value = obj
    for part in attr.split("."):
        if value is None:
            return None
        display = getattr(value, f"get_{part}_display", None)
        value = display() if callable(display) else getattr(value, part)
        if isinstance(value, models.Manager):
            value = ", ".join(str(v) for v in value.all())
        elif callable(value):
            value = value()
    return value


def display_value(obj, attr: str) -> str:
    value = raw_value(obj, attr)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, int | float):
        return formats.number_format(value, force_grouping=True)
    return str(value)


def xlsx_bytes(title: str, columns: list[Column], rows) -> bytes:
    """One sheet: a bold header row, then one row per object; dates stay dates."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = title[:31]
    ws.append([str(c.label) for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for obj in rows:
        out = []
        for column in columns:
            value = raw_value(obj, column.attr)
            if isinstance(value, bool):
                value = _("Yes") if value else _("No")
            elif isinstance(value, datetime.datetime):
                value = timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
            elif not isinstance(value, int | float | datetime.date | type(None)):
                value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
            out.append(value)
        ws.append(out)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text: a name starting with "=" is no formula
    for idx, column in enumerate(columns, start=1):
        ws.column_dimensions[ws.cell(row=1, column=idx).column_letter].width = max(
            12, min(40, len(str(column.label)) + 4)
        )
        for row in ws.iter_rows(min_row=2, min_col=idx, max_col=idx):
            if isinstance(row[0].value, datetime.datetime):
                row[0].number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(row[0].value, datetime.date):
                row[0].number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets: list[tuple[str, list[str]]]):
    """An empty workbook with one header row per sheet: the template users fill in."""
    from django.http import HttpResponse
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for title, columns in sheets:
        ws = wb.create_sheet(str(title)[:31])
        ws.append(list(columns))
        for cell in ws[1]:
            cell.font = Font(bold=True)
            ws.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) + 4)
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
