"""The wording of a review report: the date line and place as Nghị định 30/2020 wants them,
a unit's name inside a sentence, counted and compared figures ("12 vụ", "so với cùng kỳ
giảm 3 vụ (60%)"), the secretary's paragraphs, and the table cells of figures."""

from __future__ import annotations

import datetime
import functools
import unicodedata
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTFont

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


# The issuing body fits in four lines of the header's left block (Nghị định 30/2020);
# ``header_lines`` wraps as the PDF does, word by word (a no-break space holds words
# together), measuring each word with the bold font the PDF prints it in: 12 pt Liberation
# Serif Bold (static/fonts) in the block of 44% of the A4 text width (165 mm) less its 2 mm
# padding (static/css/review.css) — 200 pt.
HEADER_MAX_LINES = 4
NBSP = "\u00a0"
HEADER_WIDTH_PT = (165 * 0.44 - 2) * 72 / 25.4
HEADER_FONT_PT = 12


@functools.cache
def _bold_widths() -> tuple[dict[int, float], float]:
    """Each character's advance in the header's font, in em; and a wide default."""
    font = TTFont(Path(settings.BASE_DIR) / "static/fonts/LiberationSerif-Bold.ttf")
    em = font["head"].unitsPerEm
    advances = font["hmtx"].metrics
    widths = {code: advances[glyph][0] / em for code, glyph in font.getBestCmap().items()}
    return widths, 0.75


def text_width(text: str, size: float = HEADER_FONT_PT) -> float:
    """How wide ``text`` prints in the header's bold font at ``size`` pt, in pt."""
    widths, default = _bold_widths()
    return size * sum(widths.get(ord(c), default) for c in unicodedata.normalize("NFC", text))


def header_lines(text: str, width: float = HEADER_WIDTH_PT) -> int:
    """The lines ``text`` takes in the header's left block, as the PDF wraps it."""
    lines, current = 0, 0.0
    space = text_width(" ")
    for word in text.split(" "):
        if not word:
            continue
        w = text_width(word)
        if current and current + space + w > width:
            lines, current = lines + 1, w
        else:
            current += (space if current else 0) + w
    return lines + (1 if current else 0)


# Words of a committee's name that a line never splits ("BẢO / VỆ").
HEADER_PHRASES = (
    "BAN CHỈ ĐẠO",
    "TỘI PHẠM",
    "TỆ NẠN",
    "XÃ HỘI",
    "XÂY DỰNG",
    "PHONG TRÀO",
    "TOÀN DÂN",
    "BẢO VỆ",
    "AN NINH",
    "TỔ QUỐC",
)


def keep_phrases(text: str) -> str:
    """``text`` with the words of each of ``HEADER_PHRASES`` joined by no-break spaces."""
    for phrase in HEADER_PHRASES:
        text = text.replace(phrase, phrase.replace(" ", NBSP))
    return text


def keep_together(text: str, name: str) -> str:
    """``text`` with the words of ``name`` joined by no-break spaces ("XÃ HIỆP THẠNH" never
    breaks as "XÃ HIỆP / THẠNH")."""
    return text.replace(name, name.replace(" ", NBSP)) if name else text


def header_text(body: str, unit_name: str) -> str:
    """A body of the header as the PDF prints it: in capitals, the words of the committee's
    name and of the unit's kept on one line."""
    return keep_together(keep_phrases(body.upper()), unit_name.upper())


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
