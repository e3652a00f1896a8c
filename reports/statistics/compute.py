"""``compute``: every figure of a scope and a period, with its comparison figure, family by
family. The number of queries is fixed: it does not grow with the data."""

from __future__ import annotations

import dataclasses

from reports.statistics import awards, cameras, patrols, registry
from reports.statistics.figures import Figures
from reports.statistics.frame import Frame, breakdown_rows
from reports.statistics.periods import Period, comparison_period
from reports.statistics.scope import Scope, as_user


@as_user
def compute(user, scope: Scope, period: Period, *, comparison: str | None = None) -> Figures:
    """All figures for ``scope`` and ``period`` with their comparison figures; ``comparison``
    asks for ``Comparison.BEFORE_ESTABLISHED`` (one model), otherwise the one rule applies."""
    compared_with = comparison_period(period, comparison, scope.model)
    frame = Frame(user, scope, period, compared_with.period, compared_with.kind)
    figures = Figures(scope=scope, period=period, comparison=compared_with)
    breakdown = breakdown_rows(frame, figures)
    registry.models_by_type(frame, figures, breakdown)
    registry.members(frame, figures, breakdown)
    registry.ratings(frame, figures)
    patrols.shifts(frame, figures, breakdown)
    patrols.incidents(frame, figures, breakdown)
    patrols.cases_solved(frame, figures)
    cameras.cameras(frame, figures)
    awards.commendations(frame, figures)
    figures.breakdown = list(breakdown.values())
    if frame.area_wide:
        only_the_area_compared(figures)
    return figures


# A model compared with the time before it was set up: what is counted over its commune in
# both periods (``Frame.area_wide``) keeps its comparison figure.
AREA_HEADLINE = {
    "incidents",
    "tip_offs",
    "camera_incidents",
    "mediated",
    "cases_solved",
    "suspects_arrested",
}
AREA_ROWS = {"incidents_by_category", "incidents_by_outcome", "incidents_by_detection", "items"}


def only_the_area_compared(figures: Figures) -> None:
    """The model's own figures (its members, shifts, cameras, awards …) have nothing to be
    compared with before the model existed — against the commune's other teams then they would
    read as a fall or a rise that never happened: they are left without a comparison."""
    for name, stat in figures.headline.items():
        if name not in AREA_HEADLINE:
            stat.previous = None
    for field in dataclasses.fields(figures):
        rows = getattr(figures, field.name)
        if field.name in AREA_ROWS or not isinstance(rows, list):
            continue
        for row in rows:
            for stat in getattr(row, "figures", {}).values():
                stat.previous = None
