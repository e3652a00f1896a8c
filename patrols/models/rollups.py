"""The monthly summaries added up by unit: ``UnitMonth`` (shifts, turns, incidents) and
``UnitIncidentMonth`` (incidents by category, outcome, detection, and items collected), each
by the unit above the commune (its province since 1 July 2025; its district in the tree
before), the model type and the month. The country's dashboard reads a few thousand of
these rows instead of every model's (ShiftMonth and IncidentMonth: ~660,000 and ~790,000
rows for a year of the whole country).

They count the rows of live models only, so they are kept exact by three kinds of write, each
in the same statement as the write:
- shifts and incidents written (statement-level triggers on their tables, as the monthly
  summaries are, from the rows themselves);
- a model deactivated, reactivated or given another type (its monthly summaries taken away
  from its old key and added to its new one: ``MOVE_MODELS_SQL``);
- a commune put under another unit (the same, for the commune's monthly summaries:
  ``MOVE_COMMUNES_SQL``).
The last two are triggers on the registry's and the areas' tables installed by this app's
migration (the lower apps know nothing of them), with the SQL here.
"""

from __future__ import annotations

import pgtrigger
from django.db import models

from areas.models import Area
from areas.scoping import ScopedManager
from models_registry.models import REBUILD_UNIT_MEMBERS_SQL, ModelType
from patrols.models.catalogues import IncidentCategory
from patrols.models.derived import transition_triggers
from patrols.models.incidents import Incident
from patrols.models.shifts import Shift
from patrols.models.summaries import REBUILD_MONTHS_SQL, VALUE_COLUMNS, IncidentMonth, aggregates


class UnitMonth(models.Model):
    """Shifts, participant turns and incidents of the live models of one type in the communes
    of one unit in one month: ``ShiftMonth`` added up by the commune's unit and the model's
    type."""

    unit = models.ForeignKey(Area, on_delete=models.DO_NOTHING, related_name="+")
    model_type = models.ForeignKey(
        ModelType, on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    month = models.DateField()
    shifts = models.IntegerField(default=0, db_default=0)
    turns = models.IntegerField(default=0, db_default=0)
    incidents = models.IntegerField(default=0, db_default=0)

    objects = ScopedManager()
    scope_lookup = "unit"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "model_type", "month"], name="unitmonth_unit_type_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.model_type_id} {self.month:%m/%Y}: {self.shifts}"


class UnitIncidentMonth(models.Model):
    """``IncidentMonth`` added up by the commune's unit and the model's type, live models
    only: the same columns."""

    unit = models.ForeignKey(Area, on_delete=models.DO_NOTHING, related_name="+")
    model_type = models.ForeignKey(
        ModelType, on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    month = models.DateField()
    category = models.ForeignKey(
        IncidentCategory, on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )

    objects = ScopedManager()
    scope_lookup = "unit"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "model_type", "month", "category"],
                name="unitincidentmonth_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.model_type_id} {self.month:%m/%Y} {self.category_id}"


# The same value columns as the model's monthly summary.
for _column in VALUE_COLUMNS:
    UnitIncidentMonth.add_to_class(_column, IncidentMonth._meta.get_field(_column).clone())

_SHIFT_VALUES = ["shifts", "turns", "incidents"]


def _upsert(table: str, key: list[str], values: list[str], select: str) -> str:
    return (
        f"INSERT INTO {table} ({', '.join(key + values)}) {select} "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET "
        + ", ".join(f"{c} = {table}.{c} + EXCLUDED.{c}" for c in values)
        + ";"
    )


_UNIT_KEY = ["unit_id", "model_type_id", "month"]
_INCIDENT_KEY = [*_UNIT_KEY, "category_id"]


def _from_rows(rows: str, add: bool, incidents: bool) -> str:
    """What the shifts or incidents ``rows`` (a transition table) add to or take from the
    rollups: their live rows of live models, by unit, type and month (and category)."""
    sign = "" if add else "-"
    joins = (
        f"FROM {rows} r JOIN models_registry_grassrootsmodel g "
        "ON g.id = r.model_id AND g.deleted_at IS NULL "
        "JOIN areas_area a ON a.id = r.commune_id WHERE r.deleted_at IS NULL"
    )
    month = "date_trunc('month', r.day)::date"
    if not incidents:
        return _upsert(
            "patrols_unitmonth",
            _UNIT_KEY,
            ["shifts", "turns"],
            f"SELECT a.parent_id, g.model_type_id, {month}, {sign}count(*), {sign}sum(r.turns) "
            f"{joins} GROUP BY 1, 2, 3",
        )
    return _upsert(
        "patrols_unitmonth",
        _UNIT_KEY,
        ["incidents"],
        f"SELECT a.parent_id, g.model_type_id, {month}, {sign}count(*) {joins} GROUP BY 1, 2, 3",
    ) + _upsert(
        "patrols_unitincidentmonth",
        _INCIDENT_KEY,
        VALUE_COLUMNS,
        f"SELECT a.parent_id, g.model_type_id, {month}, r.category_id, "
        f"{', '.join(aggregates(sign, 'r.'))} {joins} GROUP BY 1, 2, 3, 4",
    )


