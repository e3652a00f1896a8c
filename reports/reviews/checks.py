"""What must be settled before a version is issued (ban hành), read from the version's
snapshot — what it printed:

- the number and symbol, the date and the signer;
- no bracketed prompt left anywhere ("[Nêu nguyên nhân…]");
- every number of a rewritten part of section II that states a figure is among the figures
  of that version, or confirmed by the secretary. A number "states a figure" unless it is a
  date, a year, a section, table or document number (``_not_figures``). The figures are every
  value the engine computed for the version, its comparison values, changes and percentages,
  and every number of the generated text.
"""

from __future__ import annotations

import contextlib
import json
import re
from decimal import Decimal, InvalidOperation

from reports.reviews.wording import header_lines

# Numbers as the documents write them: 1.684 · 12,5 · 60% · 7 — and 12.5, a decimal written
# with a dot, read as 12,5 so that it is checked (not taken for 12 and 5).
NUMBER = re.compile(
    r"(?<![\w.,])(?:(\d+)\.(\d{1,2})(?!\d)|(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?)(?![\w])"
)
PROMPT = re.compile(r"\[[^\]]{2,}\]")
# Spans that hold numbers that are not figures.
_NOT_FIGURES = [
    # dates: 05/12/2026, 5/12, 01-03-2024, 15/12–14/12; "ngày 5 tháng 12 năm 2026"
    re.compile(r"\b\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?\b"),
    re.compile(r"\b(?:ngày|tháng|năm)\s+\d+", re.IGNORECASE),
    # document numbers and symbols: 12/BC-BCĐ, 30/2020/NĐ-CP (a fraction, 7/124, is checked)
    re.compile(r"\b\d+/(?:(?:19|20)\d{2}\b|[A-Za-zĐđ])[\w\-/Đđ]*"),
    re.compile(
        r"\b(?:số|bảng|biểu đồ|phụ lục|mục|phần|điều|khoản|điểm|giai đoạn|chỉ thị|"
        r"nghị định|nghị quyết|thông tư|hướng dẫn|kế hoạch|quyết định|công văn)\s+\d+",
        re.IGNORECASE,
    ),
    # places and ordinals: tổ 3, thôn 2, khu phố 4, ấp 3, quý 3, lần thứ 2, thứ 7
    re.compile(
        r"\b(?:tổ dân phố|khu phố|tổ|thôn|ấp|bản|buôn|bon|xóm|đội|khu|quý|lần thứ|thứ|khóa)"
        r"\s+\d+",
        re.IGNORECASE,
    ),
    # durations: 02 năm, 6 tháng, 3 giờ
    re.compile(r"\b\d+\s+(?:năm|tháng|tuần|ngày|giờ|phút)\b", re.IGNORECASE),
    # a year on its own (a figure of 2.025 is written with its dot)
    re.compile(r"\b(?:19|20)\d{2}\b(?:\s*[–-]\s*(?:19|20)\d{2}\b)?"),
    # a heading's number at the start of a paragraph: "1.", "2.3."
    re.compile(r"^\s*[-–+]?\s*\d+(?:\.\d+)*\.\s"),
]


def value_of(text: str, decimals: str | None = None) -> Decimal | None:
    try:
        return Decimal(text.replace(".", "") + (f".{decimals}" if decimals else "")).normalize()
    except InvalidOperation:
        return None


def figure_numbers(text: str) -> list[tuple[str, Decimal, int]]:
    """The numbers of ``text`` that state a figure: (as written, value, position)."""
    masked = text
    for pattern in _NOT_FIGURES:
        masked = pattern.sub(lambda m: " " * len(m.group(0)), masked)
    found = []
    for match in NUMBER.finditer(masked):
        if match.group(1):  # 12.5: a decimal written with a dot
            value = value_of(match.group(1), match.group(2))
        else:
            value = value_of(match.group(3), match.group(4))
        if value is not None:
            found.append((match.group(0), value, match.start()))
    return found


