"""The wording of a review report: the date line and place as Nghị định 30/2020 wants them,
a unit's name inside a sentence, counted and compared figures ("12 vụ", "so với cùng kỳ
năm 2024 giảm 3 vụ (60%)"), the secretary's paragraphs, and the table cells of figures."""

from __future__ import annotations

import datetime
import re

from django.utils import translation

from reports.statistics import NOUNS, Comparison, Row, Stat, format_number


def date_line(place: str, day: datetime.date | None, year: int) -> str:
    """ "Lâm Đồng, ngày 05 tháng 12 năm 2026": the day zero-padded below 10, the month only
    for January and February (Nghị định 30/2020); blanks to fill by hand when undated."""
    if day is None:
        blank = "\u00a0" * 5
        return f"{place}, ngày{blank}tháng{blank}năm {year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def place_name(unit) -> str:
    """ "Lâm Đồng" for Tỉnh Lâm Đồng: the place of the date line."""
    if unit.short_name:
        return unit.short_name
    for prefix in ("Thành phố ", "Tỉnh ", "Xã ", "Phường ", "Đặc khu "):
        if unit.name.startswith(prefix):
            return unit.name[len(prefix) :]
    return unit.name


def unit_phrase(unit) -> str:
    """ "tỉnh Lâm Đồng", "xã Hiệp Thạnh": the unit's name inside a sentence."""
    return unit.name[:1].lower() + unit.name[1:]


def whole_unit(unit) -> str:
    """ "Toàn tỉnh", "Toàn xã", "Toàn phường", "Toàn thành phố"."""
    word = unit.name.split(" ")[0].lower()
    if unit.name.lower().startswith("thành phố"):
        word = "thành phố"
    return f"Toàn {word}"


def num(value) -> str:
    return format_number(value or 0)


def item_label(row: Row) -> str:
    """ "pháo" for "pháo (kg)": the unit is said by the counted figure."""
    return (
        re.sub(r"\s*\([^)]*\)$", "", row.label)
        if row["quantity"].noun in ("kg", "g")
        else row.label
    )


def counted(stat: Stat) -> str:
    """ "9 khẩu/chiếc", "12 vụ": the value with its counting noun."""
    noun = NOUNS[stat.noun](stat.value) if stat.noun else ""
    return f"{num(stat.value)} {noun}".strip()


def compared(stat: Stat, comparison: Comparison) -> str:
    """ "so với cùng kỳ năm 2024 giảm 3 vụ (60%)": the engine's label of the comparison
    (``Figures.comparison``), in Vietnamese as the whole document is."""
    change = stat.change
    if change is None:
        return ""
    with translation.override("vi"):
        return f"{comparison.label} {change.text}"


def paragraphs(text: str) -> list[str]:
    """The secretary's text, one paragraph per non-empty line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def table(columns: list[str], rows: list[list], total: list | None = None, widths=None) -> dict:
    return {
        "columns": columns,
        "rows": [[str(cell) for cell in row] for row in rows],
        "total": [str(cell) for cell in total] if total else None,
        "widths": widths,
    }


def change_cell(stat: Stat) -> str:
    change = stat.change
    if change is None:
        return ""
    if change.direction == "same":
        return "="
    sign = "+" if change.diff > 0 else "−"
    percent = f" ({format_number(change.percent, 1)}%)" if change.percent is not None else ""
    return f"{sign}{num(abs(change.diff))}{percent}"
