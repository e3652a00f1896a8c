"""What every query of one computation shares (``Frame``): the user, the scope, the period
and its comparison; the scoped querysets the families start from, the conditions that count a
row in one period or the other, and the rows of the breakdown table (the communes of a unit,
the models of a commune). ``grouping_sets`` groups one scan by several sets of columns."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Case,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast

from areas.models import Area, AreaLevel, AreaQuerySet
from models_registry.models import GrassrootsModel
from patrols.models import Shift
from reports.statistics.figures import Figures, Row
from reports.statistics.periods import Comparison, Period
from reports.statistics.scope import Scope

# The figures of a breakdown row (a commune, or a model of a commune): name → (noun, compared).
BREAKDOWN_FIGURES = {
    "models": ("model", True),
    "members": ("member", True),
    "shifts": ("shift", True),
    "turns": ("turn", True),
    "incidents": ("incident", False),
}


@dataclass
class Frame:
    """What every query of one computation shares."""

    user: object
    scope: Scope
    period: Period
    previous: Period
    comparison: str
    # The communes of a multi-commune scope (id → path), once read (through ``for_user``):
    # reading by their ids lets PostgreSQL estimate and read one index range per commune (not
    # for the country, every commune: the list would cost more than it tells).
    communes: dict[int, str] | None = None
    # The breakdown row of each commune when the rows are larger units (the provinces of the
    # country): for the figures that must count by commune (the places of a model type).
    row_of_commune: dict[int, int] | None = None
    # Whether the unit's communes in force are exactly the communes put under it (a province
    # since July 2025 with no commune of its own out of force or deleted), so that its
    # figures' totals can be read from the rollups by unit (``breakdown_rows`` says).
    unit_rollup: bool = False

    def row(self, breakdown: dict, key) -> Row | None:
        """The breakdown row a family's figures grouped by ``breakdown_key`` belong to."""
        return breakdown.get(key)

    def row_of_commune_id(self, breakdown: dict, commune_id) -> Row | None:
        """The breakdown row of a commune's figures: the commune's own, or its province's."""
        if self.row_of_commune is not None:
            return breakdown.get(self.row_of_commune.get(commune_id))
        return breakdown.get(commune_id)

    def scoped(self, model, *, via_model: str | None = "model", by_type: bool = True):
        """``model``'s rows the user may see, inside the scope's unit and of live models.
        ``via_model`` is the lookup to the grassroots model ("" for the model itself);
        ``by_type=False`` keeps the rows of every model type (rows counted for another row
        that is in the scope: a case for its tip-offs)."""
        by_commune = model.scope_lookup in ("commune", "model__commune")  # not awards: a unit
        if by_commune and self.communes is not None and not self.scope.unit.is_country:
            # The communes' ids alone, not the unit's subtree as well (members and cameras:
            # read model by model through the model's index, not a scan of the whole table).
            qs = model.objects.for_user_in_communes(self.user, self.communes)
        else:
            qs = model.objects.for_user(self.user)
            if self.scope.unit.pk != self.user.scope_unit_id:
                # Narrower than the user's unit. (The same subtree twice would have PostgreSQL
                # multiply the two estimates and plan for a few communes instead of them all.)
                qs = qs.in_unit(self.scope.unit)
        prefix = f"{via_model}__" if via_model else ""
        if via_model and model.scope_lookup.startswith(f"{via_model}__"):
            # Rows of a deactivated model are left out: the scope joins each row to its model
            # already (members, cameras), so the condition is on that join. (A NOT IN on the
            # deactivated ids there would keep PostgreSQL from reading model by model.)
            qs = qs.filter(**{f"{via_model}__deleted_at__isnull": True})
        elif via_model:
            # The deactivated models are few: an anti-join on their ids costs less than
            # joining every row to its model.
            deactivated = GrassrootsModel.all_objects.filter(deleted_at__isnull=False)
            qs = qs.exclude(**{f"{via_model}__in": deactivated.values("pk")})
        if by_type and self.scope.model_type is not None:
            qs = qs.filter(**{f"{prefix}model_type": self.scope.model_type})
        return qs

    @property
    def by_unit(self) -> bool:
        """The country's figures (its breakdown rows are the provinces): the whole months of
        the patrol logs are read from the monthly summaries added up by unit (``UnitMonth``,
        ``UnitIncidentMonth``: a few thousand rows a year instead of ~1.5 million)."""
        return self.scope.breakdown == "province"

    def summary(self, by_model, by_unit, *, totals: bool = False):
        """The monthly summary the whole months are read from, scoped: ``by_unit`` (live
        models only by construction: no model condition) for the country, and for a province
        whose communes are all put under it when only the totals are read (``totals``: no
        breakdown by commune); else ``by_model``."""
        if not (self.by_unit or (totals and self.unit_rollup)):
            return self.scoped(by_model)
        qs = self.scoped(by_unit, via_model=None)
        if not self.scope.unit.is_country:
            qs = qs.filter(unit=self.scope.unit)  # not its districts of the tree before 2025
        return qs

    def model_filter(self, via_model: str = "model") -> Q:
        if self.scope.model is None:
            return Q()
        return Q(**{via_model: self.scope.model}) if via_model else Q(pk=self.scope.model.pk)

    @property
    def area_wide(self) -> bool:
        """A model compared with the time before it was set up: what it is there to bring
        down (the incidents, what was seized, the tip-offs and the cases they solved) is
        counted over its commune in both periods — before, the model had no rows to count, and
        a model's own rows against its commune's would be no comparison. The model's own
        incidents are counted apart (``own_incidents``)."""
        return self.comparison == Comparison.BEFORE_ESTABLISHED and self.scope.model is not None

    def days(self) -> tuple[Q, Q]:
        """Conditions for rows counted in the period and in the comparison period."""
        return self.conditions(
            [(self.period.start, self.period.end)], [(self.previous.start, self.previous.end)]
        )

    def conditions(
        self,
        current_ranges,
        previous_ranges,
        field: str = "day",
        model_q: Q | None = None,
        area_wide: bool = False,
    ) -> tuple[Q, Q]:
        """``model_q`` says which rows are the model's, for a model's scope (its own rows by
        default); ``area_wide`` counts the commune's rows in both periods when the model is
        compared with the time before it was set up (``Frame.area_wide``)."""

        def any_of(ranges) -> Q:
            q = Q(pk__in=[])
            for start, end in ranges:
                q |= Q(**{f"{field}__range": (start, end)})
            return q

        of_model = self.model_filter() if model_q is None or self.scope.model is None else model_q
        current = any_of(current_ranges)
        previous = any_of(previous_ranges)
        if not (area_wide and self.area_wide):
            current &= of_model
        if self.comparison != Comparison.BEFORE_ESTABLISHED:
            previous &= of_model
        return current, previous

    def hull(self, field: str = "day") -> Q:
        """One range around both periods, so that PostgreSQL reads one index range."""
        start = min(self.period.start, self.previous.start)
        end = max(self.period.end, self.previous.end)
        return Q(**{f"{field}__range": (start, end)})

    def month_split(self, area_wide: bool = False) -> tuple[tuple[Q, Q], tuple[Q, Q]]:
        """Conditions on ``ShiftMonth.month`` for the whole months of both periods, and on
        ``Shift.day`` for the days at their edges."""
        current_months, current_edges = self.period.split()
        previous_months, previous_edges = self.previous.split()
        months = self.conditions(
            [current_months] if current_months else [],
            [previous_months] if previous_months else [],
            field="month",
            area_wide=area_wide,
        )
        return months, self.conditions(current_edges, previous_edges, area_wide=area_wide)


