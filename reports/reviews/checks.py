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

# Numbers as the documents write them: 1.684 · 12,5 · 60% · 7
NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\w])")
PROMPT = re.compile(r"\[[^\]]{2,}\]")
# Spans that hold numbers that are not figures.
_NOT_FIGURES = [
    # dates: 05/12/2026, 5/12, 01-03-2024; "ngày 5 tháng 12 năm 2026"
    re.compile(r"\b\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?\b"),
    re.compile(r"\b(?:ngày|tháng|năm)\s+\d+", re.IGNORECASE),
    # document numbers and symbols: 12/BC-BCĐ, 30/2020/NĐ-CP, số 12
    re.compile(r"\b\d+/[\wĐđ][\w\-/Đđ]*"),
    re.compile(
        r"\b(?:số|bảng|biểu đồ|phụ lục|mục|phần|điều|khoản|điểm|giai đoạn|chỉ thị|"
        r"nghị định|nghị quyết|thông tư|hướng dẫn|kế hoạch|quyết định|công văn)\s+\d+",
        re.IGNORECASE,
    ),
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
        value = value_of(match.group(1), match.group(2))
        if value is not None:
            found.append((match.group(0), value, match.start()))
    return found


def known_values(figures: dict, generated_text: list[str]) -> set[Decimal]:
    """Every number the version's figures hold (counts, comparison values, changes,
    percentages) and every number of its generated text."""
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

    walk(figures)
    add(figures.get("communes_in_scope"))
    for text in generated_text:
        for _written, value, _at in figure_numbers(text):
            values.add(value)
    return values


def unknown_numbers(doc: dict) -> list[dict]:
    """The numbers of the rewritten parts of section II that are not among the figures of
    the document: one entry per part and number, with its sentence as context."""
    parts = [p for s in doc["sections"] for p in s.get("parts", []) if p.get("key")]
    generated = [t for p in parts for t in p.get("generated", [])]
    figures = json.loads(doc["figures"]) if isinstance(doc.get("figures"), str) else {}
    known = known_values(figures, generated)
    found, seen = [], set()
    for part in parts:
        if not part.get("edited"):
            continue
        for paragraph in part["paragraphs"]:
            for written, value, at in figure_numbers(paragraph):
                key = f"{part['key']}:{written}"
                if value in known or key in seen:
                    continue
                seen.add(key)
                found.append(
                    {
                        "key": key,
                        "part": part["heading"],
                        "number": written,
                        "context": _context(paragraph, at, len(written)),
                    }
                )
    return found


def _context(text: str, at: int, length: int, width: int = 60) -> str:
    start, end = max(at - width, 0), min(at + length + width, len(text))
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def prompts_left(doc: dict) -> list[str]:
    """Bracketed prompts anywhere in the printed text ("[Nêu nguyên nhân…]")."""
    texts = [doc["header"].get("title", "")]
    for section in doc["sections"]:
        texts += section.get("paragraphs", [])
        for part in section.get("parts", []):
            texts += part.get("paragraphs", [])
    texts += doc["closing"].get("recipients", [])
    return [m.group(0) for text in texts for m in PROMPT.finditer(text)]


def of_document(doc: dict) -> dict:
    """What the printed document still lacks or holds in doubt, read from the document
    alone (so a version rendered before these checks existed is checked the same way)."""
    return {
        "numbered": bool(re.search(r"Số:\s*\d", doc["header"]["number"])),
        "dated": bool(re.search(r"ngày \d{2} tháng \d", doc["header"]["date_line"])),
        "signed": bool(doc["closing"].get("signer_name", "").strip()),
        "prompts": prompts_left(doc),
        "numbers": unknown_numbers(doc),
    }
