"""What every query of one computation shares (``Frame``): the user, the scope, the period
and its comparison; the scoped querysets the families start from, the conditions that count a
row in one period or the other, and the rows of the breakdown table (the communes of a unit,
the models of a commune). ``grouping_sets`` groups one scan by several sets of columns."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast

from areas.models import Area
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
    # The communes of a multi-commune scope, once read (through ``for_user``): naming them
    # lets PostgreSQL estimate and read one index range per commune.
    commune_ids: list[int] | None = None

    def scoped(self, model, *, via_model: str | None = "model", by_type: bool = True):
        """``model``'s rows the user may see, inside the scope's unit and of live models.
        ``via_model`` is the lookup to the grassroots model ("" for the model itself);
        ``by_type=False`` keeps the rows of every model type (rows counted for another row
        that is in the scope: a case for its tip-offs)."""
        qs = model.objects.for_user(self.user).in_unit(self.scope.unit)
        if self.commune_ids is not None and model.scope_lookup == "commune":
            qs = qs.filter(commune_id__in=self.commune_ids)
        prefix = f"{via_model}__" if via_model else ""
        if via_model:
            # Rows of a deactivated model are left out. The deactivated models are few: an
            # anti-join on their ids costs less than joining every row to its model.
            deactivated = GrassrootsModel.all_objects.filter(deleted_at__isnull=False)
            qs = qs.exclude(**{f"{via_model}__in": deactivated.values("pk")})
        if by_type and self.scope.model_type is not None:
            qs = qs.filter(**{f"{prefix}model_type": self.scope.model_type})
        return qs

    def model_filter(self, via_model: str = "model") -> Q:
        if self.scope.model is None:
            return Q()
        return Q(**{via_model: self.scope.model}) if via_model else Q(pk=self.scope.model.pk)

    def days(self) -> tuple[Q, Q]:
        """Conditions for rows counted in the period and in the comparison period."""
        return self.conditions(
            [(self.period.start, self.period.end)], [(self.previous.start, self.previous.end)]
        )

    def conditions(
        self, current_ranges, previous_ranges, field: str = "day", model_q: Q | None = None
    ) -> tuple[Q, Q]:
        """``model_q`` says which rows are the model's, for a model's scope (its own rows by
        default)."""

        def any_of(ranges) -> Q:
            q = Q(pk__in=[])
            for start, end in ranges:
                q |= Q(**{f"{field}__range": (start, end)})
            return q

        of_model = self.model_filter() if model_q is None or self.scope.model is None else model_q
        current = any_of(current_ranges) & of_model
        previous = any_of(previous_ranges)
        if self.comparison != Comparison.BEFORE_ESTABLISHED:
            previous &= of_model
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
        months = self.conditions(
            [current_months] if current_months else [],
            [previous_months] if previous_months else [],
            field="month",
        )
        return months, self.conditions(current_edges, previous_edges)


def grouping_sets(qs, columns: dict, sets: list[tuple[str, ...]], sums: dict) -> list[dict]:
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
    # On the database the queryset reads (the replica, for a dashboard), not always the primary.
    with connections[inner.db].cursor() as cursor:
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


def breakdown_rows(frame: Frame, figures: Figures) -> dict:
    """Rows of the breakdown table (communes of a unit, or models of a commune) with the day
    of their last shift; also counts the communes in scope. One query."""
    scope = frame.scope
    if scope.breakdown == "commune":
        last = Shift.objects.correlated().filter(
            commune=OuterRef("pk"), model__deleted_at__isnull=True
        )
        rows = (
            Area.objects.for_user(frame.user)
            .in_unit(scope.unit)
            .communes()
            .current()
            .annotate(last_shift=Subquery(last.order_by("-day").values("day")[:1]))
            .order_by("sort_name", "pk")
            .values("pk", "name", "last_shift")
        )
        result = {
            row["pk"]: _breakdown_row(row["pk"], row["name"], last_shift=row["last_shift"])
            for row in rows
        }
        figures.communes_in_scope = len(result)
        frame.commune_ids = list(result)
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


def breakdown_key(frame: Frame) -> str | None:
    return {"commune": "commune_id", "model": "model_id"}.get(frame.scope.breakdown or "")
