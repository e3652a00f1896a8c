"""The figures of a dashboard as .xlsx sheets: one sheet per table, the same numbers."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from areas.base.xlsx import Sheet
from reports.statistics import HEADLINE_LABELS, Figures, Row, Stat


def _change(stat: Stat) -> str:
    change = stat.change
    return change.text if change else ""


def _stat_rows(rows: list[Row], name: str) -> list[list]:
    return [[row.label, row[name].value, row[name].previous, _change(row[name])] for row in rows]


def figures_sheets(figures: Figures) -> list[Sheet]:
    """The dashboard's tables, one sheet each, with the same numbers as the page."""
    # The comparison column is headed by what it is ("Cùng kỳ 2024", "02 năm trước").
    compare = [_("This period"), figures.comparison.short_label, pgettext("comparison", "Change")]
    headline = [
        [str(HEADLINE_LABELS[name]), stat.value, stat.previous, _change(stat)]
        for name, stat in figures.headline.items()
    ]
    sheets = [
        Sheet(
            _("Summary"),
            [_("Figure"), *compare],
            [
                [_("Scope"), str(figures.scope)],
                [_("Period"), str(figures.period)],
                [_("Comparison"), figures.comparison.label],
                [_("Comparison period"), str(figures.previous)],
                *headline,
            ],
        ),
        Sheet(
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
        ),
        Sheet(
            _("Incidents by category"),
            [_("Category"), *compare],
            _stat_rows(figures.incidents_by_category, "incidents"),
        ),
        Sheet(
            _("Incidents by outcome"),
            [_("Outcome"), *compare],
            _stat_rows(figures.incidents_by_outcome, "incidents"),
        ),
        Sheet(_("Items collected"), [_("Item"), *compare], _stat_rows(figures.items, "quantity")),
        Sheet(
            _("Cameras"),
            [_("Kind"), *compare],
            _stat_rows(figures.cameras_by_kind, "cameras")
            + _stat_rows(figures.cameras_by_funding, "cameras"),
        ),
        Sheet(
            _("Commendations"),
            [_("Form or issuer"), _("Collectives"), _("Individuals")],
            [
                [row.label, row["collective"].value, row["individual"].value]
                for row in figures.awards_by_form + figures.awards_by_issuer
            ],
        ),
        Sheet(
            _("By month"),
            [_("Month"), _("Shifts"), _("Participant turns"), _("Incidents")],
            [
                [r.label, r["shifts"].value, r["turns"].value, r["incidents"].value]
                for r in figures.trend
            ],
        ),
    ]
    if figures.breakdown:
        names = ["models", "members", "shifts", "turns", "incidents"]
        sheets.append(
            Sheet(
                {"province": _("Provinces"), "commune": _("Communes")}.get(
                    figures.scope.breakdown, _("Models")
                ),
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
                    [row.label] + [row[n].value for n in names] + [row.extra.get("last_shift")]
                    for row in figures.breakdown
                ],
            )
        )
    return sheets
