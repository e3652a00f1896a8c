"""``compute``: every figure of a scope and a period, with its comparison figure, family by
family. The number of queries is fixed: it does not grow with the data."""

from __future__ import annotations

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
    return figures
