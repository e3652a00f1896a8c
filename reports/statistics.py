"""The one statistics engine.

Every figure the portal shows — dashboards, the statistics API, exports, the review reports —
is computed here, by ``compute(user, scope, period)``. Each query starts from the model's
scoped manager (``for_user``) and the scope's unit (``in_unit``), so a figure can never reach
outside what the user may see. Soft-deleted rows are left out by the managers, and rows of a
deactivated model are left out with it.

Counting rules (as the seeds and Hướng dẫn 22/HD-BCA-V05 count):

- a model counts while it exists: established on or before the day, not dissolved before it;
  figures "at the end of the period" are counted on its last day;
- members are the persons serving in a model on that day, counted once in each model they serve
  (a person in two teams counts in both, as the seeds add up team sizes);
- coverage (số nơi nhân rộng) is the communes with at least one model of the type, out of the
  communes in scope;
- a shift counts on the day it starts (its ``day``), however late it ends; participant turns are
  the member × shift rows (``Shift.turns``, kept by the database);
- an incident counts on the day it occurred; tip-offs are incidents detected by a public
  tip-off; camera detections are incidents detected through a camera;
- cameras count when installed on or before the day and not removed;
- a commendation counts on its decision date, once for each recipient the decision names
  (collective or individual); for one model, the awards to that model.

Each figure comes with its comparison (``Stat.previous``): the same period a year earlier
(so với cùng kỳ), or for one model the period of the same length before it was established,
counted in its commune. The number of queries is fixed: it does not grow with the data.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, TruncMonth
from django.http import Http404
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, npgettext

from areas.models import Area, AreaLevel
from areas.scoping import scoped_to
from awards.models import (
    COLLECTIVE_KINDS,
    Award,
    AwardForm,
    Issuer,
    RecipientType,
    recipient_type_q,
)
from models_registry.models import (
    Camera,
    CameraFunding,
    CameraKind,
    CameraStatus,
    GrassrootsModel,
    MemberRole,
    Membership,
    ModelCategory,
    ModelType,
    Rating,
)
from patrols.models import (
    DetectedBy,
    Incident,
    IncidentCategory,
    ItemCounts,
    Outcome,
    Shift,
    ShiftMonth,
)
from reports.periods import Period

Number = int | Decimal

# Nouns the change is worded with ("tăng 12 vụ"): noun key → (singular, plural) callable.
NOUNS = {
    "incident": lambda n: npgettext("counted", "incident", "incidents", n),
    "shift": lambda n: npgettext("counted", "shift", "shifts", n),
    "turn": lambda n: npgettext("counted", "turn", "turns", n),
    "model": lambda n: npgettext("counted", "model", "models", n),
    "member": lambda n: npgettext("counted", "member", "members", n),
    "camera": lambda n: npgettext("counted", "camera", "cameras", n),
    "collective": lambda n: npgettext("counted", "collective", "collectives", n),
    "individual": lambda n: npgettext("counted", "individual", "individuals", n),
    "commune": lambda n: npgettext("counted", "commune", "communes", n),
    "kg": lambda n: "kg",
    "g": lambda n: "g",
    "item": lambda n: npgettext("counted", "item", "items", n),
}


# Labels of the headline figures, shared by dashboards, exports and reports.
HEADLINE_LABELS = {
    "models": gettext_lazy("Models"),
    "new_models": gettext_lazy("New models"),
    "communes_with_models": gettext_lazy("Communes with models"),
    "members": gettext_lazy("Members"),
    "rated_good": gettext_lazy("Rated good"),
    "rated_average": gettext_lazy("Rated average"),
    "rated_weak": gettext_lazy("Rated weak"),
    "shifts": gettext_lazy("Patrol shifts"),
    "turns": gettext_lazy("Participant turns"),
    "incidents": gettext_lazy("Incidents"),
    "tip_offs": gettext_lazy("Tip-offs"),
    "camera_incidents": gettext_lazy("Detected through cameras"),
    "mediated": gettext_lazy("Mediated successfully"),
    "cameras": gettext_lazy("Cameras"),
    "cameras_working": gettext_lazy("Cameras working"),
    "cameras_linked": gettext_lazy("Cameras linked to the police centre"),
    "awards_collective": gettext_lazy("Collectives commended"),
    "awards_individual": gettext_lazy("Individuals commended"),
}


def format_number(value: Number, decimals: int = 0) -> str:
    """1.684 and 12,5 in Vietnamese; trailing zero decimals dropped."""
    if isinstance(value, Decimal) and value == value.to_integral():
        value = int(value)
    if isinstance(value, int):
        return formats.number_format(value, force_grouping=True)
    text = formats.number_format(round(value, decimals or 2), decimals or 2, force_grouping=True)
    separator = formats.get_format("DECIMAL_SEPARATOR")
    return text.rstrip("0").rstrip(separator) if separator in text else text


@dataclass(frozen=True)
class Change:
    """The change from ``previous`` to ``current``, worded as the reports word it."""

    current: Number
    previous: Number
    noun: str = ""

    @property
    def diff(self) -> Number:
        return self.current - self.previous

    @property
    def direction(self) -> str:
        return "up" if self.diff > 0 else "down" if self.diff < 0 else "same"

    @property
    def percent(self) -> Decimal | None:
        """The change in percent of the comparison figure; None when that figure is zero."""
        if not self.previous:
            return None
        return (Decimal(abs(self.diff)) * 100 / Decimal(self.previous)).quantize(Decimal("0.1"))

    def _noun(self, n: Number) -> str:
        return NOUNS[self.noun](n) if self.noun else ""

    @property
    def count_text(self) -> str:
        """ "tăng 12 vụ", "giảm 3 ca", "không thay đổi"."""
        if self.direction == "same":
            return _("unchanged")
        amount = abs(self.diff)
        values = {"number": format_number(amount), "noun": self._noun(amount)}
        text = _("up %(number)s %(noun)s") if self.diff > 0 else _("down %(number)s %(noun)s")
        return (text % values).strip()

    @property
    def percent_text(self) -> str | None:
        """ "giảm 60%", "tăng 12,5%"; None when there is nothing to compare with."""
        if self.percent is None:
            return None
        if self.direction == "same":
            return _("unchanged")
        values = {"percent": format_number(self.percent, 1) + "%"}
        return (_("up %(percent)s") if self.diff > 0 else _("down %(percent)s")) % values

    @property
    def text(self) -> str:
        """ "giảm 3 vụ (60%)", or "tăng 12 vụ" when the comparison figure is zero."""
        if self.percent is None or self.direction == "same":
            return self.count_text
        return f"{self.count_text} ({format_number(self.percent, 1)}%)"

    def as_dict(self) -> dict:
        return {
            "diff": self.diff,
            "percent": self.percent,
            "direction": self.direction,
            "text": self.text,
            "percent_text": self.percent_text,
            "count_text": self.count_text,
        }


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


# --- scope -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What the figures cover: a unit (country, province or commune), optionally narrowed to
    one model or one model type."""

    unit: Area
    model: GrassrootsModel | None = None
    model_type: ModelType | None = None

    @property
    def is_model(self) -> bool:
        return self.model is not None

    @property
    def is_commune(self) -> bool:
        return self.unit.level == AreaLevel.COMMUNE

    @property
    def breakdown(self) -> str | None:
        """The rows of the breakdown table: communes of a larger unit, models of a commune."""
        if self.is_model:
            return None
        return "model" if self.is_commune else "commune"

    def __str__(self) -> str:
        if self.model is not None:
            return f"{self.model} ({self.unit.name})"
        if self.model_type is not None:
            return f"{self.model_type} — {self.unit.name}"
        return self.unit.name

    def as_dict(self) -> dict:
        return {
            "unit": {"id": self.unit.pk, "name": self.unit.name, "level": self.unit.level},
            "model": {"id": self.model.pk, "name": self.model.name} if self.model else None,
            "model_type": (
                {"id": self.model_type.pk, "name": self.model_type.name}
                if self.model_type
                else None
            ),
        }


