"""Section II of a review report, "Kết quả thực hiện": the engine's figures worded as the
seeds word them, one small function per part (models, patrols, incidents, cameras,
commendations), each returning its paragraphs, tables and charts.

A zero figure or an empty group is left out of the prose; a part or a table with nothing in
it is left out of the document, and the parts, tables and charts left are numbered in order.
A category or an item that changed notably (``phrases.NOTABLE_*``) gets a sentence of its
own. Every number comes from the engine; every phrase from ``phrases``.
"""

from __future__ import annotations

import datetime

from areas.models import AreaLevel
from reports.reviews import phrases
from reports.reviews.charts import bar_chart
from reports.reviews.wording import (
    change_cell,
    change_sentences,
    changes_phrase,
    lower_first,
    num,
    paragraphs,
    table,
    unit_phrase,
    versus,
    versus_short,
    whole_unit,
)
from reports.statistics import Comparison, Figures, Stat


def results_parts(
    report, figures: Figures, conferred: dict | None = None, keep_empty: bool = False
) -> list[dict]:
    """Section II, part by part, numbered: the generated text, or the secretary's where they
    rewrote a part (``report.results_edits``); the tables and charts stay the engine's.
    ``keep_empty``: every part, also those with nothing to say (the report's page)."""
    edits = getattr(report, "results_edits", None) or {}
    parts = [
        models_part(report, figures),
        patrols_part(report, figures),
        incidents_part(report, figures),
        cameras_part(report, figures),
        commendations_part(figures, conferred),
    ]
    for part in parts:
        part["generated"] = part["paragraphs"]
        edited = paragraphs(edits.get(part["key"], ""))
        if edited:
            part["paragraphs"] = edited
        part["edited"] = bool(edited)
    # A part with nothing to say is left out, unless the secretary wrote it.
    if not keep_empty:  # (the report's page offers every part, to write one the figures skip)
        parts = [p for p in parts if p["paragraphs"] or p["tables"] or p["charts"]]
    tables = charts = 0
    for i, part in enumerate(parts, 1):
        part["heading"] = f"{i}. {phrases.PARTS[part['key']]}"
        for t in part["tables"]:
            tables += 1
            t["caption"] = f"Bảng {tables}. {t.pop('title')}"
        for c in part["charts"]:
            charts += 1
            c["title"] = f"Biểu đồ {charts}. {c['title']}"
    return parts


def _part(key: str, text: list[str], tables=(), charts=()) -> dict:
    return {"key": key, "paragraphs": text, "tables": list(tables), "charts": list(charts)}


def compares(figures: Figures, family: str) -> bool:
    """Whether a family of figures is worded against the comparison. A model's report is
    compared with the time before it was set up, when the commune had no such team: only
    the incidents (what the team is there to bring down) are compared then."""
    kind = figures.comparison.kind
    return kind != Comparison.BEFORE_ESTABLISHED or family in ("incidents", "items")


def actors(report, figures: Figures) -> str:
    """Who did it, at the head of a sentence: one model, or the models."""
    if report.model_id or figures.headline["models"].value == 1:
        return "Mô hình"
    return "Các mô hình"


def subject_of(report) -> str:
    """What the report reviews, as its sentences name it."""
    if report.model_id:
        return f"mô hình “{report.model.name}”"
    if report.model_type_id:
        return f"mô hình “{report.model_type.name}”"
    return "mô hình phòng, chống tội phạm, tự quản về an ninh, trật tự"


# --- II.1 -------------------------------------------------------------------------------


def models_part(report, figures: Figures) -> dict:
    """The models and their members, coverage, new models, ratings; the table by type."""
    if report.model_id:
        return _part("models", _one_model(report, figures))
    h = figures.headline
    if not h["models"].value:
        return _part("models", [])
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
            f"{num(row['models'].value)} {row.label}{_with_members(row['members'].value)}"
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
            row["places"].value if "places" in row.figures else 0,
            row["members"].value,
            row["new"].value if "new" in row.figures else 0,
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
    return _part("models", text, tables)


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
    if one:
        grade = next((name for name, n in grades if n), None)
        if grade:
            text.append(f"Năm {figures.rating_year}, mô hình được đánh giá, xếp loại {grade}.")
    elif any(n for _name, n in grades):
        text.append(
            f"Kết quả đánh giá, xếp loại năm {figures.rating_year}: "
            + ", ".join(f"{num(n)} mô hình xếp loại {name}" for name, n in grades if n)
            + "."
        )
    return text


# --- II.2 -------------------------------------------------------------------------------


def patrols_part(report, figures: Figures) -> dict:
    """Patrol shifts and participant turns; the monthly chart."""
    h = figures.headline
    if not h["shifts"].value:
        return _part("patrols", [])
    sentence = (
        f"{actors(report, figures)} đã tổ chức {num(h['shifts'].value)} ca tuần tra với "
        f"{num(h['turns'].value)} lượt thành viên tham gia"
    )
    change = (
        changes_phrase([h["shifts"], h["turns"]], nouns=["ca", "lượt thành viên"])
        if compares(figures, "patrols")
        else ""
    )
    if change:
        sentence += f" ({change} {versus(figures)})"
    trend = figures.trend
    charts = []
    if 1 < len(trend) <= 24:
        charts.append(
            bar_chart(
                "Số ca tuần tra và số vụ việc theo tháng",
                [_month(row.key) for row in trend],
                [
                    ("Ca tuần tra", [row["shifts"].value for row in trend]),
                    ("Vụ việc", [row["incidents"].value for row in trend]),
                ],
            )
        )
    return _part("patrols", [sentence + "."], charts=charts)


