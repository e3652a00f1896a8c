"""Chart data drawn from the engine's figures (Chart.js reads it from a JSON script tag)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from models_registry.models import Rating
from reports.statistics import Figures

TOP_CATEGORIES = 10
RATING_COLOURS = {
    "good": "#198754",
    "average": "#ffc107",
    "weak": "#dc3545",
    "done_well": "#0f5132",
    "done": "#20c997",
    "not_done": "#b02a37",
    "not_eligible": "#dee2e6",
    "unrated": "#adb5bd",
}


def _wrap(label: str, width: int = 26) -> list[str] | str:
    """Long category names on two or more lines, so a phone shows them whole."""
    if len(label) <= width:
        return label
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def dashboard_charts(figures: Figures) -> dict:
    trend = figures.trend
    # Months that have not begun yet are gaps, not zeros.
    this_month = timezone.localdate().replace(day=1).isoformat()

    def monthly(name: str) -> list:
        return [row[name].value if row.key <= this_month else None for row in trend]

    categories = [row for row in figures.incidents_by_category if row["incidents"].value]
    shown, rest = categories[:TOP_CATEGORIES], categories[TOP_CATEGORIES:]
    category_labels = [_wrap(row.label) for row in shown]
    category_values = [row["incidents"].value for row in shown]
    if rest:
        category_labels.append(_("Other categories"))
        category_values.append(sum(row["incidents"].value for row in rest))
    # The values of the scales in use (each type on its own scale), then those not yet
    # eligible (statutory teams under nine months) and those not rated.
    values = [
        (value, label)
        for value, label in Rating.choices
        if any(value in row.figures for row in figures.ratings_by_scale)
    ]
    if any(row["not_eligible"].value for row in figures.ratings):
        values.append(("not_eligible", _("Not yet eligible for a rating")))
    ratings = [
        {
            "label": str(label),
            "data": [row[value].value for row in figures.ratings],
            "backgroundColor": RATING_COLOURS[value],
        }
        for value, label in [*values, ("unrated", _("Not rated"))]
    ]
    return {
        "trend": {
            "labels": [row.label for row in trend],
            "datasets": [
                {"label": _("Shifts"), "data": monthly("shifts")},
                {"label": _("Incidents"), "data": monthly("incidents")},
            ],
        },
        "categories": {"labels": category_labels, "data": category_values},
        "ratings": {
            "labels": [_wrap(row.label, 32) for row in figures.ratings],
            "datasets": ratings,
            "title": _("Models by type and rating, %(year)s") % {"year": figures.rating_year},
        },
    }


def rating_summary(figures: Figures) -> list[dict]:
    """The ratings of the year by scale, as the dashboard lists them ("Hoàn thành tốt nhiệm
    vụ 12, Hoàn thành nhiệm vụ 30, … chưa đủ điều kiện xếp loại 4")."""
    labels = dict(Rating.choices) | {
        "unrated": _("Not rated yet"),
        "not_eligible": _("Not yet eligible (under nine months)"),
    }
    return [
        {
            "scale": row.label,
            "values": [
                {"key": name, "label": str(labels[name]), "value": stat.value}
                for name, stat in row.figures.items()
                if name != "not_eligible" or stat.value
            ],
        }
        for row in figures.ratings_by_scale
    ]
