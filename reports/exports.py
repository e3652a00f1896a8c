"""The figures of a dashboard as an .xlsx workbook: one sheet per table, the same numbers."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from reports.statistics import HEADLINE_LABELS, Figures, Row, Stat


def _change(stat: Stat) -> str:
    change = stat.change
    return change.text if change else ""


def _sheet(wb: Workbook, title: str, header: list[str], lines: list[list]) -> None:
    ws = wb.create_sheet(title[:31])
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        ws.column_dimensions[cell.column_letter].width = max(12, min(len(str(cell.value)) + 4, 60))
    for line in lines:
        ws.append(line)


def _stat_rows(rows: list[Row], name: str) -> list[list]:
    return [
        [row.label, row[name].value, row[name].previous, _change(row[name])]
        for row in rows
        if name in row.figures
    ]


def figures_xlsx(figures: Figures) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    compare = [_("This period"), _("Comparison period"), _("Change")]
    labels = HEADLINE_LABELS
    _sheet(
        wb,
        _("Summary"),
        [_("Figure"), *compare],
        [[_("Scope"), str(figures.scope)], [_("Period"), str(figures.period)]]
        + [[_("Comparison period"), str(figures.previous)]]
        + [
            [str(labels.get(name, name)), stat.value, stat.previous, _change(stat)]
            for name, stat in figures.headline.items()
        ],
    )
    _sheet(
        wb,
        _("Models by type"),
        [_("Model type"), _("Models"), _("Communes"), _("Members"), _("New")],
        [
            [
                row.label,
                row["models"].value,
                f"{row['places'].value}/{row.extra['communes_in_scope']}",
                row["members"].value,
                row["new"].value,
            ]
            for row in figures.models_by_type
        ],
    )
    _sheet(
        wb,
        _("Incidents by category"),
        [_("Category"), *compare],
        _stat_rows(figures.incidents_by_category, "incidents"),
    )
    _sheet(
        wb,
        _("Incidents by outcome"),
        [_("Outcome"), *compare],
        _stat_rows(figures.incidents_by_outcome, "incidents"),
    )
    _sheet(wb, _("Items collected"), [_("Item"), *compare], _stat_rows(figures.items, "quantity"))
    _sheet(
        wb,
        _("Cameras"),
        [_("Kind"), *compare],
        _stat_rows(figures.cameras_by_kind, "cameras")
        + _stat_rows(figures.cameras_by_funding, "cameras"),
    )
    award_header = [_("Collectives"), _("Individuals")]
    _sheet(
        wb,
        _("Commendations"),
        [_("Form or issuer"), *award_header],
        [
            [row.label, row["collective"].value, row["individual"].value]
            for row in figures.awards_by_form + figures.awards_by_issuer
        ],
    )
    _sheet(
        wb,
        _("By month"),
        [_("Month"), _("Shifts"), _("Participant turns"), _("Incidents")],
        [
            [r.label, r["shifts"].value, r["turns"].value, r["incidents"].value]
            for r in figures.trend
        ],
    )
    if figures.breakdown:
        names = ["models", "members", "shifts", "turns", "incidents"]
        _sheet(
            wb,
            _("Communes") if figures.scope.breakdown == "commune" else _("Models"),
            [
                _("Name"),
                _("Models"),
                _("Members"),
                _("Shifts"),
                _("Participant turns"),
                _("Incidents"),
                _("Last shift"),
            ],
            [
                [row.label]
                + [row.figures[n].value if n in row.figures else 0 for n in names]
                + [row.extra.get("last_shift")]
                for row in figures.breakdown
            ],
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
