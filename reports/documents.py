"""The review report as a document: built from the statistics engine, rendered to HTML and PDF.

``build_document(report, user)`` computes the report's figures through the one statistics engine
(as the requesting user, so the report cannot reach outside their area) and returns the whole
document as plain JSON data — header, sections with their prose and tables, charts, closing
block. That data is the snapshot a version keeps: ``render_html`` and ``render_pdf`` are pure
functions of it, so a version re-rendered next year prints the same page.

The document is an administrative document in Vietnamese (Nghị định 30/2020/NĐ-CP, Phụ lục I):
its wording is Vietnamese whatever the user's interface language, as the Quốc hiệu is.
"""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import translation

from areas.models import AreaLevel
from reports.statistics import (
    NOUNS,
    Comparison,
    Figures,
    Row,
    Stat,
    compute,
    format_number,
    review_awards,
)
from reports.statistics import Scope as FigureScope

DOCUMENT_LANGUAGE = "vi"
SCHEMA = 1
STATIC_DIR = Path(settings.BASE_DIR) / "static"
# Appendix rows beyond this are left out of the PDF (WeasyPrint's time grows with rows); the
# dashboard export has them all.
APPENDIX_MAX_ROWS = 400


# --- small wording helpers ------------------------------------------------------------------


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


def compared(stat: Stat, comparison: str) -> str:
    """ "so với cùng kỳ giảm 3 vụ (60%)"."""
    change = stat.change
    if change is None:
        return ""
    if comparison == Comparison.BEFORE_ESTABLISHED:
        base = "so với cùng khoảng thời gian trước khi thành lập mô hình"
    else:
        base = "so với cùng kỳ"
    return f"{base} {change.text}"


def paragraphs(text: str) -> list[str]:
    """The secretary's text, one paragraph per non-empty line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _table(columns: list[str], rows: list[list], total: list | None = None, widths=None) -> dict:
    return {
        "columns": columns,
        "rows": [[str(cell) for cell in row] for row in rows],
        "total": [str(cell) for cell in total] if total else None,
        "widths": widths,
    }


def _change_cell(stat: Stat) -> str:
    change = stat.change
    if change is None:
        return ""
    if change.direction == "same":
        return "="
    sign = "+" if change.diff > 0 else "−"
    percent = f" ({format_number(change.percent, 1)}%)" if change.percent is not None else ""
    return f"{sign}{num(abs(change.diff))}{percent}"


# --- charts ---------------------------------------------------------------------------------


def bar_chart(title: str, labels: list[str], series: list[tuple[str, list[int]]]) -> dict:
    """Geometry of a grouped bar chart drawn as inline SVG (WeasyPrint draws SVG natively)."""
    width, height, left, bottom, top = 460, 170, 34, 22, 18
    plot_w, plot_h = width - left - 6, height - bottom - top
    peak = max([max(values or [0]) for _name, values in series] + [1])
    step = _nice_step(peak)
    peak = step * -(-peak // step)
    groups = max(len(labels), 1)
    group_w = plot_w / groups
    bar_w = group_w * 0.8 / max(len(series), 1)
    bars = []
    for s, (_name, values) in enumerate(series):
        for i, value in enumerate(values):
            h = plot_h * (value or 0) / peak
            bars.append(
                {
                    "x": round(left + i * group_w + group_w * 0.1 + s * bar_w, 1),
                    "y": round(top + plot_h - h, 1),
                    "w": round(bar_w, 1),
                    "h": round(h, 1),
                    "series": s,
                }
            )
    ticks = [
        {"y": round(top + plot_h - plot_h * v / peak, 1), "label": num(v)}
        for v in range(0, peak + 1, step)
    ]
    xlabels = [
        {"x": round(left + i * group_w + group_w / 2, 1), "label": label}
        for i, label in enumerate(labels)
    ]
    return {
        "title": title,
        "width": width,
        "height": height,
        "left": left,
        "right": width - 6,
        "base": top + plot_h,
        "label_y": top + plot_h + 13,
        "bars": bars,
        "ticks": ticks,
        "xlabels": xlabels,
        "tick_x": left - 3,
        "legend": [
            {"x": left + i * 110, "text_x": left + i * 110 + 11, "label": name, "series": i}
            for i, (name, _values) in enumerate(series)
        ],
    }


def _nice_step(peak: int) -> int:
    raw = max(peak / 4, 1)
    magnitude = 10 ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return int(factor * magnitude)
    return int(10 * magnitude)


# --- the document ---------------------------------------------------------------------------


def figure_scope(report) -> FigureScope:
    return FigureScope(unit=report.unit, model=report.model, model_type=report.model_type)


def report_figures(report, user) -> Figures:
    """The report's figures from the one engine, scoped to the requesting user."""
    scope = figure_scope(report)
    comparison = Comparison.BEFORE_ESTABLISHED if report.model_id else Comparison.YEAR_EARLIER
    return compute(user, scope, report.period, comparison=comparison)


