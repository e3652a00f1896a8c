"""Section II of a review report, "Kết quả thực hiện": the engine's figures worded as the
seeds word them, part by part, each with its tables and charts."""

from __future__ import annotations

from areas.models import AreaLevel
from reports.reviews.charts import bar_chart
from reports.reviews.wording import (
    change_cell,
    compared,
    counted,
    item_label,
    num,
    table,
    unit_phrase,
    whole_unit,
)
from reports.statistics import Figures


def results_parts(report, figures: Figures, conferred: dict | None = None) -> list[dict]:
    """Section II: the figures as the seeds write them, part by part, with their tables and
    charts."""
    return [
        models_part(report, figures),
        patrols_part(figures),
        incidents_part(figures),
        cameras_part(report, figures),
        commendations_part(figures, conferred),
    ]


def subject_of(report) -> str:
    """What the report reviews, as its sentences name it."""
    if report.model_id:
        return f"mô hình “{report.model.name}”"
    if report.model_type_id:
        return f"mô hình “{report.model_type.name}”"
    return "mô hình phòng, chống tội phạm, tự quản về an ninh, trật tự"


def models_part(report, figures: Figures) -> dict:
    """1. The models and their members, coverage, new models, ratings; Bảng 1."""
    h = figures.headline
    unit = report.unit
    where = f"trên địa bàn {unit_phrase(unit)}"
    subject = subject_of(report)
    comparison = figures.comparison
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
    return {
        "heading": "1. Công tác xây dựng, củng cố, nhân rộng mô hình",
        "paragraphs": text,
        "tables": [
            {
                "caption": "Bảng 1. Mô hình và thành viên theo loại",
                **table(
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


def patrols_part(figures: Figures) -> dict:
    """2. Patrol shifts and participant turns; the monthly chart."""
    h = figures.headline
    comparison = figures.comparison
    trend = figures.trend
    return {
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


def incidents_part(figures: Figures) -> dict:
    """3. Incidents found and handled, by category and outcome, tip-offs, items; Bảng 2–4."""
    h = figures.headline
    comparison = figures.comparison
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
                **table(
                    [
                        "Loại vụ việc",
                        "Trong kỳ",
                        figures.comparison.short_label,
                        "Tăng (+), giảm (−)",
                    ],
                    [
                        [
                            row.label,
                            num(row["incidents"].value),
                            num(row["incidents"].previous),
                            change_cell(row["incidents"]),
                        ]
                        for row in categories
                    ],
                    total=[
                        "Tổng cộng",
                        num(h["incidents"].value),
                        num(h["incidents"].previous),
                        change_cell(h["incidents"]),
                    ],
                    widths=[52, 14, 14, 20],
                ),
            }
        )
    if outcomes:
        tables.append(
            {
                "caption": "Bảng 3. Kết quả xử lý vụ việc",
                **table(
                    ["Kết quả", "Trong kỳ", figures.comparison.short_label],
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
                **table(
                    ["Loại", "Trong kỳ", figures.comparison.short_label],
                    [
                        [row.label, counted(row["quantity"]), num(row["quantity"].previous)]
                        for row in figures.items
                    ],
                    widths=[50, 25, 25],
                ),
            }
        )
    return {
        "heading": "3. Kết quả phát hiện, giải quyết vụ việc",
        "paragraphs": text,
        "tables": tables,
    }


def cameras_part(report, figures: Figures) -> dict:
    """4. The camera networks by kind and funding; Bảng 5."""
    h = figures.headline
    unit = report.unit
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
    return {
        "heading": "4. Hệ thống camera an ninh",
        "paragraphs": text,
        "tables": [
            {
                "caption": "Bảng 5. Camera an ninh",
                **table(
                    ["", "Trong kỳ", figures.comparison.short_label],
                    camera_rows,
                    total=["Tổng cộng", num(h["cameras"].value), num(h["cameras"].previous)],
                    widths=[60, 20, 20],
                ),
            }
        ],
    }


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
                **table(
                    ["", "Tập thể", "Cá nhân"],
                    rows,
                    total=["Tổng cộng", num(collective.value), num(individual.value)],
                    widths=[60, 20, 20],
                ),
            }
        ],
    }
