"""II.1: the models, their members, roles and ratings."""

from __future__ import annotations

from areas.models import AreaLevel
from reports.reviews import phrases
from reports.reviews.results.common import compares, part, subject_of
from reports.reviews.wording import (
    changes_phrase,
    lower_first,
    num,
    table,
    unit_phrase,
    versus,
)
from reports.statistics import Figures

# --- II.1 -------------------------------------------------------------------------------


def models_part(report, figures: Figures) -> dict:
    """The models and their members, coverage, new models, ratings; the table by type."""
    if report.model_id:
        return part("models", _one_model(report, figures))
    h = figures.headline
    if not h["models"].value:
        return part("models", [])
    unit = report.unit
    types = [row for row in figures.models_by_type if row["models"].value]
    first = (
        f"Đến ngày {figures.period.end:%d/%m/%Y}, trên địa bàn {unit_phrase(unit)} có "
        f"{num(h['models'].value)} {subject_of(report)}{_with_members(h['members'].value)}"
    )
    change = changes_phrase([h["models"]]) if compares(figures, "models") else ""
    if change:
        first += f" ({change} {versus(figures)})"
    if len(types) > 1 and not report.model_type_id:
        first += ", gồm: " + "; ".join(
            phrases.counted_type(num(row["models"].value), row.label)
            + _with_members(row["members"].value)
            for row in types
        )
    text = [first + "."]
    if unit.level != AreaLevel.COMMUNE:
        sentence = (
            f"Có {num(h['communes_with_models'].value)}/{num(figures.communes_in_scope)} xã, "
            "phường đã xây dựng mô hình"
        )
        if h["new_models"].value:
            sentence += f"; trong kỳ thành lập mới {num(h['new_models'].value)} mô hình"
        text.append(sentence + ".")
    elif h["new_models"].value:
        text.append(f"Trong kỳ thành lập mới {num(h['new_models'].value)} mô hình.")
    text += _roles_and_ratings(figures, one=False)
    # Columns that would say nothing are left out: communes, in a commune's report; new
    # models, when none was set up.
    columns = [("Loại mô hình", 44), ("Số mô hình", 14)]
    many = unit.level != AreaLevel.COMMUNE
    if many:
        columns.append(("Số xã có mô hình", 18))
    columns.append(("Thành viên", 15))
    if h["new_models"].value:
        columns.append(("Mới", 11))

    def line(label, models, places, members, new) -> list[str]:
        cells = [label, num(models)]
        if many:
            cells.append(f"{num(places)}/{num(figures.communes_in_scope)}")
        cells.append(num(members))
        if h["new_models"].value:
            cells.append(num(new))
        return cells

    rows = [
        line(
            row.label,
            row["models"].value,
            row["places"].value,
            row["members"].value,
            row["new"].value,
        )
        for row in types
    ]
    tables = []
    if len(rows) > 1:
        total = line(
            "Tổng cộng",
            h["models"].value,
            h["communes_with_models"].value,
            h["members"].value,
            h["new_models"].value,
        )
        tables.append(
            {
                "title": "Mô hình và thành viên theo loại",
                **table(
                    [c for c, _w in columns],
                    rows,
                    total=total,
                    widths=[round(w * 100 / sum(w for _c, w in columns)) for _c, w in columns],
                ),
            }
        )
    return part("models", text, tables)


def _with_members(n: int) -> str:
    return f" với {num(n)} thành viên" if n else ""


def _one_model(report, figures: Figures) -> list[str]:
    model = report.model
    members = figures.headline["members"].value
    sentence = (
        f"Mô hình “{model.name}” được thành lập ngày {model.established_on:%d/%m/%Y} tại "
        f"{unit_phrase(report.unit)}"
    )
    if members:
        sentence += f"; đến ngày {figures.period.end:%d/%m/%Y} có {num(members)} thành viên"
    return [sentence + "."] + _roles_and_ratings(figures, one=True)


def _roles_and_ratings(figures: Figures, one: bool) -> list[str]:
    text = []
    roles = [
        f"{num(row['members'].value)} {phrases.ROLES.get(str(row.key), lower_first(row.label))}"
        for row in figures.members_by_role
        if row["members"].value
    ]
    if roles:
        text.append("Về thành phần: " + ", ".join(roles) + ".")
    h = figures.headline
    grades = [("Tốt", h["rated_good"].value), ("Trung bình", h["rated_average"].value)]
    grades.append(("Yếu", h["rated_weak"].value))
    duties = [
        ("hoàn thành tốt nhiệm vụ", h["rated_done_well"].value),
        ("hoàn thành nhiệm vụ", h["rated_done"].value),
        ("không hoàn thành nhiệm vụ", h["rated_not_done"].value),
    ]
    not_eligible = h["not_eligible"].value
    year = figures.rating_year
    # The statutory teams' rating year: 15/11 of the year before to 14/11.
    statutory_year = f"năm {year} (từ 15/11/{year - 1} đến 14/11/{year})"
    if one:
        grade = next((name for name, n in grades if n), None)
        if grade:
            text.append(f"Năm {year}, mô hình được đánh giá, xếp loại {grade}.")
        duty = next((name for name, n in duties if n), None)
        if duty:
            text.append(f"Kết quả xếp loại {statutory_year}: Tổ {duty}.")
        elif not_eligible:
            text.append(
                f"Tổ thành lập chưa đủ 09 tháng tính đến ngày 14/11/{year} nên chưa đủ điều "
                f"kiện xếp loại năm {year}."
            )
        return text
    if any(n for _name, n in grades):
        text.append(
            f"Kết quả đánh giá, xếp loại năm {year}: "
            + ", ".join(f"{num(n)} mô hình xếp loại {name}" for name, n in grades if n)
            + "."
        )
    if any(n for _name, n in duties) or not_eligible:
        parts = [f"{num(n)} Tổ {name}" for name, n in duties if n]
        if not_eligible:
            parts.append(
                f"{num(not_eligible)} Tổ chưa đủ điều kiện xếp loại (thành lập chưa đủ 09 tháng)"
            )
        text.append(
            "Kết quả xếp loại Tổ bảo vệ an ninh, trật tự ở cơ sở "
            + statutory_year
            + ": "
            + "; ".join(parts)
            + "."
        )
    return text
