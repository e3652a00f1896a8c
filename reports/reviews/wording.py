"""The wording of a review report: the date line and place as Nghị định 30/2020 wants them,
a unit's name inside a sentence, counted and compared figures ("12 vụ", "so với cùng kỳ
giảm 3 vụ (60%)"), the secretary's paragraphs, and the table cells of figures."""

from __future__ import annotations

import datetime

from reports.reviews.phrases import NOTABLE_COUNT, NOTABLE_PERCENT
from reports.statistics import NOUNS, Stat, format_number


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
    name = unit.name.lower()
    word = next((w for w in ("thành phố", "đặc khu") if name.startswith(w)), name.split(" ")[0])
    return f"Toàn {word}"


# The issuing body fits in four lines of the header's left block (Nghị định 30/2020), about
# 24 capitals of 12 pt bold each; ``header_lines`` wraps as the PDF does, word by word, a
# no-break space holding words together.
HEADER_MAX_LINES = 4
HEADER_LINE_CHARS = 24


def header_lines(text: str, width: int = HEADER_LINE_CHARS) -> int:
    lines, current = 0, 0
    for word in text.split(" "):
        if not word:
            continue
        if current and current + 1 + len(word) > width:
            lines, current = lines + 1, len(word)
        else:
            current += (1 if current else 0) + len(word)
    return lines + (1 if current else 0)


def num(value) -> str:
    return format_number(value or 0)


def lower_first(text: str) -> str:
    """ "trộm cắp nông sản" for "Trộm cắp nông sản" (a name inside a sentence)."""
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def versus(figures) -> str:
    """What the figures are compared with, inside a sentence: the engine's label ("so với
    cùng kỳ năm 2024", "so với 02 năm trước khi thành lập mô hình")."""
    return figures.comparison.label


def versus_short(figures) -> str:
    """The comparison as a table's column heading ("Cùng kỳ 2024")."""
    return figures.comparison.short_label


def changes_phrase(stats: list[Stat], nouns: list[str] | None = None) -> str:
    """The changes of one or more figures, without repeating a word: "tăng 3 mô hình",
    "tăng 71 ca và 319 lượt thành viên", "tăng 71 ca, giảm 5 lượt thành viên"; "" when
    nothing changed. A figure with nothing in the comparison period is not compared: the
    portal may simply not have been in use then."""
    moves = []
    for i, stat in enumerate(stats):
        change = stat.change
        if change is None or change.direction == "same" or not stat.previous:
            continue  # unchanged, or nothing recorded to compare with
        noun = nouns[i] if nouns else (NOUNS[stat.noun](abs(change.diff)) if stat.noun else "")
        word = "tăng" if change.diff > 0 else "giảm"
        moves.append((word, f"{num(abs(change.diff))} {noun}".strip()))
    if not moves:
        return ""
    if len({word for word, _amount in moves}) == 1:
        amounts = [amount for _word, amount in moves]
        joined = amounts[0] if len(amounts) == 1 else ", ".join(amounts[:-1]) + " và " + amounts[-1]
        return f"{moves[0][0]} {joined}"
    return ", ".join(f"{word} {amount}" for word, amount in moves)


def is_notable(stat: Stat) -> bool:
    """A change worth its own sentence (``phrases.NOTABLE_PERCENT`` and ``NOTABLE_COUNT``)."""
    change = stat.change
    if change is None or abs(change.diff) < NOTABLE_COUNT:
        return False
    return change.percent is None or change.percent >= NOTABLE_PERCENT


def change_sentences(
    subjects: list[tuple[str, Stat, str]],
    versus_text: str,
    total: Stat | None = None,
    fall_is_good: bool = False,
) -> list[str]:
    """A sentence for each notable change, as the reports word it: "Kéo giảm 60% số vụ trộm
    cắp nông sản so với cùng kỳ năm 2024 (từ 10 vụ xuống còn 4 vụ)." (``fall_is_good``: the
    incidents); "Số vụ đánh bạc tăng 12 vụ (40%) so với cùng kỳ năm 2024."; "Số nguồn tin có
    giá trị giảm 5 (25%) …" (a noun the subject already names is not repeated: pass "").
    ``subjects`` are (what — "số vụ …", "lượng pháo …" —, figure, noun), or with a fourth
    element saying whether that subject's fall is an achievement (else ``fall_is_good``).
    ``total`` is the family's total: when it had nothing in the comparison period, no change
    is worded."""
    if total is not None and not total.previous:
        return []  # the whole family had nothing recorded then: nothing to compare with
    sentences = []
    for what, stat, noun, *good in subjects:
        if not is_notable(stat):
            continue
        change = stat.change
        amount = f"{num(abs(change.diff))} {noun}".strip()
        percent = f" ({format_number(change.percent, 1)}%)" if change.percent is not None else ""
        if change.diff < 0 and (good[0] if good else fall_is_good):
            sentence = f"Kéo giảm {format_number(change.percent, 1)}% {what} {versus_text}"
            if stat.value:
                sentence += f" (từ {num(stat.previous)} {noun} xuống còn {num(stat.value)} {noun})"
        else:
            word = "tăng" if change.diff > 0 else "giảm"
            sentence = f"{upper_first(what)} {word} {amount}{percent} {versus_text}"
        sentences.append(sentence + ".")
    return sentences


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