def resolve_scope(user, *, unit=None, model=None, model_type=None) -> Scope:
    """The scope named by ids, checked through the scoping mechanism: a unit or a model the
    user may not see is a 404. Without a unit, the user's own unit."""
    model_obj = type_obj = None
    if model:
        model_obj = (
            GrassrootsModel.objects.for_user(user)
            .select_related("commune", "model_type")
            .filter(pk=model)
            .first()
        )
        if model_obj is None:
            raise Http404("No such model in your area.")
        unit_obj = model_obj.commune
    elif unit:
        unit_obj = (
            Area.objects.for_user(user)
            .filter(pk=unit, level__in=[AreaLevel.COUNTRY, AreaLevel.PROVINCE, AreaLevel.COMMUNE])
            .first()
        )
        if unit_obj is None:
            raise Http404("No such unit in your area.")
    else:
        unit_obj = getattr(user, "scope_unit", None) if user.is_authenticated else None
        if unit_obj is None:
            raise Http404("Your account has no area.")
    if model_type and model_obj is None:
        type_obj = ModelType.objects.filter(pk=model_type).first()
        if type_obj is None:
            raise Http404("No such model type.")
    return Scope(unit=unit_obj, model=model_obj, model_type=type_obj)


# --- figures -----------------------------------------------------------------------------