def grouping_sets(
    qs, columns: dict, sets: list[tuple[str, ...]], sums: dict, present: dict | None = None
) -> list[dict]:
    """Group ``qs`` by several sets of ``columns`` in one query (GROUP BY GROUPING SETS): the
    breakdown by commune and the trend by month come from one scan as a few hundred rows,
    not as every commune × month combination.

    ``columns``: alias → lookup or expression. ``sums``: output name → (integer field to add
    up, or None to count rows; condition or None). ``present``: output name → a name of
    ``sums``: how many combinations of every column have that sum above zero, in each set (the
    communes with a model of the type, say, when the columns are the type and the commune).
    Each row says which set it belongs to in ``"set"`` (an index into ``sets``); the scoping
    of ``qs`` is kept, as its SQL is the inner query.
    """
    values = {
        f"g_{alias}": F(column) if isinstance(column, str) else column
        for alias, column in columns.items()
    }
    counted = set()
    for name, (summed, condition) in sums.items():
        value = F(summed) if summed else Cast(Value(1), IntegerField())
        field = qs.model._meta.get_field(summed) if summed else None
        # Cast, so that a condition no row can meet (an empty period edge) is a typed NULL;
        # kilograms and grams keep their decimals.
        typed = (
            DecimalField(max_digits=20, decimal_places=field.decimal_places)
            if isinstance(field, DecimalField)
            else IntegerField()
        )
        values[f"v_{name}"] = Cast(Case(When(condition, then=value)), typed) if condition else value
        if not isinstance(typed, DecimalField):
            counted.add(name)
    inner = qs.order_by().values(**values)
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:
        return []
    names = list(columns)
    grouping = ", ".join(f'"g_{n}"' for n in names)
    select = ", ".join(
        [*(f'"g_{n}" AS "{n}"' for n in names), f"GROUPING({grouping}) AS grouping_bits"]
        # A sum of sums of integers is numeric in PostgreSQL: counts are read back as integers.
        + [f'SUM("v_{name}"){"::bigint" if name in counted else ""} AS "{name}"' for name in sums]
        + [
            f'COUNT(*) FILTER (WHERE "v_{summed}" > 0) AS "{name}"'
            for name, summed in (present or {}).items()
        ]
    )
    group_sets = ", ".join("(" + ", ".join(f'"g_{n}"' for n in group) + ")" for group in sets)
    bits = {
        sum(1 << (len(names) - 1 - i) for i, n in enumerate(names) if n not in group): index
        for index, group in enumerate(sets)
    }
    # The rows are first added up by every column at once (a plain GROUP BY, which PostgreSQL
    # runs in parallel, each worker adding up its part), then the few thousand groups by each
    # set: sums add up in either order.
    every = ", ".join(f'"g_{n}"' for n in names)
    partial = ", ".join([every] + [f'SUM("v_{name}") AS "v_{name}"' for name in sums])
    # On the database the queryset reads (the replica, for a dashboard), not always the primary.
    with connections[inner.db].cursor() as cursor:
        cursor.execute(
            f"SELECT {select} FROM (SELECT {partial} FROM ({sql}) AS row_values "
            f"GROUP BY {every}) AS grouped GROUP BY GROUPING SETS ({group_sets})",
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


def breakdown_rows(frame: Frame, figures: Figures) -> dict:
    """Rows of the breakdown table (the provinces of the country, the communes of a province,
    the models of a commune) with the day of their last shift; also counts the communes in
    scope. One query."""
    scope = frame.scope
    if scope.breakdown in ("commune", "province"):
        last = Shift.objects.correlated().filter(
            commune=OuterRef("pk"), model__deleted_at__isnull=True
        )
        if scope.model_type is not None:  # the last shift of the type looked at
            last = last.filter(model__model_type=scope.model_type)
        levels = [AreaLevel.COMMUNE]
        if scope.breakdown == "province":
            levels.append(AreaLevel.PROVINCE)
        # The country's provinces come with its communes, in the same query: a province's
        # last-shift subquery finds nothing, at the cost of one index probe. The units out of
        # force or deleted come too (their last shift not looked up), only to tell whether the
        # communes in force are all the communes put under the unit.
        in_force = Q(deleted_at__isnull=True) & AreaQuerySet.current_q()
        rows = (
            Area.all_objects.for_user(frame.user)
            .in_unit(scope.unit)
            .filter(level__in=levels)
            .annotate(
                in_force=Case(When(in_force, then=Value(True)), default=Value(False)),
                last_shift=Case(
                    When(in_force, then=Subquery(last.order_by("-day").values("day")[:1]))
                ),
            )
            .order_by("sort_name", "pk")
            .values("pk", "name", "level", "path", "parent_id", "in_force", "last_shift")
        )
        every_commune = [row for row in rows if row["level"] == AreaLevel.COMMUNE]
        rows = [row for row in rows if row["in_force"]]
        communes = [row for row in every_commune if row["in_force"]]
        figures.communes_in_scope = len(communes)
        frame.communes = {row["pk"]: row["path"] for row in communes}
        put_under = [row for row in every_commune if row["parent_id"] == scope.unit.pk]
        frame.unit_rollup = scope.breakdown == "province" or (
            scope.unit.level == AreaLevel.PROVINCE
            and all(row["in_force"] for row in put_under)
            and len(put_under) == len(communes)
        )
        if scope.breakdown == "commune":
            return {
                row["pk"]: _breakdown_row(row["pk"], row["name"], last_shift=row["last_shift"])
                for row in communes
            }
        result = {
            row["pk"]: _breakdown_row(row["pk"], row["name"], last_shift=None)
            for row in rows
            if row["level"] == AreaLevel.PROVINCE
        }
        frame.row_of_commune = {}
        for row in communes:
            # The path names the ancestors: "/country/province/commune/".
            province = int(row["path"].strip("/").split("/")[1])
            if province not in result:
                continue
            frame.row_of_commune[row["pk"]] = province
            extra = result[province].extra
            if row["last_shift"] and (
                extra["last_shift"] is None or row["last_shift"] > extra["last_shift"]
            ):
                extra["last_shift"] = row["last_shift"]
        return result
    figures.communes_in_scope = 1
    if scope.breakdown == "model":
        last = Shift.objects.correlated().filter(model=OuterRef("pk"))
        rows = (
            frame.scoped(GrassrootsModel, via_model="")
            .annotate(last_shift=Subquery(last.order_by("-day").values("day")[:1]))
            .order_by("model_type__sort_order", "model_type__sort_name", "sort_name", "pk")
            .values("pk", "name", "model_type__name", "last_shift", "established_on")
        )
        return {
            row["pk"]: _breakdown_row(
                row["pk"],
                row["name"],
                type=row["model_type__name"],
                last_shift=row["last_shift"],
                established_on=row["established_on"],
            )
            for row in rows
        }
    return {}


def _breakdown_row(key, label: str, **extra) -> Row:
    row = Row(key, label, extra=extra)
    for name, (noun, compared) in BREAKDOWN_FIGURES.items():
        row.new(name, noun, compare=compared)
    return row


def breakdown_key(frame: Frame, commune: str | None = "commune"):
    """What the families group by for the breakdown rows, on a row that reaches its commune
    by ``commune`` ("model__commune" for a membership; ``None`` for a rollup by unit, whose
    ``unit`` is that parent already): the commune, the model, or, for the
    provinces of the country, the province itself — read from the commune's path, so that the
    country's figures are added up into 34 groups, not 3,321 (``Frame.row`` finds each
    group's row; a commune of the tree before 2025, under a district, finds none, as it has
    no row of its own either)."""
    breakdown = frame.scope.breakdown or ""
    if breakdown == "province" and commune is None:
        return "unit_id"  # the rollups by unit: the unit is the commune's parent
    if breakdown == "province":
        # Since 1 July 2025 a commune's parent is its province (two tiers); PostgreSQL knows
        # how few distinct parents there are, and plans a small hash of them.
        return f"{commune}__parent_id"
    if breakdown == "commune":
        return f"{commune}_id"
    if breakdown == "model":
        return "model_id"
    return None
