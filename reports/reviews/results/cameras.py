"""II.4: the camera networks."""

from __future__ import annotations

from reports.reviews import phrases
from reports.reviews.results.common import compares, part
from reports.reviews.wording import (
    changes_phrase,
    num,
    table,
    versus,
    versus_short,
    whole_unit,
)
from reports.statistics import Figures

# --- II.4 -------------------------------------------------------------------------------


def cameras_part(report, figures: Figures) -> dict:
    """The camera networks by kind and funding; their table."""
    h = figures.headline
    if not h["cameras"].value:
        return part("cameras", [])
    who = "Mô hình" if report.model_id else whole_unit(report.unit)
    kinds = [
        phrases.CAMERA_KINDS[row.key].format(n=num(row["cameras"].value))
        for row in figures.cameras_by_kind
        if row["cameras"].value and row.key in phrases.CAMERA_KINDS
    ]
    sentence = f"{who} có {num(h['cameras'].value)} mắt camera an ninh"
    if len(kinds) > 1:
        sentence += " (" + ", ".join(kinds) + ")"
    change = changes_phrase([h["cameras"]]) if compares(figures, "cameras") else ""
    if change:
        sentence += f", {change} {versus(figures)}"
    state = []
    if h["cameras_working"].value:
        state.append(f"{num(h['cameras_working'].value)} mắt đang hoạt động")
    if h["cameras_linked"].value:
        state.append(f"{num(h['cameras_linked'].value)} mắt kết nối về Công an")
    if state:
        sentence += "; " + ", ".join(state)
    text = [sentence + "."]
    funding = [
        phrases.CAMERA_FUNDING[row.key].format(n=num(row["cameras"].value))
        for row in figures.cameras_by_funding
        if row["cameras"].value and row.key in phrases.CAMERA_FUNDING
    ]
    if funding:
        text.append("Về nguồn kinh phí: " + ", ".join(funding) + ".")
    compared = bool(h["cameras"].previous) and compares(figures, "cameras")
    rows = []
    for heading, group in (
        ("Theo loại", figures.cameras_by_kind),
        ("Theo nguồn kinh phí", figures.cameras_by_funding),
    ):
        lines = [
            [f"– {phrases.CAMERA_ROWS.get(row.key, row.label)}", num(row["cameras"].value)]
            + ([num(row["cameras"].previous)] if compared else [])
            for row in group
            if row["cameras"].value or row["cameras"].previous
        ]
        if lines:
            rows += [[heading, "", ""][: 3 if compared else 2], *lines]
    total = ["Tổng cộng", num(h["cameras"].value)]
    total += [num(h["cameras"].previous)] if compared else []
    tables = [
        {
            "title": "Camera an ninh",
            **table(
                ["", "Trong kỳ"] + ([versus_short(figures)] if compared else []),
                rows,
                total=total,
                widths=[60, 20, 20] if compared else [75, 25],
            ),
        }
    ]
    return part("cameras", text, tables)