@dataclass
class Row:
    """A labelled line of a table of figures (a type, a category, a commune …)."""

    key: str | int
    label: str
    figures: dict[str, Stat] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def __getitem__(self, name: str) -> Stat:
        return self.figures[name]

    def stat(self, name: str, noun: str = "", compare: bool = True) -> Stat:
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
    scope: Scope
    period: Period
    previous: Period
    comparison: str
    headline: dict[str, Stat] = field(default_factory=dict)
    models_by_type: list[Row] = field(default_factory=list)
    members_by_role: list[Row] = field(default_factory=list)
    ratings: list[Row] = field(default_factory=list)
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

    def as_dict(self) -> dict:
        rows = lambda rows: [row.as_dict() for row in rows]  # noqa: E731
        return {
            "scope": self.scope.as_dict(),
            "period": {"start": self.period.start, "end": self.period.end},
            "comparison": {
                "kind": self.comparison,
                "start": self.previous.start,
                "end": self.previous.end,
            },
            "communes_in_scope": self.communes_in_scope,
            "headline": {name: stat.as_dict() for name, stat in self.headline.items()},
            "models_by_type": rows(self.models_by_type),
            "members_by_role": rows(self.members_by_role),
            "rating_year": self.rating_year,
            "ratings": rows(self.ratings),
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


class Comparison:
    YEAR_EARLIER = "year_earlier"
    BEFORE_ESTABLISHED = "before_established"


@dataclass
class _Frame:
    """What every query of one computation shares."""

    user: object
    scope: Scope
    period: Period
    previous: Period
    comparison: str
    # The communes of a multi-commune scope, once read (through ``for_user``): naming them
    # lets PostgreSQL estimate and read one index range per commune.
    commune_ids: list[int] | None = None

    def scoped(self, model, *, via_model: str | None = "model"):
        """``model``'s rows the user may see, inside the scope's unit and of live models.
        ``via_model`` is the lookup to the grassroots model ("" for the model itself)."""
        qs = model.objects.for_user(self.user).in_unit(self.scope.unit)
        if self.commune_ids is not None and model.scope_lookup == "commune":
            qs = qs.filter(commune_id__in=self.commune_ids)
        prefix = f"{via_model}__" if via_model else ""
        if via_model:
            # Rows of a deactivated model are left out. The deactivated models are few: an
            # anti-join on their ids costs less than joining every row to its model.
            deactivated = GrassrootsModel.all_objects.filter(deleted_at__isnull=False)
            qs = qs.exclude(**{f"{via_model}__in": deactivated.values("pk")})
        if self.scope.model_type is not None:
            qs = qs.filter(**{f"{prefix}model_type": self.scope.model_type})
        return qs

    def model_filter(self, via_model: str = "model") -> Q:
        if self.scope.model is None:
            return Q()
        return Q(**{via_model: self.scope.model}) if via_model else Q(pk=self.scope.model.pk)

    def days(self) -> tuple[Q, Q]:
        """Conditions for rows counted in the period and in the comparison period."""
        return self._conditions(
            [(self.period.start, self.period.end)], [(self.previous.start, self.previous.end)]
        )

    def _conditions(self, current_ranges, previous_ranges, field: str = "day") -> tuple[Q, Q]:
        def any_of(ranges) -> Q:
            q = Q(pk__in=[])
            for start, end in ranges:
                q |= Q(**{f"{field}__range": (start, end)})
            return q

        current = any_of(current_ranges) & self.model_filter()
        previous = any_of(previous_ranges)
        if self.comparison != Comparison.BEFORE_ESTABLISHED:
            previous &= self.model_filter()
        return current, previous

    def hull(self, field: str = "day") -> Q:
        """One range around both periods, so that PostgreSQL reads one index range."""
        start = min(self.period.start, self.previous.start)
        end = max(self.period.end, self.previous.end)
        return Q(**{f"{field}__range": (start, end)})

    def month_split(self) -> tuple[tuple[Q, Q], tuple[Q, Q]]:
        """Conditions on ``ShiftMonth.month`` for the whole months of both periods, and on
        ``Shift.day`` for the days at their edges."""
        current_months, current_edges = self.period.split()
        previous_months, previous_edges = self.previous.split()
        months = self._conditions(
            [current_months] if current_months else [],
            [previous_months] if previous_months else [],
            field="month",
        )
        return months, self._conditions(current_edges, previous_edges)


def _grouping_sets(qs, columns: dict, sets: list[tuple[str, ...]], sums: dict) -> list[dict]:
    """Group ``qs`` by several sets of ``columns`` in one query (GROUP BY GROUPING SETS): the
    breakdown by commune and the trend by month come from one scan as a few hundred rows,
    not as every commune × month combination.

    ``columns``: alias → lookup or expression. ``sums``: output name → (integer field to add
    up, or None to count rows; condition or None). Each row says which set it belongs to in
    ``"set"`` (an index into ``sets``); the scoping of ``qs`` is kept, as its SQL is the
    inner query.
    """
    values = {
        f"g_{alias}": F(column) if isinstance(column, str) else column
        for alias, column in columns.items()
    }
    for name, (summed, condition) in sums.items():
        value = F(summed) if summed else Cast(Value(1), IntegerField())
        # Cast, so that a condition no row can meet (an empty period edge) is a typed NULL.
        values[f"v_{name}"] = (
            Cast(Case(When(condition, then=value)), IntegerField()) if condition else value
        )
    inner = qs.order_by().values(**values)
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:
        return []
    names = list(columns)
    grouping = ", ".join(f'"g_{n}"' for n in names)
    select = ", ".join(
        [*(f'"g_{n}" AS "{n}"' for n in names), f"GROUPING({grouping}) AS grouping_bits"]
        + [f'SUM("v_{name}") AS "{name}"' for name in sums]
    )
    group_sets = ", ".join("(" + ", ".join(f'"g_{n}"' for n in group) + ")" for group in sets)
    bits = {
        sum(1 << (len(names) - 1 - i) for i, n in enumerate(names) if n not in group): index
        for index, group in enumerate(sets)
    }
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {select} FROM ({sql}) AS grouped GROUP BY GROUPING SETS ({group_sets})",
            params,
        )
        header = [col.name for col in cursor.description]
        rows = []
        for record in cursor.fetchall():
            row = dict(zip(header, record, strict=True))
            row["set"] = bits[row.pop("grouping_bits")]
            for name in names:
                if isinstance(row[name], datetime.datetime):  # date_trunc of a date column
                    row[name] = row[name].date()
            for name in sums:
                row[name] = row[name] or 0
            rows.append(row)
    return rows