for _trigger in transition_triggers("unit_month", lambda rows, add: _from_rows(rows, add, False)):
    pgtrigger.register(_trigger)(Shift)
for _trigger in transition_triggers(
    "unit_incident_month", lambda rows, add: _from_rows(rows, add, True)
):
    pgtrigger.register(_trigger)(Incident)


def _from_summaries(keys: str, join: str, unit: str, model_type: str) -> str:
    """The monthly summaries reached from the key rows ``k`` of ``keys`` by ``join`` (each
    key row has a ``sign``: +1 to add, −1 to take away), added to or taken from the rollups
    under the ``unit`` and ``model_type`` expressions."""
    select = f"SELECT {unit}, {model_type}, s.month"
    source = f" FROM ({keys}) k {join}"
    return _upsert(
        "patrols_unitmonth",
        _UNIT_KEY,
        _SHIFT_VALUES,
        f"{select}, "
        + ", ".join(f"sum(k.sign * s.{c})" for c in _SHIFT_VALUES)
        + source.format(summary="patrols_shiftmonth")
        + " GROUP BY 1, 2, 3",
    ) + _upsert(
        "patrols_unitincidentmonth",
        _INCIDENT_KEY,
        VALUE_COLUMNS,
        f"{select}, s.category_id, "
        + ", ".join(f"sum(k.sign * s.{c})" for c in VALUE_COLUMNS)
        + source.format(summary="patrols_incidentmonth")
        + " GROUP BY 1, 2, 3, 4",
    )


# A model deactivated or reactivated, or given another type: its summaries leave the old key
# (if it was live) and join the new one (if it is); the unit is that of each summary row's
# commune, as for the rows themselves. Statement-level, on models_registry_grassrootsmodel.
MOVE_MODELS_SQL = _from_summaries(
    "SELECT o.id, o.model_type_id AS type, -1 AS sign "
    "FROM old_rows o JOIN new_rows n ON n.id = o.id "
    "WHERE o.deleted_at IS NULL "
    "AND (n.deleted_at IS NOT NULL OR o.model_type_id <> n.model_type_id) "
    "UNION ALL "
    "SELECT n.id, n.model_type_id, 1 FROM old_rows o JOIN new_rows n ON n.id = o.id "
    "WHERE n.deleted_at IS NULL "
    "AND (o.deleted_at IS NOT NULL OR o.model_type_id <> n.model_type_id)",
    "JOIN {summary} s ON s.model_id = k.id JOIN areas_area a ON a.id = s.commune_id",
    unit="a.parent_id",
    model_type="k.type",
)

# A commune put under another unit: its live models' summaries move with it. Statement-level,
# on areas_area.
MOVE_COMMUNES_SQL = _from_summaries(
    "SELECT o.id, o.parent_id AS unit, -1 AS sign "
    "FROM old_rows o JOIN new_rows n ON n.id = o.id "
    "WHERE o.parent_id IS DISTINCT FROM n.parent_id "
    "UNION ALL "
    "SELECT n.id, n.parent_id, 1 FROM old_rows o JOIN new_rows n ON n.id = o.id "
    "WHERE o.parent_id IS DISTINCT FROM n.parent_id",
    "JOIN {summary} s ON s.commune_id = k.id "
    "JOIN models_registry_grassrootsmodel g ON g.id = s.model_id AND g.deleted_at IS NULL",
    unit="k.unit",
    model_type="g.model_type_id",
)

# The rollups rebuilt from the monthly summaries, live models only.
REBUILD_ROLLUPS_SQL = (
    "DELETE FROM patrols_unitmonth; DELETE FROM patrols_unitincidentmonth; "
    + _from_summaries(
        "SELECT id, 1 AS sign FROM models_registry_grassrootsmodel WHERE deleted_at IS NULL",
        "JOIN {summary} s ON s.model_id = k.id "
        "JOIN models_registry_grassrootsmodel g ON g.id = k.id "
        "JOIN areas_area a ON a.id = s.commune_id",
        unit="a.parent_id",
        model_type="g.model_type_id",
    )
)

# Every summary rebuilt from its rows, the registry's members by unit included: after a bulk
# load with triggers off (demo, bench).
REBUILD_SUMMARIES_SQL = " ".join(
    [REBUILD_MONTHS_SQL, REBUILD_ROLLUPS_SQL, REBUILD_UNIT_MEMBERS_SQL]
)
