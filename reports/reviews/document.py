"""The review report as a document, built top-down from the report and the engine.

``build_document(report, user)`` computes the report's figures through the one statistics
engine (as the requesting user, so the report cannot reach outside their area) and returns
the whole document as plain JSON data: the header (Nghị định 30/2020, Phụ lục I), sections I
to V — I, III, IV and V from the secretary's text, II worded from the figures by
``results`` —, the appendix by commune or model, and the closing block (Nơi nhận, signature).
That data is the snapshot a version keeps: ``rendering`` turns it into HTML and PDF, so a
version re-rendered next year prints the same page.

The document's wording is Vietnamese whatever the user's interface language, as the Quốc
hiệu is.
"""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation

from awards.models import Award
from reports.reviews import checks
from reports.reviews.results import results_parts
from reports.reviews.wording import (
    NBSP,
    date_line,
    header_text,
    keep_together,
    num,
    paragraphs,
    table,
    unit_phrase,
)
from reports.statistics import Comparison, Figures, Row, Scope, compute
from reports.statistics.awards import recipients

DOCUMENT_LANGUAGE = "vi"
SCHEMA = 2  # 2: parts of section II keyed, with their generated text; checks
# Appendix rows beyond this are left out of the PDF (WeasyPrint's time grows with rows); the
# dashboard export has them all.
APPENDIX_MAX_ROWS = 400
# A commune is listed in the appendix when one of these is not zero.
APPENDIX_FIGURES = ("models", "members", "shifts", "turns", "incidents")


def build_document(report, user) -> dict:
    """The whole document as JSON data (the snapshot a version keeps)."""
    with translation.override(DOCUMENT_LANGUAGE):
        figures = report_figures(report, user)
        conferred = conferred_at(report, user) if report.pk else None
        return document_from(report, figures, conferred)


def section_two(report, user) -> list[dict]:
    """Every part of section II as the report's page offers it: the generated text of each
    (empty where the figures say nothing) and whether it was rewritten."""
    with translation.override(DOCUMENT_LANGUAGE):
        figures = report_figures(report, user)
        return results_parts(report, figures, conferred_at(report, user), keep_empty=True)


def report_figures(report, user) -> Figures:
    """The report's figures from the one engine, as the requesting user sees them: for one
    model compared with the same length before it was set up, otherwise with a year earlier."""
    scope = Scope(unit=report.unit, model=report.model, model_type=report.model_type)
    comparison = Comparison.BEFORE_ESTABLISHED if report.model_id else Comparison.YEAR_EARLIER
    return compute(user, scope, report.period, comparison=comparison)


def conferred_at(report, user) -> dict[str, int]:
    """Collectives and individuals commended at this review's conference, counted by the
    engine's rules."""
    linked = report.conferred.for_user(user).values("award")
    return recipients(user, Award.objects.filter(pk__in=linked))


def document_from(report, figures: Figures, conferred: dict | None = None) -> dict:
    """The document from the report's text and its figures, in the order it prints, with
    what must be settled before it is issued (``checks``)."""
    doc = {
        "schema": SCHEMA,
        "language": DOCUMENT_LANGUAGE,
        "header": header(report),
        "sections": sections(report, figures, conferred),
        "appendix": appendix(report, figures),
        "closing": closing(report),
        "figures": DjangoJSONEncoder().encode(figures.as_dict()),
    }
    doc["checks"] = checks.of_document(doc)
    return doc


def header(report) -> dict:
    """The first page's header: the bodies, number and symbol, place and date, the title.
    The unit's name never breaks across lines, nor does the title end on a lone word."""
    year = (report.issued_on or report.period_end).year
    unit_name = unit_phrase(report.unit)
    return {
        "parent_body": header_text(report.parent_body, unit_name),
        "issuing_body": header_text(report.issuing_body, unit_name),
        "number": f"Số: {report.number_text}",
        "date_line": date_line(report.place, report.issued_on, year),
        "doc_type": "BÁO CÁO",
        "title": no_lone_last_word(keep_together(report.title, unit_name)),
        "period": (
            f"(Kỳ báo cáo từ ngày {report.period_start:%d/%m/%Y} "
            f"đến ngày {report.period_end:%d/%m/%Y})"
        ),
    }