def _month(key) -> tuple[str, str]:
    day = datetime.date.fromisoformat(str(key))
    return f"{day.month:02d}", str(day.year)


# --- II.3 -------------------------------------------------------------------------------


def incidents_part(report, figures: Figures) -> dict:
    """Incidents by category and outcome, notable changes, tip-offs, items; their tables."""
    h = figures.headline
    categories = [row for row in figures.incidents_by_category if row["incidents"].value]
    text = []
    if h["incidents"].value:
        sentence = (
            f"Qua hoạt động, {lower_first(actors(report, figures))} đã phát hiện, phối hợp "
            f"giải quyết {num(h['incidents'].value)} vụ việc"
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
            (f"số {_incident_kind(row.label)}", row["incidents"], "vụ")
            for row in figures.incidents_by_category
        ],
        versus(figures),
        total=h["incidents"],
        fall_is_good=True,
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
    if items:
        text.append(
            "Vận động Nhân dân giao nộp, thu giữ "
            + _joined(
                [phrases.ITEMS[row.key].format(n=num(row["quantity"].value)) for row in items]
            )
            + "."
        )
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
    return _part("incidents", text, _incident_tables(figures))


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


def _incident_tables(figures: Figures) -> list[dict]:
    """The incidents by category and the items collected; their comparison columns only when
    the comparison period recorded incidents."""
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
                "title": "Vụ việc theo loại",
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
                "title": "Vũ khí, vật liệu nổ, tang vật thu giữ",
                **table(
                    ["Loại", "Đơn vị tính", "Trong kỳ"] + ([short] if compared else []),
                    rows,
                    widths=[46, 18, 18, 18] if compared else [56, 22, 22],
                ),
            }
        )
    return tables


# --- II.4 -------------------------------------------------------------------------------


def cameras_part(report, figures: Figures) -> dict:
    """The camera networks by kind and funding; their table."""
    h = figures.headline
    if not h["cameras"].value:
        return _part("cameras", [])
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
    return _part("cameras", text, tables)


# --- II.5 -------------------------------------------------------------------------------


def recipients_phrase(collective: int, individual: int, joiner: str = " và ") -> str:
    """ "2 tập thể và 1 cá nhân" ("191 tập thể, 385 cá nhân" with ``joiner=", "``);
    "3 cá nhân"."""
    parts = []
    if collective:
        parts.append(f"{num(collective)} tập thể")
    if individual:
        parts.append(f"{num(individual)} cá nhân")
    return joiner.join(parts)


def commendations_part(figures: Figures, conferred: dict | None) -> dict:
    """ "Với những thành tích trên, các cấp đã kịp thời khen thưởng, động viên cho 191 tập thể,
    385 cá nhân, trong đó Bộ trưởng Bộ Công an khen thưởng cho 2 tập thể và 1 cá nhân", as
    the seeds write it; those commended at the conference; the table by form and issuer."""
    h = figures.headline
    collective, individual = h["awards_collective"].value, h["awards_individual"].value
    text = []
    if collective or individual:
        sentence = (
            "Với những thành tích trên, trong kỳ các cấp đã kịp thời khen thưởng, động viên "
            f"cho {recipients_phrase(collective, individual, joiner=', ')}"
        )
        by_issuer = [
            f"{phrases.ISSUERS.get(row.key, row.label)} khen thưởng cho "
            + recipients_phrase(row["collective"].value, row["individual"].value)
            for row in figures.awards_by_issuer
            if row["collective"].value or row["individual"].value
        ]
        if len(by_issuer) > 1:
            sentence += ", trong đó " + "; ".join(by_issuer)
        elif by_issuer:
            issuer = next(
                phrases.ISSUERS.get(row.key, row.label)
                for row in figures.awards_by_issuer
                if row["collective"].value or row["individual"].value
            )
            sentence += f", do {issuer} khen thưởng"
        text.append(sentence + ".")
    text += change_sentences(
        [
            ("số tập thể được khen thưởng", h["awards_collective"], ""),
            ("số cá nhân được khen thưởng", h["awards_individual"], ""),
        ]
        if compares(figures, "commendations")
        else [],
        versus(figures),
        total=Stat(
            0, (h["awards_collective"].previous or 0) + (h["awards_individual"].previous or 0)
        ),
    )
    if conferred and (conferred["collective"] or conferred["individual"]):
        text.append(
            "Tại Hội nghị, có "
            + recipients_phrase(conferred["collective"], conferred["individual"])
            + " có thành tích xuất sắc được biểu dương, khen thưởng."
        )
    rows = []
    for heading, group, names in (
        ("Theo hình thức", figures.awards_by_form, phrases.AWARD_FORMS),
        ("Theo cấp khen thưởng", figures.awards_by_issuer, phrases.ISSUERS),
    ):
        lines = [
            [
                f"– {names.get(row.key, row.label)}",
                num(row["collective"].value),
                num(row["individual"].value),
            ]
            for row in group
            if row["collective"].value or row["individual"].value
        ]
        if lines:
            rows += [[heading, "", ""], *lines]
    tables = []
    if rows:
        tables.append(
            {
                "title": "Khen thưởng trong kỳ",
                **table(
                    ["", "Tập thể", "Cá nhân"],
                    rows,
                    total=["Tổng cộng", num(collective), num(individual)],
                    widths=[60, 20, 20],
                ),
            }
        )
    return _part("commendations", text, tables)