def _alive_on(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}established_on__lte": day}) & (
        Q(**{f"{prefix}dissolved_on__isnull": True}) | Q(**{f"{prefix}dissolved_on__gte": day})
    )


def _serving_on(day: datetime.date) -> Q:
    return (
        Q(joined_on__lte=day)
        & (Q(left_on__isnull=True) | Q(left_on__gte=day))
        & _alive_on(day, "model__")
    )


def as_user(function):
    """The engine's entry points read as ``user`` (``scoped_to``): every query, subqueries
    included, stays inside the user's unit, whoever calls (a request, a task)."""

    @functools.wraps(function)
    def entry(user, *args, **kwargs):
        with scoped_to(user):
            return function(user, *args, **kwargs)

    return entry


@as_user
def compute(user, scope: Scope, period: Period, *, comparison: str | None = None) -> Figures:
    """All figures for ``scope`` and ``period`` with their comparison figures."""
    comparison = comparison or Comparison.YEAR_EARLIER
    if comparison == Comparison.BEFORE_ESTABLISHED and scope.model is not None:
        previous = period.before(scope.model.established_on)
    else:
        comparison = Comparison.YEAR_EARLIER
        previous = period.year_earlier()
    frame = _Frame(user, scope, period, previous, comparison)
    figures = Figures(scope=scope, period=period, previous=previous, comparison=comparison)
    breakdown = _breakdown_rows(frame, figures)
    _models(frame, figures, breakdown)
    _members(frame, figures, breakdown)
    _ratings(frame, figures)
    _shifts(frame, figures, breakdown)
    _incidents(frame, figures, breakdown)
    _cameras(frame, figures)
    _awards(frame, figures)
    figures.breakdown = list(breakdown.values())
    return figures


def _breakdown_rows(frame: _Frame, figures: Figures) -> dict:
    """Rows of the breakdown table (communes of a unit, or models of a commune) with the day
    of their last shift; also counts the communes in scope. One query."""
    scope = frame.scope
    if scope.breakdown == "commune":
        last = Shift.objects.filter(commune=OuterRef("pk"), model__deleted_at__isnull=True)
        rows = (
            Area.objects.for_user(frame.user)
            .in_unit(scope.unit)
            .communes()
            .current()
            .annotate(last_shift=Subquery(last.order_by("-day").values("day")[:1]))
            .order_by("name")
            .values("pk", "name", "last_shift")
        )
        result = {
            row["pk"]: Row(row["pk"], row["name"], extra={"last_shift": row["last_shift"]})
            for row in rows
        }
        figures.communes_in_scope = len(result)
        frame.commune_ids = list(result)
        return result
    figures.communes_in_scope = 1
    if scope.breakdown == "model":
        last = Shift.objects.filter(model=OuterRef("pk"))
        rows = (
            frame.scoped(GrassrootsModel, via_model="")
            .annotate(last_shift=Subquery(last.order_by("-day").values("day")[:1]))
            .order_by("model_type__sort_order", "name")
            .values("pk", "name", "model_type__name", "last_shift", "established_on")
        )
        return {
            row["pk"]: Row(
                row["pk"],
                row["name"],
                extra={
                    "type": row["model_type__name"],
                    "last_shift": row["last_shift"],
                    "established_on": row["established_on"],
                },
            )
            for row in rows
        }
    return {}


def _breakdown_key(frame: _Frame) -> str | None:
    return {"commune": "commune_id", "model": "model_id"}.get(frame.scope.breakdown or "")


def _models(frame: _Frame, figures: Figures, breakdown: dict) -> None:
    """Models by type (teams), new ones, places replicated (communes) and coverage."""
    end, prev_end = frame.period.end, frame.previous.end
    qs = (
        frame.scoped(GrassrootsModel, via_model="")
        .filter(frame.model_filter(via_model=""))
        .annotate(
            # The rating of the year the period ends in (one per model and year).
            year_rating=FilteredRelation(
                "ratings",
                condition=Q(ratings__year=end.year, ratings__deleted_at__isnull=True),
            )
        )
    )
    ratings = {
        f"rated_{value}": Count("pk", filter=Q(year_rating__rating=value))
        for value in Rating.values
    }
    rows = (
        qs.values(
            "commune_id",
            "model_type_id",
            "model_type__name",
            "model_type__category",
            "model_type__sort_order",
        )
        .annotate(
            now=Count("pk", filter=_alive_on(end)),
            before=Count("pk", filter=_alive_on(prev_end)),
            new=Count("pk", filter=Q(established_on__range=(frame.period.start, end))),
            new_before=Count(
                "pk", filter=Q(established_on__range=(frame.previous.start, prev_end))
            ),
            **ratings,
        )
        .order_by("model_type__sort_order", "model_type__name")
    )
    by_type: dict[int, Row] = {}
    places: dict[int, list[set]] = {}
    total = Stat(0, 0, "model")
    new = Stat(0, 0, "model")
    for row in rows:
        type_row = by_type.get(row["model_type_id"])
        if type_row is None:
            type_row = by_type[row["model_type_id"]] = Row(
                row["model_type_id"],
                row["model_type__name"],
                extra={"category": row["model_type__category"]},
            )
            type_row.stat("models", "model")
            type_row.stat("new", "model")
            type_row.stat("members", "member")
            places[row["model_type_id"]] = [set(), set()]
        type_row["models"].add(row["now"], row["before"])
        for name in ratings:
            type_row.extra[name] = type_row.extra.get(name, 0) + row[name]
        type_row["new"].add(row["new"], row["new_before"])
        total.add(row["now"], row["before"])
        new.add(row["new"], row["new_before"])
        if row["now"]:
            places[row["model_type_id"]][0].add(row["commune_id"])
        if row["before"]:
            places[row["model_type_id"]][1].add(row["commune_id"])
        if frame.scope.breakdown == "commune" and row["commune_id"] in breakdown:
            breakdown[row["commune_id"]].stat("models", "model").add(row["now"], row["before"])
    for type_id, type_row in by_type.items():
        now, before = places[type_id]
        type_row.figures["places"] = Stat(len(now), len(before), "commune")
        type_row.extra["communes_in_scope"] = figures.communes_in_scope
        type_row.extra["coverage_percent"] = (
            round(100 * len(now) / figures.communes_in_scope, 1) if figures.communes_in_scope else 0
        )
    figures.models_by_type = list(by_type.values())
    figures.headline["models"] = total
    figures.headline["new_models"] = new
    figures.headline["communes_with_models"] = Stat(
        len(set().union(*(p[0] for p in places.values()))),
        len(set().union(*(p[1] for p in places.values()))),
        "commune",
    )