def build_document(report, user) -> dict:
    """The whole document as JSON data (the snapshot a version keeps)."""
    with translation.override(DOCUMENT_LANGUAGE):
        figures = report_figures(report, user)
        conferred = review_awards(user, report.pk) if report.pk else None
        return document_from(report, figures, conferred)


def document_from(report, figures: Figures, conferred: dict | None = None) -> dict:
    """The document from the report's text and its figures; ``conferred`` counts the awards
    recorded as conferred at this review (``statistics.review_awards``)."""
    year = (report.issued_on or report.period_end).year
    header = {
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
    sections = [
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
    mode = report.signing_mode
    closing = {
        "recipients": paragraphs(report.recipients),
        "signing": f"{mode}. {report.signing_body}".upper() if mode else "",
        "signer_title": report.signer_title.upper(),
        "signer_name": report.signer_name,
    }
    return {
        "schema": SCHEMA,
        "language": DOCUMENT_LANGUAGE,
        "header": header,
        "sections": sections,
        "appendix": appendix(report, figures),
        "closing": closing,
        "figures": DjangoJSONEncoder().encode(figures.as_dict()),
    }


def results_parts(report, figures: Figures, conferred: dict | None = None) -> list[dict]:
    """Section II: the figures as the seeds write them, with their tables and charts."""
    h = figures.headline
    unit = report.unit
    comparison = figures.comparison
    where = f"trên địa bàn {unit_phrase(unit)}"
    if report.model_id:
        subject = f"mô hình “{report.model.name}”"
    elif report.model_type_id:
        subject = f"mô hình “{report.model_type.name}”"
    else:
        subject = "mô hình phòng, chống tội phạm, tự quản về an ninh, trật tự"
    parts = []

    # 1. Models and members.
    types = [row for row in figures.models_by_type if row["models"].value]
    type_list = "; ".join(
        f"{num(row['models'].value)} {row.label} với {num(row['members'].value)} thành viên"
        for row in types
    )
    text = [
        f"Đến ngày {figures.period.end:%d/%m/%Y}, {where} có {num(h['models'].value)} {subject} "
        f"với {num(h['members'].value)} thành viên"
        + (f" ({compared(h['models'], comparison)} về số mô hình)" if h["models"].change else "")
        + (f"; trong đó: {type_list}." if type_list and not report.model_id else ".")
    ]
    if not report.model_id and unit.level != AreaLevel.COMMUNE:
        text.append(
            f"Có {num(h['communes_with_models'].value)}/{num(figures.communes_in_scope)} xã, "
            f"phường đã xây dựng mô hình. "
            + (
                f"Trong kỳ thành lập mới {num(h['new_models'].value)} mô hình."
                if h["new_models"].value
                else "Trong kỳ không thành lập mới mô hình."
            )
        )
    roles = [row for row in figures.members_by_role if row["members"].value]
    if roles:
        text.append(
            "Về thành phần: "
            + ", ".join(f"{row.label.lower()} {num(row['members'].value)}" for row in roles)
            + "."
        )
    rated = h["rated_good"].value + h["rated_average"].value + h["rated_weak"].value
    if rated:
        text.append(
            f"Kết quả đánh giá, xếp loại năm {figures.rating_year}: "
            f"{num(h['rated_good'].value)} mô hình xếp loại Tốt, "
            f"{num(h['rated_average'].value)} Trung bình, {num(h['rated_weak'].value)} Yếu."
        )
    model_rows = [
        [
            row.label,
            num(row["models"].value),
            f"{num(row['places'].value)}/{num(figures.communes_in_scope)}"
            if "places" in row.figures
            else "",
            num(row["members"].value),
            num(row["new"].value) if "new" in row.figures else "",
        ]
        for row in figures.models_by_type
    ]
    parts.append(
        {
            "heading": "1. Công tác xây dựng, củng cố, nhân rộng mô hình",
            "paragraphs": text,
            "tables": [
                {
                    "caption": "Bảng 1. Mô hình và thành viên theo loại",
                    **_table(
                        [
                            "Loại mô hình",
                            "Số mô hình",
                            "Số xã có mô hình",
                            "Thành viên",
                            "Mới trong kỳ",
                        ],
                        model_rows,
                        total=[
                            "Tổng cộng",
                            num(h["models"].value),
                            f"{num(h['communes_with_models'].value)}/{num(figures.communes_in_scope)}",
                            num(h["members"].value),
                            num(h["new_models"].value),
                        ],
                        widths=[42, 13, 17, 15, 13],
                    ),
                }
            ]
            if model_rows
            else [],
        }
    )

    # 2. Patrols.
    trend = figures.trend
    parts.append(
        {
            "heading": "2. Hoạt động tuần tra, kiểm soát",
            "paragraphs": [
                f"Các mô hình đã tổ chức {num(h['shifts'].value)} ca tuần tra với "
                f"{num(h['turns'].value)} lượt thành viên tham gia"
                + (f"; {compared(h['shifts'], comparison)} về số ca" if h["shifts"].change else "")
                + (f", {h['turns'].change.text} về số lượt thành viên" if h["turns"].change else "")
                + "."
            ],
            "charts": [
                bar_chart(
                    "Biểu đồ 1. Số ca tuần tra và số vụ việc theo tháng",
                    [row.label[:2] for row in trend],
                    [
                        ("Ca tuần tra", [row["shifts"].value for row in trend]),
                        ("Vụ việc", [row["incidents"].value for row in trend]),
                    ],
                )
            ]
            if trend and len(trend) <= 24
            else [],
        }
    )

    # 3. Incidents.
    categories = [row for row in figures.incidents_by_category if row["incidents"].value]
    outcomes = [row for row in figures.incidents_by_outcome if row["incidents"].value]
    items = [row for row in figures.items if row["quantity"].value]
    text = [
        f"Qua hoạt động, các mô hình đã phát hiện, tham gia giải quyết "
        f"{num(h['incidents'].value)} vụ việc"
        + (f", {compared(h['incidents'], comparison)}" if h["incidents"].change else "")
        + (
            "; trong đó: "
            + "; ".join(f"{row.label}: {num(row['incidents'].value)} vụ" for row in categories)
            if categories
            else ""
        )
        + "."
    ]
    if outcomes:
        text.append(
            "Kết quả xử lý: "
            + "; ".join(f"{row.label.lower()} {num(row['incidents'].value)} vụ" for row in outcomes)
            + "."
        )
    text.append(
        f"Quần chúng Nhân dân cung cấp {num(h['tip_offs'].value)} tin báo, tố giác"
        + (f" ({h['tip_offs'].change.text})" if h["tip_offs"].change else "")
        + f"; qua hệ thống camera an ninh phát hiện {num(h['camera_incidents'].value)} vụ việc; "
        f"hòa giải thành {num(h['mediated'].value)} vụ."
    )
    if items:
        text.append(
            "Vận động Nhân dân giao nộp, thu giữ: "
            + "; ".join(f"{counted(row['quantity'])} {item_label(row)}" for row in items)
            + "."
        )
    tables = []
    if figures.incidents_by_category:
        tables.append(
            {
                "caption": "Bảng 2. Vụ việc theo loại",
                **_table(
                    ["Loại vụ việc", "Trong kỳ", "Cùng kỳ", "Tăng (+), giảm (−)"],
                    [
                        [
                            row.label,
                            num(row["incidents"].value),
                            num(row["incidents"].previous),
                            _change_cell(row["incidents"]),
                        ]
                        for row in categories
                    ],
                    total=[
                        "Tổng cộng",
                        num(h["incidents"].value),
                        num(h["incidents"].previous),
                        _change_cell(h["incidents"]),
                    ],
                    widths=[52, 14, 14, 20],
                ),
            }
        )
    if outcomes:
        tables.append(
            {
                "caption": "Bảng 3. Kết quả xử lý vụ việc",
                **_table(
                    ["Kết quả", "Trong kỳ", "Cùng kỳ"],
                    [
                        [row.label, num(row["incidents"].value), num(row["incidents"].previous)]
                        for row in figures.incidents_by_outcome
                    ],
                    widths=[60, 20, 20],
                ),
            }
        )
    if figures.items:
        tables.append(
            {
                "caption": "Bảng 4. Vũ khí, vật liệu nổ, tang vật thu giữ",
                **_table(
                    ["Loại", "Trong kỳ", "Cùng kỳ"],
                    [
                        [row.label, counted(row["quantity"]), num(row["quantity"].previous)]
                        for row in figures.items
                    ],
                    widths=[50, 25, 25],
                ),
            }
        )
    parts.append(
        {
            "heading": "3. Kết quả phát hiện, giải quyết vụ việc",
            "paragraphs": text,
            "tables": tables,
        }
    )

    # 4. Cameras.
    kinds = [row for row in figures.cameras_by_kind if row["cameras"].value]
    fundings = [row for row in figures.cameras_by_funding if row["cameras"].value]
    text = [
        f"{whole_unit(unit) if not report.model_id else 'Mô hình'} có "
        f"{num(h['cameras'].value)} mắt camera an ninh"
        + (
            " ("
            + ", ".join(f"{num(row['cameras'].value)} {row.label.lower()}" for row in kinds)
            + ")"
            if kinds
            else ""
        )
        + f", {num(h['cameras_working'].value)} mắt đang hoạt động, "
        f"{num(h['cameras_linked'].value)} mắt kết nối về Công an"
        + (
            "; theo nguồn kinh phí: "
            + ", ".join(f"{num(row['cameras'].value)} mắt {row.label.lower()}" for row in fundings)
            if fundings
            else ""
        )
        + "."
    ]
    camera_rows = [["Theo loại", "", ""]] + [
        [f"– {row.label}", num(row["cameras"].value), num(row["cameras"].previous)]
        for row in figures.cameras_by_kind
    ]
    camera_rows += [["Theo nguồn kinh phí", "", ""]] + [
        [f"– {row.label}", num(row["cameras"].value), num(row["cameras"].previous)]
        for row in figures.cameras_by_funding
    ]
    parts.append(
        {
            "heading": "4. Hệ thống camera an ninh",
            "paragraphs": text,
            "tables": [
                {
                    "caption": "Bảng 5. Camera an ninh",
                    **_table(
                        ["", "Trong kỳ", "Cùng kỳ"],
                        camera_rows,
                        total=["Tổng cộng", num(h["cameras"].value), num(h["cameras"].previous)],
                        widths=[60, 20, 20],
                    ),
                }
            ],
        }
    )

    # 5. Commendations.
    parts.append(commendations_part(figures, conferred))
    return parts


def recipients_phrase(collective: int, individual: int) -> str:
    """ "191 tập thể, 385 cá nhân"; "2 tập thể và 1 cá nhân" (joined with ``và`` when short)."""
    parts = []
    if collective:
        parts.append(f"{num(collective)} tập thể")
    if individual:
        parts.append(f"{num(individual)} cá nhân")
    return " và ".join(parts)


def commendations_part(figures: Figures, conferred: dict | None) -> dict:
    """ "Với những thành tích trên, các cấp đã kịp thời khen thưởng, động viên cho 191 tập thể,
    385 cá nhân, trong đó Bộ trưởng Bộ Công an khen thưởng cho 2 tập thể và 1 cá nhân", as
    the seeds write it, with the table by form and by issuer."""
    h = figures.headline
    collective, individual = h["awards_collective"], h["awards_individual"]
    text = []
    if collective.value or individual.value:
        sentence = (
            "Với những thành tích trên, trong kỳ các cấp đã kịp thời khen thưởng, động viên cho "
            f"{num(collective.value)} tập thể, {num(individual.value)} cá nhân"
        )
        by_issuer = [
            f"{row.label} khen thưởng cho "
            + recipients_phrase(row["collective"].value, row["individual"].value)
            for row in figures.awards_by_issuer
            if row["collective"].value or row["individual"].value
        ]
        if by_issuer:
            sentence += ", trong đó " + "; ".join(by_issuer)
        text.append(sentence + ".")
        if collective.previous or individual.previous:
            text.append(
                "Số tập thể được khen thưởng "
                + compared(collective, figures.comparison)
                + "; số cá nhân "
                + compared(individual, figures.comparison)
                + "."
            )
    else:
        text.append("Trong kỳ chưa có khen thưởng nào được ghi nhận trên hệ thống.")
    if conferred and (conferred["collective"] or conferred["individual"]):
        text.append(
            "Tại Hội nghị, có "
            + recipients_phrase(conferred["collective"], conferred["individual"])
            + " có thành tích xuất sắc được biểu dương, khen thưởng."
        )
    rows = [["Theo hình thức", "", ""]] + [
        [f"– {row.label}", num(row["collective"].value), num(row["individual"].value)]
        for row in figures.awards_by_form
        if row["collective"].value or row["individual"].value
    ]
    rows += [["Theo cấp khen thưởng", "", ""]] + [
        [f"– {row.label}", num(row["collective"].value), num(row["individual"].value)]
        for row in figures.awards_by_issuer
        if row["collective"].value or row["individual"].value
    ]
    return {
        "heading": "5. Công tác khen thưởng",
        "paragraphs": text,
        "tables": [
            {
                "caption": "Bảng 6. Khen thưởng trong kỳ",
                **_table(
                    ["", "Tập thể", "Cá nhân"],
                    rows,
                    total=["Tổng cộng", num(collective.value), num(individual.value)],
                    widths=[60, 20, 20],
                ),
            }
        ],
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
        get = lambda name, row=row: num(row.figures[name].value) if name in row.figures else "0"  # noqa: E731
        cells = [str(i), row.label]
        if by_commune:
            cells.append(get("models"))
        cells += [get("members"), get("shifts"), get("turns"), get("incidents")]
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
        **_table(columns, body, total=total),
    }


# --- rendering ------------------------------------------------------------------------------


def render_html(document: dict, *, for_print: bool = True) -> str:
    return render_to_string(
        "reports/review/print.html" if for_print else "reports/review/document.html",
        {"doc": document, "static_base": STATIC_DIR.as_uri() + "/"},
    )


class StaticOnlyFetcher:
    """WeasyPrint may read our own static files (the fonts and the stylesheet) and nothing
    else: no network, no redirects, no file outside ``static/`` (an SSRF through redirects was
    reported against WeasyPrint in 2025)."""

    def __init__(self) -> None:
        from weasyprint.urls import URLFetcher

        self._fetcher = URLFetcher(allowed_protocols={"file"}, allow_redirects=False)
        self._root = STATIC_DIR.resolve()

    def __call__(self, url: str, *args, **kwargs):
        return self.fetch(url)

    def fetch(self, url: str, headers=None):
        from urllib.parse import unquote, urlsplit

        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve()
        if parts.scheme != "file" or not path.is_relative_to(self._root):
            raise ValueError(f"Refused to fetch {url!r}: only the portal's static files.")
        return self._fetcher.fetch(url, headers)


def render_pdf(document: dict) -> tuple[bytes, int]:
    """The PDF of a document and its number of pages."""
    from weasyprint import HTML

    html = render_html(document)
    rendered = HTML(
        string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=StaticOnlyFetcher()
    ).render()
    buffer = io.BytesIO()
    rendered.write_pdf(buffer)
    return buffer.getvalue(), len(rendered.pages)
