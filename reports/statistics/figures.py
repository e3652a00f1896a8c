"""The engine's results: a figure with its comparison figure (``Stat``), a labelled line of
figures (``Row``), and everything one computation returns (``Figures``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from reports.statistics.periods import Comparison, Period
from reports.statistics.scope import Scope
from reports.statistics.wording import Change, Number, format_number


class UnknownFigure(LookupError):
    """A figure read by a name the engine never made. Not a ``KeyError``: Django's templates
    turn a ``KeyError`` into a blank, and a misspelled figure must not print as nothing."""


class FigureMap(dict):
    """A row's (or the headline's) figures by name; reading a name it does not have raises
    ``UnknownFigure`` — in Python and in a template alike."""

    owner = ""

    def __missing__(self, name):
        raise UnknownFigure(
            f"{self.owner or 'the figures'} have no figure {name!r} (only {', '.join(self)})"
        )


def figure_map(figures: dict, owner: str) -> FigureMap:
    found = figures if isinstance(figures, FigureMap) else FigureMap(figures)
    found.owner = owner
    return found


@dataclass
class Stat:
    """One figure with its comparison figure."""

    value: Number = 0
    previous: Number | None = None
    noun: str = ""

    @property
    def change(self) -> Change | None:
        if self.previous is None:
            return None
        return Change(self.value, self.previous, self.noun)

    def add(self, value: Number, previous: Number | None) -> None:
        self.value += value or 0
        if previous is not None:
            self.previous = (self.previous or 0) + previous

    def __str__(self) -> str:
        return format_number(self.value)

    def as_dict(self) -> dict:
        change = self.change
        return {
            "value": self.value,
            "previous": self.previous,
            "change": change.as_dict() if change else None,
        }


@dataclass
class Row:
    """A labelled line of a table of figures (a type, a category, a commune …)."""

    key: str | int
    label: str
    figures: dict[str, Stat] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.figures = figure_map(self.figures, repr(self.label))

    def __getitem__(self, name: str) -> Stat:
        # A KeyError here (not ``UnknownFigure``): a template's ``row.label`` tries
        # ``row["label"]`` first and must fall back to the attribute. ``row.figures.x`` in a
        # template, and ``row["x"]`` in Python, still fail on a figure the row does not have.
        try:
            return self.figures[name]
        except UnknownFigure as missing:
            raise KeyError(str(missing)) from None

    def new(self, name: str, noun: str = "", compare: bool = True) -> Stat:
        """Declare a figure of this row (zero until added to); reading one that was never
        declared raises, so a misspelled name cannot show as a zero."""
        if name not in self.figures:
            self.figures[name] = Stat(0, 0 if compare else None, noun)
        return self.figures[name]

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            **{name: stat.as_dict() for name, stat in self.figures.items()},
            **{name: _plain(value) for name, value in self.extra.items()},
        }


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@dataclass
class Figures:
    """Everything one computation returns: the scope, the period and what it is compared with
    (``comparison``: kind, period, ``label`` and ``short_label`` for every place that prints
    a comparison figure), and the figures, each with its comparison figure."""

    scope: Scope
    period: Period
    comparison: Comparison
    headline: dict[str, Stat] = field(default_factory=dict)
    models_by_type: list[Row] = field(default_factory=list)
    members_by_role: list[Row] = field(default_factory=list)
    ratings: list[Row] = field(default_factory=list)
    ratings_by_scale: list[Row] = field(default_factory=list)
    rating_year: int = 0
    trend: list[Row] = field(default_factory=list)
    incidents_by_category: list[Row] = field(default_factory=list)
    incidents_by_outcome: list[Row] = field(default_factory=list)
    incidents_by_detection: list[Row] = field(default_factory=list)
    items: list[Row] = field(default_factory=list)
    cameras_by_kind: list[Row] = field(default_factory=list)
    cameras_by_funding: list[Row] = field(default_factory=list)
    awards_by_form: list[Row] = field(default_factory=list)
    awards_by_issuer: list[Row] = field(default_factory=list)
    breakdown: list[Row] = field(default_factory=list)
    communes_in_scope: int = 0

    def __post_init__(self) -> None:
        self.headline = figure_map(self.headline, "the headline")

    @property
    def previous(self) -> Period:
        """The comparison period."""
        return self.comparison.period

    def as_dict(self) -> dict:
        rows = lambda rows: [row.as_dict() for row in rows]  # noqa: E731
        return {
            "scope": self.scope.as_dict(),
            "period": {"start": self.period.start, "end": self.period.end},
            "comparison": self.comparison.as_dict(),
            "communes_in_scope": self.communes_in_scope,
            "headline": {name: stat.as_dict() for name, stat in self.headline.items()},
            "models_by_type": rows(self.models_by_type),
            "members_by_role": rows(self.members_by_role),
            "rating_year": self.rating_year,
            "ratings": rows(self.ratings),
            "ratings_by_scale": rows(self.ratings_by_scale),
            "trend": rows(self.trend),
            "incidents_by_category": rows(self.incidents_by_category),
            "incidents_by_outcome": rows(self.incidents_by_outcome),
            "incidents_by_detection": rows(self.incidents_by_detection),
            "items": rows(self.items),
            "cameras_by_kind": rows(self.cameras_by_kind),
            "cameras_by_funding": rows(self.cameras_by_funding),
            "awards_by_form": rows(self.awards_by_form),
            "awards_by_issuer": rows(self.awards_by_issuer),
            "breakdown": rows(self.breakdown),
        }