def _members(frame: _Frame, figures: Figures, breakdown: dict) -> None:
    """Members serving at the end of the period, by model type and role (one query)."""
    end, prev_end = frame.period.end, frame.previous.end
    qs = frame.scoped(Membership).filter(frame.model_filter(), joined_on__lte=max(end, prev_end))
    key = {"commune_id": "model__commune_id", "model_id": "model_id"}.get(_breakdown_key(frame))
    columns = {"type": "model__model_type_id", "role": "role"} | ({"key": key} if key else {})
    sets = [("type", "role")] + ([("key",)] if key else [])
    rows = _grouping_sets(
        qs,
        columns,
        sets,
        {"now": (None, _serving_on(end)), "before": (None, _serving_on(prev_end))},
    )
    by_type = {row.key: row for row in figures.models_by_type}
    roles = {value: Row(value, str(label)) for value, label in MemberRole.choices}
    total = Stat(0, 0, "member")
    for row in rows:
        now, before = row["now"], row["before"]
        if row["set"] == 1:
            if row["key"] in breakdown:
                breakdown[row["key"]].stat("members", "member").add(now, before)
            continue
        total.add(now, before)
        roles[row["role"]].stat("members", "member").add(now, before)
        type_row = by_type.get(row["type"])
        if type_row is not None:
            type_row["members"].add(now, before)
            type_row.stat(row["role"], "member").add(now, before)
    for row in roles.values():
        row.stat("members", "member")
    figures.members_by_role = list(roles.values())
    figures.headline["members"] = total


def _ratings(frame: _Frame, figures: Figures) -> None:
    """Yearly ratings (Tốt / Trung bình / Yếu) of the year the period ends in, by model type;
    counted by the models query."""
    figures.rating_year = frame.period.end.year
    ratings = []
    for type_row in figures.models_by_type:
        row = Row(type_row.key, type_row.label)
        rated = 0
        for value in Rating.values:
            n = type_row.extra.pop(f"rated_{value}", 0)
            row.figures[value] = Stat(n, None, "model")
            rated += n
        row.figures["unrated"] = Stat(max(type_row["models"].value - rated, 0), None, "model")
        ratings.append(row)
    figures.ratings = ratings
    for value in Rating.values:
        figures.headline[f"rated_{value}"] = Stat(
            sum(row[value].value for row in ratings), None, "model"
        )


def _shifts(frame: _Frame, figures: Figures, breakdown: dict) -> None:
    """Shifts and participant turns, in total, by month and by breakdown row: whole months
    from the monthly summary (``ShiftMonth``, kept exact by triggers), the days at the edges of
    a period from the shifts themselves. Two queries."""
    (months_now, months_before), (days_now, days_before) = frame.month_split()
    key = _breakdown_key(frame)
    columns = {"month": "month"} | ({"key": key} if key else {})
    sets = [("month",)] + ([("key",)] if key else [])
    sums = lambda now, before, count: {  # noqa: E731
        "n_shifts": (count, now),
        "n_turns": ("turns", now),
        "n_shifts_before": (count, before),
        "n_turns_before": ("turns", before),
    }
    rows = _grouping_sets(
        frame.scoped(ShiftMonth).filter(frame.hull("month"), months_now | months_before),
        columns,
        sets,
        sums(months_now, months_before, "shifts"),
    ) + _grouping_sets(
        frame.scoped(Shift).filter(frame.hull(), days_now | days_before),
        columns | {"month": TruncMonth("day")},
        sets,
        sums(days_now, days_before, None),
    )
    months = {m: Row(m.isoformat(), formats.date_format(m, "m/Y")) for m in frame.period.months()}
    for row in months.values():
        row.stat("shifts", compare=False)
        row.stat("turns", compare=False)
        row.stat("incidents", compare=False)
    shifts, turns = Stat(0, 0, "shift"), Stat(0, 0, "turn")
    for row in rows:
        if row["set"] == 1:
            if row["key"] in breakdown:
                target = breakdown[row["key"]]
                target.stat("shifts", "shift").add(row["n_shifts"], row["n_shifts_before"])
                target.stat("turns", "turn").add(row["n_turns"], row["n_turns_before"])
            continue
        shifts.add(row["n_shifts"], row["n_shifts_before"])
        turns.add(row["n_turns"], row["n_turns_before"])
        month = months.get(row["month"])
        if month is not None:
            month["shifts"].add(row["n_shifts"], None)
            month["turns"].add(row["n_turns"], None)
    figures.headline["shifts"] = shifts
    figures.headline["turns"] = turns
    figures.trend = list(months.values())


