"""The one .xlsx writer: every export and every blank template the portal hands out.

A workbook is a list of ``Sheet``: a title, a header row (bold) and rows of plain values.
User text is stored as text, never as a formula: a cell is written with the string type, so a
name typed as ``=HYPERLINK(…)``, ``+…``, ``-…``, ``@…`` or after a tab stays those characters,
unprefixed (a carriage return is written as Excel's line end in a cell, LF, whichever XML
library openpyxl finds); numbers stay numbers, dates stay dates shown dd/mm/yyyy, timestamps in local
time; characters Excel cannot store are dropped.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Sheet:
    title: str
    header: list
    rows: Iterable[list] = field(default_factory=list)


def _cell(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None or isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
    if isinstance(value, datetime.date):
        return value
    return _line_ends(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def _line_ends(text: str) -> str:
    """A carriage return written as Excel's line end in a cell, LF. openpyxl writes it raw
    (which any XML reader reads as LF) or, with lxml installed, as ``&#13;`` (read back as a
    carriage return): the file must not depend on which libraries are installed."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def workbook(sheets: list[Sheet]) -> bytes:
    """The .xlsx file of ``sheets``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(str(sheet.title)[:31])
        ws.append([_line_ends(str(label)) for label in sheet.header])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.data_type = "s"
        for row in sheet.rows:
            ws.append([_cell(value) for value in row])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text stays text: "=…" is no formula
                elif isinstance(cell.value, datetime.datetime):
                    cell.number_format = "DD/MM/YYYY HH:MM"
                elif isinstance(cell.value, datetime.date):
                    cell.number_format = "DD/MM/YYYY"
        for index, label in enumerate(sheet.header, start=1):
            letter = ws.cell(row=1, column=index).column_letter
            ws.column_dimensions[letter].width = max(12, min(len(str(label)) + 4, 60))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """A file built on request (a workbook, a Word file) as a download named ``filename``
    (a name in Vietnamese too: encoded as RFC 6266 wants)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def xlsx_response(filename: str, sheets: list[Sheet]) -> HttpResponse:
    """The workbook of ``sheets`` as a download named ``filename``."""
    return attachment(workbook(sheets), filename, XLSX_TYPE)


def dated_filename(name: str) -> str:
    """ "mo-hinh-20261130.xlsx": an export's name with today's date."""
    return f"{name}-{timezone.localdate():%Y%m%d}.xlsx"
