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
from reports.reviews.results import results_parts
from reports.reviews.wording import date_line, num, paragraphs, table
from reports.statistics import Comparison, Figures, Row, Scope, compute
from reports.statistics.awards import recipients

DOCUMENT_LANGUAGE = "vi"
SCHEMA = 1
# Appendix rows beyond this are left out of the PDF (WeasyPrint's time grows with rows); the
# dashboard export has them all.
APPENDIX_MAX_ROWS = 400


def build_document(report, user) -> dict:
    """The whole document as JSON data (the snapshot a version keeps)."""
    with translation.override(DOCUMENT_LANGUAGE):
        figures = report_figures(report, user)
        conferred = conferred_at(report, user) if report.pk else None
        return document_from(report, figures, conferred)


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
    """The document from the report's text and its figures, in the order it prints."""
    return {
        "schema": SCHEMA,
        "language": DOCUMENT_LANGUAGE,
        "header": header(report),
        "sections": sections(report, figures, conferred),
        "appendix": appendix(report, figures),
        "closing": closing(report),
        "figures": DjangoJSONEncoder().encode(figures.as_dict()),
    }


def header(report) -> dict:
    """The first page's header: the bodies, number and symbol, place and date, the title."""
    year = (report.issued_on or report.period_end).year
    return {
        "parent_body": report.parent_body.upper(),
        "issuing_body": report.issuing_body.upper(),
        "number": f"Số: {report.number_text}",
        "date_line": date_line(report.place, report.issued_on, year),
        "doc_type": "BÁO CÁO",
        "title": report.title,
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
        "recipients": paragraphs(report.recipients),
        "signing": f"{mode}. {report.signing_body}".upper() if mode else "",
        "signer_title": report.signer_title.upper(),
        "signer_name": report.signer_name,
    }


def appendix(report, figures: Figures) -> dict | None:
    """The per-commune (or per-model) table printed after the signature."""
    rows: list[Row] = figures.breakdown
    if not rows:
        return None
    by_commune = figures.scope.breakdown == "commune"
    shown = rows[:APPENDIX_MAX_ROWS]
    body = []
    for i, row in enumerate(shown, 1):
        cells = [str(i), row.label]
        if by_commune:
            cells.append(num(row["models"].value))
        cells += [num(row[name].value) for name in ("members", "shifts", "turns", "incidents")]
        body.append(cells)
    h = figures.headline
    total = ["", "Tổng cộng"] + ([num(h["models"].value)] if by_commune else [])
    total += [num(h[name].value) for name in ("members", "shifts", "turns", "incidents")]
    columns = ["TT", "Xã, phường" if by_commune else "Mô hình"]
    if by_commune:
        columns.append("Mô hình")
    columns += ["Thành viên", "Ca tuần tra", "Lượt TV", "Vụ việc"]
    return {
        "heading": "PHỤ LỤC",
        "title": (
            "Kết quả thực hiện theo xã, phường" if by_commune else "Kết quả thực hiện theo mô hình"
        ),
        "subtitle": f"(Kèm theo Báo cáo số {report.number_text})",
        "note": (
            f"Danh sách có {len(rows)} dòng; in {len(shown)} dòng đầu."
            if len(rows) > len(shown)
            else ""
        ),
        **table(columns, body, total=total),
    }