def sections(report, figures: Figures, conferred: dict | None) -> list[dict]:
    """Sections I–V: I, III, IV and V as the secretary wrote them, II from the figures."""
    return [
        {"heading": "I. ĐẶC ĐIỂM TÌNH HÌNH", "paragraphs": paragraphs(report.situation)},
        {
            "heading": "II. KẾT QUẢ THỰC HIỆN",
            "parts": results_parts(report, figures, conferred),
            "paragraphs": paragraphs(report.results_note),
        },
        {
            "heading": "III. ĐÁNH GIÁ CHUNG",
            "parts": [
                {"heading": heading, "paragraphs": paragraphs(getattr(report, name))}
                for heading, name in [
                    ("1. Ưu điểm", "strengths"),
                    ("2. Hạn chế", "limitations"),
                    ("3. Nguyên nhân", "causes"),
                    ("4. Bài học kinh nghiệm", "lessons"),
                ]
            ],
        },
        {"heading": "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ", "paragraphs": paragraphs(report.directions)},
        {"heading": "V. ĐỀ XUẤT, KIẾN NGHỊ", "paragraphs": paragraphs(report.proposals)},
    ]


def closing(report) -> dict:
    """Nơi nhận and the signature block."""
    mode = report.signing_mode
    return {
        "recipients": recipient_lines(paragraphs(report.recipients)),
        "signing": f"{mode}. {report.signing_body}".upper() if mode else "",
        "signer_title": report.signer_title.upper(),
        "signer_name": report.signer_name,
    }


def appendix(report, figures: Figures) -> dict | None:
    """The per-commune (or per-model) table printed after the signature: the communes with a
    model or any activity, in the engine's (Vietnamese alphabetical) order, a total row, and
    one line for the rest ("Còn 113 xã, phường chưa có mô hình")."""
    by_commune = figures.scope.breakdown == "commune"
    by_unit = figures.scope.breakdown in ("commune", "province")
    rows: list[Row] = [
        row
        for row in figures.breakdown
        if not by_commune or any(row[name].value for name in APPENDIX_FIGURES)
    ]
    if not rows:
        return None
    shown = rows[:APPENDIX_MAX_ROWS]
    body = []
    for i, row in enumerate(shown, 1):
        cells = [str(i), row.label]
        if by_unit:
            cells.append(num(row["models"].value))
        cells += [num(row[name].value) for name in ("members", "shifts", "turns", "incidents")]
        body.append(cells)
    h = figures.headline
    total = ["", "Tổng cộng"] + ([num(h["models"].value)] if by_unit else [])
    total += [num(h[name].value) for name in ("members", "shifts", "turns", "incidents")]
    columns = [
        "TT",
        {"commune": "Xã, phường", "province": "Tỉnh, thành phố"}.get(
            figures.scope.breakdown, "Mô hình"
        ),
    ]
    if by_unit:
        columns.append("Mô hình")
    columns += ["Thành viên", "Ca tuần tra", "Lượt TV", "Vụ việc"]
    blank = NBSP * 4
    year = report.period_end.year
    day = f"{report.issued_on:%d/%m/%Y}" if report.issued_on else f"{blank}/{blank}/{year}"
    notes = []
    if len(rows) > len(shown):
        notes.append(f"Danh sách có {num(len(rows))} dòng; in {num(len(shown))} dòng đầu.")
    rest = figures.communes_in_scope - len(rows) if by_commune else 0
    if rest > 0:
        notes.append(f"Còn {num(rest)} xã, phường chưa có mô hình.")
    return {
        "heading": "PHỤ LỤC",
        "title": "Kết quả thực hiện theo "
        + {"commune": "xã, phường", "province": "tỉnh, thành phố"}.get(
            figures.scope.breakdown, "mô hình"
        ),
        "subtitle": f"(Kèm theo Báo cáo số {report.number_text} ngày {day})",
        "note": " ".join(notes),
        **table(columns, body, total=total),
    }


def recipient_lines(lines: list[str]) -> list[str]:
    """Nơi nhận as Nghị định 30/2020 punctuates it: each line ends with ";", the last ("Lưu:
    VT") with "."; a line the secretary punctuated otherwise is left as written."""
    out = []
    for i, line in enumerate(lines):
        line = line.rstrip()
        if line and line[-1] not in ";.,:":
            line += "." if i == len(lines) - 1 else ";"
        out.append(line)
    return out


def no_lone_last_word(text: str) -> str:
    """The last two words joined, so a wrapped line never ends the text with one word."""
    head, space, last = text.rstrip().rpartition(" ")
    return f"{head}{NBSP}{last}" if space and head else text
