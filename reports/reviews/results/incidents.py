"""II.3: incidents by category and outcome, tip-offs, items."""

from __future__ import annotations

from reports.reviews import phrases
from reports.reviews.results.common import actors, compares, part
from reports.reviews.wording import (
    change_cell,
    change_sentences,
    changes_phrase,
    lower_first,
    num,
    table,
    unit_phrase,
    versus,
    versus_short,
)
from reports.statistics import Figures

# --- II.3 -------------------------------------------------------------------------------


def incidents_part(report, figures: Figures) -> dict:
    """Incidents by category and outcome, notable changes, tip-offs, items; their tables."""
    h = figures.headline
    # Tip-offs have a sentence of their own (the seeds'): their category is not listed again.
    tip_offs = bool(h["tip_offs"].value)
    categories = [
        row
        for row in figures.incidents_by_category
        if row["incidents"].value and not (tip_offs and row.extra.get("code") == "tip_off")
    ]
    text = []
    own = h.get("own_incidents")  # a model against the time before it: the rest is its commune's
    if own is not None and own.value:
        text.append(
            f"Qua hoạt động, mô hình đã phát hiện, phối hợp giải quyết {num(own.value)} vụ việc."
        )
    if h["incidents"].value:
        if own is not None:
            sentence = (
                f"Trên địa bàn {unit_phrase(report.model.commune)}, trong kỳ đã ghi nhận "
                f"{num(h['incidents'].value)} vụ việc"
            )
        else:
            sentence = (
                f"Qua hoạt động, {lower_first(actors(report, figures))} đã phát hiện, phối "
                f"hợp giải quyết {num(h['incidents'].value)} vụ việc"
            )
        change = changes_phrase([h["incidents"]])
        if change and len(figures.incidents_by_category) > 1:  # one: its own sentence says it
            sentence += f" ({change} {versus(figures)})"
        if categories:
            sentence += ", trong đó: " + "; ".join(
                f"{num(row['incidents'].value)} {_incident_kind(row.label)}" for row in categories
            )
        text.append(sentence + ".")
    text += change_sentences(
        [
            (
                f"số {_incident_kind(row.label)}",
                row["incidents"],
                "vụ",
                row.extra.get("code") in phrases.FALL_IS_GOOD,
            )
            for row in figures.incidents_by_category
            if not (tip_offs and row.extra.get("code") == "tip_off")
        ],
        versus(figures),
        total=h["incidents"],
    )
    outcomes = [
        phrases.OUTCOMES[row.key].format(n=num(row["incidents"].value))
        for row in figures.incidents_by_outcome
        if row["incidents"].value and row.key in phrases.OUTCOMES
    ]
    if outcomes:
        text.append("Kết quả xử lý: " + "; ".join(outcomes) + ".")
    text += _tip_offs(figures, versus(figures))
    if h["camera_incidents"].value:
        text.append(
            f"Qua hệ thống camera an ninh đã phát hiện {num(h['camera_incidents'].value)} vụ "
            "việc, kịp thời thông báo cho lực lượng Công an xử lý."
        )
    items = [row for row in figures.items if row["quantity"].value]
    for handed_in, opening in ((True, "Vận động Nhân dân giao nộp, thu hồi "), (False, "Thu giữ ")):
        counted = [
            phrases.ITEMS[row.key].format(n=num(row["quantity"].value))
            for row in items
            if (row.key in phrases.HANDED_IN) == handed_in
        ]
        if counted:
            text.append(opening + _joined(counted) + ".")
    text += change_sentences(
        [
            (
                phrases.ITEM_SUBJECTS[row.key],
                row["quantity"],
                phrases.ITEM_NOUNS[row.key],
            )
            for row in figures.items
        ],
        versus(figures),
        total=h["incidents"],
    )
    where = f" trên địa bàn {unit_phrase(report.model.commune)}" if own is not None else ""
    return part("incidents", text, _incident_tables(figures, where))


def _incident_kind(label: str) -> str:
    """ "vụ trộm cắp nông sản" for the category "Trộm cắp nông sản"."""
    name = lower_first(label)
    return name if name.startswith("vụ") else f"vụ {name}"


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " và " + items[-1]


def _tip_offs(figures: Figures, versus_text: str) -> list[str]:
    """The seeds' sentence: "quần chúng Nhân dân đã cung cấp hơn 5.000 nguồn tin có giá trị
    giúp Công an các cấp điều tra, khám phá 2.144 vụ, bắt 3.630 đối tượng"."""
    h = figures.headline
    tips = h["tip_offs"].value
    if not tips:
        return []
    sentence = f"Quần chúng Nhân dân đã cung cấp {num(tips)} nguồn tin có giá trị"
    cases, suspects = h["cases_solved"].value, h["suspects_arrested"].value
    if cases:
        sentence += f", giúp Công an các cấp điều tra, khám phá {num(cases)} vụ"
        if suspects:
            sentence += f", bắt {num(suspects)} đối tượng"
    if not compares(figures, "tip_offs"):
        return [sentence + "."]
    return [sentence + "."] + change_sentences(
        [
            ("số nguồn tin có giá trị", h["tip_offs"], ""),
            ("số vụ được khám phá nhờ tin báo", h["cases_solved"], "vụ"),
            ("số đối tượng bị bắt nhờ tin báo", h["suspects_arrested"], ""),
        ],
        versus_text,
        total=h["tip_offs"],
    )


def _incident_tables(figures: Figures, where: str = "") -> list[dict]:
    """The incidents by category and the items collected; their comparison columns only when
    the comparison period recorded incidents. ``where``: the commune a model's figures are
    counted over when it is compared with the time before it was set up."""
    h = figures.headline
    compared = bool(h["incidents"].previous)
    tables = []
    short = versus_short(figures)
    rows = [
        [row.label, num(row["incidents"].value)]
        + ([num(row["incidents"].previous), change_cell(row["incidents"])] if compared else [])
        for row in figures.incidents_by_category
        if row["incidents"].value or row["incidents"].previous
    ]
    if rows:
        total = ["Tổng cộng", num(h["incidents"].value)]
        if compared:
            total += [num(h["incidents"].previous), change_cell(h["incidents"])]
        tables.append(
            {
                "title": f"Vụ việc theo loại{where}",
                **table(
                    ["Loại vụ việc", "Trong kỳ"]
                    + ([short, "Tăng (+), giảm (−)"] if compared else []),
                    rows,
                    total=total,
                    widths=[52, 14, 16, 18] if compared else [75, 25],
                ),
            }
        )
    rows = [
        [phrases.ITEM_ROWS[row.key][0], phrases.ITEM_ROWS[row.key][1], num(row["quantity"].value)]
        + ([num(row["quantity"].previous)] if compared else [])
        for row in figures.items
        if row["quantity"].value or row["quantity"].previous
    ]
    if rows:
        tables.append(
            {
                "title": f"Vũ khí, vật liệu nổ, tang vật thu giữ{where}",
                **table(
                    ["Loại", "Đơn vị tính", "Trong kỳ"] + ([short] if compared else []),
                    rows,
                    widths=[46, 18, 18, 18] if compared else [56, 22, 22],
                ),
            }
        )
    return tables