def known_values(figures: dict, generated_text: list[str]) -> set[Decimal]:
    """The numbers a rewritten part may state without confirmation: the headline figures and
    the figures of the groups (types, categories, outcomes, items, cameras, commendations),
    each with its comparison value, change and percentage, and every number of the
    generated text. Not the rows of the appendix or the months of the chart: with them nearly
    every small number would pass."""
    values: set[Decimal] = set()

    def add(number) -> None:
        if isinstance(number, int | float | Decimal | str) and not isinstance(number, bool):
            with contextlib.suppress(InvalidOperation):
                values.add(abs(Decimal(str(number))).normalize())

    def walk(node):
        # A figure is a dict with a "value" (and its comparison "previous" and "change");
        # ids, keys and dates around them are not figures.
        if isinstance(node, dict):
            if "value" in node:
                add(node["value"])
                add(node.get("previous"))
                change = node.get("change") or {}
                add(change.get("diff"))
                add(change.get("percent"))
            for value in node.values():
                if isinstance(value, dict | list):
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name, node in figures.items():
        if name not in ("breakdown", "trend", "scope"):
            walk(node)
    add(figures.get("communes_in_scope"))
    for text in generated_text:
        for _written, value, _at in figure_numbers(text):
            values.add(value)
    return values


def unknown_numbers(doc: dict) -> list[dict]:
    """The numbers of the rewritten parts of section II and of its closing notes that are
    not among the figures of the document: one entry per occurrence, with its sentence as
    context; its key names the part, the number and which occurrence it is."""
    section = next((s for s in doc["sections"] if s.get("parts")), None)
    if section is None:
        return []
    parts = [p for p in section["parts"] if p.get("key")]
    generated = [t for p in parts for t in p.get("generated", [])]
    figures = json.loads(doc["figures"]) if isinstance(doc.get("figures"), str) else {}
    known = known_values(figures, generated)
    written_by_hand = [(p["key"], p["heading"], p["paragraphs"]) for p in parts if p.get("edited")]
    if section.get("paragraphs"):
        written_by_hand.append(("note", section["heading"], section["paragraphs"]))
    found = []
    for key, heading, paragraphs in written_by_hand:
        seen: dict[str, int] = {}
        for paragraph in paragraphs:
            for written, value, at in figure_numbers(paragraph):
                seen[written] = seen.get(written, 0) + 1
                if value in known:
                    continue
                found.append(
                    {
                        "key": f"{key}:{written}:{seen[written]}",
                        "part": heading,
                        "number": written,
                        "context": _context(paragraph, at, len(written)),
                    }
                )
    return found


def _context(text: str, at: int, length: int, width: int = 60) -> str:
    start, end = max(at - width, 0), min(at + length + width, len(text))
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def prompts_left(doc: dict) -> list[str]:
    """Bracketed prompts anywhere in the printed text ("[Nêu nguyên nhân…]"): the header,
    the sections, Nơi nhận and the signature block."""
    texts = [value for value in doc["header"].values() if isinstance(value, str)]
    for section in doc["sections"]:
        texts += section.get("paragraphs", [])
        for part in section.get("parts", []):
            texts += part.get("paragraphs", [])
    texts += doc["closing"].get("recipients", [])
    texts += [v for k, v in doc["closing"].items() if k != "recipients" and isinstance(v, str)]
    return [m.group(0) for text in texts for m in PROMPT.finditer(text)]


def of_document(doc: dict) -> dict:
    """What the printed document still lacks or holds in doubt, read from the document
    alone (so a version rendered before these checks existed is checked the same way)."""
    return {
        "numbered": bool(re.search(r"Số:\s*\d+/\S", doc["header"]["number"])),
        "dated": bool(re.search(r"ngày \d{2} tháng \d", doc["header"]["date_line"])),
        "signed": bool(doc["closing"].get("signer_name", "").strip()),
        "header_lines": header_lines(doc["header"].get("issuing_body", "")),
        "prompts": prompts_left(doc),
        "numbers": unknown_numbers(doc),
    }
