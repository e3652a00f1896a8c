"""The tables of a review report's version as a workbook (.xlsx), from the version's snapshot:
one sheet per table of section II ("Bảng 1", "Bảng 2", …) and one for the appendix, written by
the portal's one .xlsx writer (``areas.base.xlsx``): the header row bold, the figures as
numbers, every name as text (never a formula)."""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from areas.base.xlsx import Sheet, workbook

SHEET_NAME_MAX = 31  # Excel's limit
# Characters Excel refuses in a sheet's name.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# A figure as the document prints it in Vietnamese: 1.684, 12,5, 1.234,75 (``format_number``),
# or a row's number (1, 2, …).
VI_NUMBER = re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")


def document_sheets(document: dict) -> list[Sheet]:
    """A sheet for each table of the document, in the order it prints."""
    tables = [
        table
        for section in document.get("sections") or []
        for part in section.get("parts") or []
        for table in part.get("tables") or []
    ]
    sheets, names = [], set()
    for table in tables:
        sheets.append(_sheet(table, table.get("caption") or "Bảng", names, name_columns={0}))
    appendix = document.get("appendix")
    if appendix:
        title = f"{appendix.get('heading', 'Phụ lục').capitalize()}. {appendix.get('title', '')}"
        # The appendix's first column is the row number, its second the commune or model.
        sheets.append(_sheet(appendix, title, names, name_columns={1}))
    return sheets


def render_xlsx(document: dict) -> bytes:
    """The workbook of a document's tables; a document with none (every figure zero) gets one
    sheet saying so rather than a file Excel cannot open."""
    sheets = document_sheets(document) or [
        Sheet(_("Tables"), [_("This version has no tables: every figure of its period is zero.")])
    ]
    return workbook(sheets)


def version_xlsx(version) -> bytes:
    """The workbook of a ready version's tables, from its snapshot. Raises ``ValueError`` when
    the version has no snapshot yet."""
    if not version.snapshot:
        raise ValueError("This version has no document yet.")
    return render_xlsx(version.snapshot)


def _sheet(table: dict, caption: str, taken: set[str], name_columns: set[int]) -> Sheet:
    rows = [_row(row, name_columns) for row in table.get("rows") or []]
    if table.get("total"):
        rows.append(_row(table["total"], name_columns))
    if table.get("note"):
        rows.append([table["note"]])
    return Sheet(sheet_name(caption, taken), list(table.get("columns") or []), rows)


def _row(cells: list, name_columns: set[int]) -> list:
    return [cell if i in name_columns else figure(cell) for i, cell in enumerate(cells)]


def figure(text):
    """A cell's figure as a number ("1.684" → 1684, "12,5" → 12.5); other text unchanged
    ("+3 (25%)", "2/3", "khẩu")."""
    if not isinstance(text, str) or not VI_NUMBER.fullmatch(text):
        return text
    whole, _comma, fraction = text.replace(".", "").partition(",")
    return Decimal(f"{whole}.{fraction}") if fraction else int(whole)


def sheet_name(caption: str, taken: set[str]) -> str:
    """A sheet's name from a table's caption: Excel's characters only, at most 31 of them,
    cut at a word where it can be ("Bảng 1. Mô hình và thành viên"), and unique in the
    workbook (``taken`` is updated)."""
    name = " ".join(SHEET_NAME_FORBIDDEN.sub(" ", caption).split()).strip("'") or "Bảng"
    if len(name) > SHEET_NAME_MAX:
        head, space, _rest = name[: SHEET_NAME_MAX + 1].rpartition(" ")
        name = head if space and len(head) >= SHEET_NAME_MAX // 2 else name[:SHEET_NAME_MAX]
        name = name.rstrip(" .,;-")
    base, n = name, 1
    while name.casefold() in taken:  # Excel compares sheet names without case
        n += 1
        suffix = f" ({n})"
        name = base[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
    taken.add(name.casefold())
    return name