def _incidents(frame: _Frame, figures: Figures, breakdown: dict) -> None:
    """Incidents by category, outcome and detection, items collected (one query), and by
    month and breakdown row (one query)."""
    current, previous = frame.days()
    base = frame.scoped(Incident).filter(frame.hull(), current | previous)
    group = ["category_id", "outcome", "detected_by"]
    if frame.previous.end < frame.period.start:
        # The periods do not overlap: one plain aggregate per column, the period as a group key
        # (half the work of filtered aggregates over every row).
        flagged = (
            base.annotate(
                in_period=Case(
                    When(day__gte=frame.period.start, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            )
            .values("in_period", *group)
            .annotate(
                n=Count("day"), **{f"sum_{name}": Sum(name) for name in ItemCounts.ITEM_FIELDS}
            )
            .order_by()
        )
        merged: dict[tuple, dict] = {}
        for row in flagged:
            target = merged.setdefault(
                tuple(row[g] for g in group), dict.fromkeys(_INCIDENT_SUMS, 0)
            )
            target.update({g: row[g] for g in group})
            suffix = "" if row["in_period"] else "_before"
            target[f"n{suffix}"] += row["n"]
            for name in ItemCounts.ITEM_FIELDS:
                target[f"sum_{name}{suffix}"] += row[f"sum_{name}"] or 0
        rows = list(merged.values())
    else:
        sums = {}
        for name in ItemCounts.ITEM_FIELDS:
            sums[f"sum_{name}"] = Sum(name, filter=current)
            sums[f"sum_{name}_before"] = Sum(name, filter=previous)
        rows = (
            base.values(*group)
            .annotate(
                n=Count("day", filter=current), n_before=Count("day", filter=previous), **sums
            )
            .order_by()
        )
    catalogue = {
        pk: (name, code)
        for pk, name, code in IncidentCategory.objects.values_list("pk", "name", "code")
    }
    categories: dict[int, Row] = {}
    outcomes = {value: Row(value, str(label)) for value, label in Outcome.choices}
    detections = {value: Row(value, str(label)) for value, label in DetectedBy.choices}
    items = {
        name: Row(name, str(Incident._meta.get_field(name).verbose_name))
        for name in ItemCounts.ITEM_FIELDS
    }
    total = Stat(0, 0, "incident")
    for row in rows:
        n, before = row["n"], row["n_before"]
        total.add(n, before)
        category = categories.get(row["category_id"])
        if category is None:
            name, code = catalogue[row["category_id"]]
            category = categories[row["category_id"]] = Row(
                row["category_id"], name, extra={"code": code}
            )
        category.stat("incidents", "incident").add(n, before)
        outcomes[row["outcome"]].stat("incidents", "incident").add(n, before)
        detections[row["detected_by"]].stat("incidents", "incident").add(n, before)
        for name, item in items.items():
            item.stat("quantity", ITEM_NOUNS[name]).add(
                row[f"sum_{name}"] or 0, row[f"sum_{name}_before"] or 0
            )
    for row in [*outcomes.values(), *detections.values()]:
        row.stat("incidents", "incident")
    for name, item in items.items():
        item.stat("quantity", ITEM_NOUNS[name])
    figures.incidents_by_category = sorted(
        categories.values(), key=lambda r: (-r["incidents"].value, r.label)
    )
    figures.incidents_by_outcome = list(outcomes.values())
    figures.incidents_by_detection = list(detections.values())
    figures.items = list(items.values())
    figures.headline["incidents"] = total
    figures.headline["tip_offs"] = detections[DetectedBy.TIP_OFF]["incidents"]
    figures.headline["camera_incidents"] = detections[DetectedBy.CAMERA]["incidents"]
    figures.headline["mediated"] = outcomes[Outcome.MEDIATED]["incidents"]

    key = _breakdown_key(frame)
    # By month and by breakdown row: the period itself only (no comparison figure).
    columns = {"month": TruncMonth("day")} | ({"key": key} if key else {})
    sets = [("month",)] + ([("key",)] if key else [])
    months = {row.key: row for row in figures.trend}
    for row in _grouping_sets(
        frame.scoped(Incident).filter(current), columns, sets, {"n": (None, None)}
    ):
        if row["set"] == 1:
            if row["key"] in breakdown:
                breakdown[row["key"]].stat("incidents", "incident", compare=False).add(
                    row["n"], None
                )
        elif row["month"] is not None and row["month"].isoformat() in months:
            months[row["month"].isoformat()]["incidents"].add(row["n"], None)


_INCIDENT_SUMS = ["n", "n_before"] + [
    f"sum_{name}{suffix}" for name in ItemCounts.ITEM_FIELDS for suffix in ("", "_before")
]

ITEM_NOUNS = {
    "guns": "item",
    "homemade_guns": "item",
    "crude_weapons": "item",
    "explosives": "item",
    "firecrackers_kg": "kg",
    "drugs_grams": "g",
    "vehicles": "item",
}


def _cameras(frame: _Frame, figures: Figures) -> None:
    """Cameras in place at the end of the period by kind and funding (one query)."""
    end, prev_end = frame.period.end, frame.previous.end
    rows = (
        frame.scoped(Camera)
        .filter(frame.model_filter())
        .exclude(status=CameraStatus.REMOVED)
        .values("kind", "funding")
        .annotate(
            now=Count("pk", filter=Q(installed_on__lte=end)),
            before=Count("pk", filter=Q(installed_on__lte=prev_end)),
            working=Count("pk", filter=Q(installed_on__lte=end, status=CameraStatus.WORKING)),
            linked=Count("pk", filter=Q(installed_on__lte=end, linked_to_centre=True)),
        )
        .order_by()
    )
    kinds = {value: Row(value, str(label)) for value, label in CameraKind.choices}
    funding = {value: Row(value, str(label)) for value, label in CameraFunding.choices}
    total = Stat(0, 0, "camera")
    working = linked = 0
    for row in rows:
        total.add(row["now"], row["before"])
        kinds[row["kind"]].stat("cameras", "camera").add(row["now"], row["before"])
        funding[row["funding"]].stat("cameras", "camera").add(row["now"], row["before"])
        working += row["working"]
        linked += row["linked"]
    for row in [*kinds.values(), *funding.values()]:
        row.stat("cameras", "camera")
    figures.cameras_by_kind = list(kinds.values())
    figures.cameras_by_funding = list(funding.values())
    figures.headline["cameras"] = total
    figures.headline["cameras_working"] = Stat(working, None, "camera")
    figures.headline["cameras_linked"] = Stat(linked, None, "camera")


def _awards(frame: _Frame, figures: Figures) -> None:
    """Commendations by collective / individual, form and issuer (one query). An award counts
    on its decision date; each recipient named in a decision is one award, as the reports
    count them ("khen thưởng cho 191 tập thể, 385 cá nhân")."""
    current, previous = frame._conditions(
        [(frame.period.start, frame.period.end)],
        [(frame.previous.start, frame.previous.end)],
        field="decision_date",
    )
    rows = (
        frame.scoped(Award)
        .filter(frame.hull("decision_date"))
        .values("form", "issuer", "recipient_kind")
        .annotate(now=Count("pk", filter=current), before=Count("pk", filter=previous))
        .order_by()
    )
    forms = {value: Row(value, str(label)) for value, label in AwardForm.choices}
    issuers = {value: Row(value, str(label)) for value, label in Issuer.choices}
    totals = {
        RecipientType.COLLECTIVE: Stat(0, 0, "collective"),
        RecipientType.INDIVIDUAL: Stat(0, 0, "individual"),
    }
    for row in rows:
        kind = (
            RecipientType.COLLECTIVE
            if row["recipient_kind"] in COLLECTIVE_KINDS
            else RecipientType.INDIVIDUAL
        )
        totals[kind].add(row["now"], row["before"])
        for table, key in ((forms, row["form"]), (issuers, row["issuer"])):
            table[key].stat(kind, kind).add(row["now"], row["before"])
    for row in [*forms.values(), *issuers.values()]:
        for kind in RecipientType.values:
            row.stat(kind, kind)
    figures.awards_by_form = list(forms.values())
    figures.awards_by_issuer = list(issuers.values())
    figures.headline["awards_collective"] = totals[RecipientType.COLLECTIVE]
    figures.headline["awards_individual"] = totals[RecipientType.INDIVIDUAL]


@as_user
def review_awards(user, report_id: int) -> dict[str, int]:
    """Collectives and individuals commended at one review (awards linked to the report),
    inside what the user may see (one query)."""
    counts = (
        Award.objects.for_user(user)
        .filter(review_report_id=report_id)
        .exclude(
            model__in=GrassrootsModel.all_objects.filter(deleted_at__isnull=False).values("pk")
        )
        .aggregate(
            collective=Count("pk", filter=recipient_type_q(RecipientType.COLLECTIVE)),
            individual=Count("pk", filter=recipient_type_q(RecipientType.INDIVIDUAL)),
        )
    )
    return {name: counts[name] or 0 for name in RecipientType.values}


@dataclass
class Achievements:
    """What teams and members did over a period, for a commendation proposal."""

    start: datetime.date
    end: datetime.date
    models: list[Row]
    persons: list[Row]


@as_user
def achievements(user, start, end, *, models=(), persons=()) -> Achievements:
    """Per team: shifts, participant turns, members at the end, incidents, tip-offs and
    mediations; per member: patrol turns, shifts led and incidents found on their shifts.
    Counted as the dashboards count them (a shift on the day it starts); six queries at most."""
    # Rows of a deactivated model are left out, as everywhere in the engine.
    days = Q(day__range=(start, end)) & ~Q(
        model__in=GrassrootsModel.all_objects.filter(deleted_at__isnull=False).values("pk")
    )
    model_rows = {m.pk: Row(m.pk, str(m)) for m in models}
    person_rows = {p.pk: Row(p.pk, str(p)) for p in persons}
    if model_rows:
        ids = list(model_rows)
        for row in (
            Shift.objects.for_user(user)
            .filter(days, model__in=ids)
            .values("model")
            .annotate(n=Count("pk"), turns=Sum("turns"))
            .order_by()
        ):
            figures = model_rows[row["model"]]
            figures.stat("shifts", "shift", compare=False).add(row["n"], None)
            figures.stat("turns", "turn", compare=False).add(row["turns"] or 0, None)
        for row in (
            Incident.objects.for_user(user)
            .filter(days, model__in=ids)
            .values("model")
            .annotate(
                n=Count("pk"),
                tip_offs=Count("pk", filter=Q(detected_by=DetectedBy.TIP_OFF)),
                mediated=Count("pk", filter=Q(outcome=Outcome.MEDIATED)),
            )
            .order_by()
        ):
            figures = model_rows[row["model"]]
            for name in ("n", "tip_offs", "mediated"):
                key = "incidents" if name == "n" else name
                figures.stat(key, "incident", compare=False).add(row[name], None)
        for row in (
            Membership.objects.for_user(user)
            .filter(_serving_on(end), model__in=ids)
            .values("model")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            model_rows[row["model"]].stat("members", "member", compare=False).add(row["n"], None)
    if person_rows:
        ids = list(person_rows)
        for field, name in (("participants__person", "turns"), ("leader", "led")):
            for row in (
                Shift.objects.for_user(user)
                .filter(days, **{f"{field}__in": ids})
                .values(field)
                .annotate(n=Count("pk", distinct=True))
                .order_by()
            ):
                person_rows[row[field]].stat(name, "shift", compare=False).add(row["n"], None)
        for row in (
            Incident.objects.for_user(user)
            .filter(days, shift__participants__person__in=ids)
            .values("shift__participants__person")
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        ):
            person_rows[row["shift__participants__person"]].stat(
                "incidents", "incident", compare=False
            ).add(row["n"], None)
    for row in model_rows.values():
        for name in ("shifts", "turns", "members", "incidents", "tip_offs", "mediated"):
            row.stat(name, compare=False)
    for row in person_rows.values():
        for name in ("turns", "led", "incidents"):
            row.stat(name, compare=False)
    return Achievements(start, end, list(model_rows.values()), list(person_rows.values()))


__all__ = [
    "Achievements",
    "Change",
    "Comparison",
    "Figures",
    "Row",
    "Scope",
    "Stat",
    "achievements",
    "compute",
    "format_number",
    "resolve_scope",
    "review_awards",
]


# --- completeness (reporting rate) -------------------------------------------------------


@dataclass
class Completeness:
    """Patrol teams and communes that logged no shift in the last ``days`` days, like a
    reporting rate: teams that logged at least one shift, out of the teams in service."""

    unit: Area
    days: int
    since: datetime.date
    communes: list[Row]
    silent_models: list[Row]

    @property
    def teams(self) -> int:
        return sum(row.extra["teams"] for row in self.communes)

    @property
    def reporting(self) -> int:
        return sum(row.extra["reporting"] for row in self.communes)

    @property
    def rate(self) -> float:
        return round(100 * self.reporting / self.teams, 1) if self.teams else 0.0

    @property
    def silent_communes(self) -> list[Row]:
        """Communes with patrol teams in service of which none logged a shift."""
        return [row for row in self.communes if row.extra["teams"] and not row.extra["reporting"]]

    @property
    def communes_without_teams(self) -> list[Row]:
        return [row for row in self.communes if not row.extra["teams"]]


@as_user
def completeness(user, unit: Area, days: int, today: datetime.date) -> Completeness:
    """Two queries: the communes in ``unit`` and its patrol teams in service, each with the
    day of its last shift."""
    since = today - datetime.timedelta(days=days - 1)
    communes = {
        row["pk"]: Row(
            row["pk"], row["name"], extra={"teams": 0, "reporting": 0, "last_shift": None}
        )
        for row in Area.objects.for_user(user)
        .in_unit(unit)
        .communes()
        .current()
        .order_by("name")
        .values("pk", "name")
    }
    last = Shift.objects.filter(model=OuterRef("pk")).order_by("-day").values("day")[:1]
    models = (
        GrassrootsModel.objects.for_user(user)
        .in_unit(unit)
        .filter(model_type__category=ModelCategory.PATROL)
        .filter(_alive_on(today))
        .annotate(last_shift=Subquery(last))
        .order_by("commune__name", "name")
        .values("pk", "name", "commune_id", "commune__name", "last_shift")
    )
    silent = []
    for model in models:
        commune = communes.get(model["commune_id"])
        last_shift = model["last_shift"]
        reporting = last_shift is not None and last_shift >= since
        if commune is not None:
            commune.extra["teams"] += 1
            commune.extra["reporting"] += int(reporting)
            if last_shift and (
                commune.extra["last_shift"] is None or last_shift > commune.extra["last_shift"]
            ):
                commune.extra["last_shift"] = last_shift
        if not reporting:
            silent.append(
                Row(
                    model["pk"],
                    model["name"],
                    extra={
                        "commune": model["commune__name"],
                        "commune_id": model["commune_id"],
                        "last_shift": last_shift,
                        "days_silent": (today - last_shift).days if last_shift else None,
                    },
                )
            )
    for row in communes.values():
        teams = row.extra["teams"]
        row.extra["rate"] = round(100 * row.extra["reporting"] / teams, 1) if teams else None
    rows = sorted(
        communes.values(),
        key=lambda r: (r.extra["rate"] is None, r.extra["rate"] or 0, r.label),
    )
    return Completeness(unit, days, since, rows, silent)
