"""The incidents' monthly summaries — by model, month and category (``IncidentMonth``), and
by model and month in ``ShiftMonth`` beside the shifts — kept exact by statement-level
triggers, and their rebuild after a bulk load with triggers off (``REBUILD_MONTHS_SQL``; the
rebuild of every summary, the rollups by unit included: ``rollups.REBUILD_SUMMARIES_SQL``)."""

from __future__ import annotations

import pgtrigger
from django.db import models

from areas.models import Area
from areas.scoping import ScopedManager
from models_registry.models import GrassrootsModel
from patrols.models.catalogues import DetectedBy, IncidentCategory, Outcome
from patrols.models.derived import transition_triggers
from patrols.models.incidents import Incident, ItemCounts
from patrols.models.shifts import REBUILD_SHIFT_MONTHS_SQL

# The summary's columns beside its key: how many incidents, how many of each outcome and of
# each way of detection (fixed lists of choices), and the items collected.
OUTCOME_COLUMNS = {value: f"outcome_{value}" for value in Outcome.values}
DETECTION_COLUMNS = {value: f"detected_{value}" for value in DetectedBy.values}


class IncidentMonth(models.Model):
    """Incidents of one model, one category and one calendar month: how many, by outcome and
    by detection, and the items collected — a summary of ``Incident`` kept exact by the
    incident triggers in the same statement, so a ten-year view reads one row per model,
    month and category instead of every incident. Not a record of its own: no history, no
    soft delete (a soft-deleted incident is simply no longer counted)."""

    # No index of their own: the unique key (model, month, category) and the index (commune,
    # month) serve every read; a commune index alone would have PostgreSQL read a province's
    # every month instead of the period's.
    model = models.ForeignKey(
        GrassrootsModel, on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    commune = models.ForeignKey(Area, on_delete=models.DO_NOTHING, related_name="+", db_index=False)
    month = models.DateField()
    category = models.ForeignKey(
        IncidentCategory, on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    incidents = models.IntegerField(default=0)

    objects = ScopedManager()
    scope_lookup = "commune"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["model", "month", "category"], name="incidentmonth_model_month_category"
            )
        ]
        indexes = [models.Index(fields=["commune", "month"], name="incidentmonth_commune_idx")]

    def __str__(self) -> str:
        return f"{self.model_id} {self.month:%m/%Y} {self.category_id}: {self.incidents}"


for _column in [*OUTCOME_COLUMNS.values(), *DETECTION_COLUMNS.values()]:
    IncidentMonth.add_to_class(_column, models.IntegerField(default=0))
for _name in ItemCounts.ITEM_FIELDS:
    _field = Incident._meta.get_field(_name)
    IncidentMonth.add_to_class(
        _name,
        models.DecimalField(max_digits=14, decimal_places=_field.decimal_places, default=0)
        if isinstance(_field, models.DecimalField)
        else models.BigIntegerField(default=0),
    )

_KEY = ["model_id", "commune_id", "month", "category_id"]
VALUE_COLUMNS = [
    "incidents",
    *OUTCOME_COLUMNS.values(),
    *DETECTION_COLUMNS.values(),
    *ItemCounts.ITEM_FIELDS,
]


def aggregates(sign: str, prefix: str = "") -> list[str]:
    """The values of ``VALUE_COLUMNS`` added up from incident rows (``prefix``: their alias
    and a dot), negated with ``sign`` "-"."""
    return (
        [f"{sign}count(*)"]
        + [f"{sign}count(*) FILTER (WHERE {prefix}outcome = '{v}')" for v in OUTCOME_COLUMNS]
        + [f"{sign}count(*) FILTER (WHERE {prefix}detected_by = '{v}')" for v in DETECTION_COLUMNS]
        + [f"{sign}sum({prefix}{name})" for name in ItemCounts.ITEM_FIELDS]
    )


def _select(rows: str, sign: str = "") -> str:
    return (
        f"SELECT model_id, commune_id, date_trunc('month', day)::date, category_id, "
        f"{', '.join(aggregates(sign))} FROM {rows} WHERE deleted_at IS NULL "
        "GROUP BY model_id, commune_id, date_trunc('month', day)::date, category_id"
    )


def _incident_month_change(rows: str, add: bool) -> str:
    """``IncidentMonth`` adds up the live incidents of each model, month and category, and
    ``ShiftMonth`` those of each model and month."""
    sign = "" if add else "-"
    return (
        f"INSERT INTO patrols_incidentmonth ({', '.join(_KEY + VALUE_COLUMNS)}) "
        f"{_select(rows, sign)} "
        "ON CONFLICT (model_id, month, category_id) DO UPDATE SET "
        + ", ".join(f"{c} = patrols_incidentmonth.{c} + EXCLUDED.{c}" for c in VALUE_COLUMNS)
        + "; "
        + _SHIFT_MONTH_INCIDENTS.format(rows=rows, sign=sign)
    )


_SHIFT_MONTH_INCIDENTS = (
    "INSERT INTO patrols_shiftmonth (model_id, commune_id, month, incidents) "
    "SELECT model_id, commune_id, date_trunc('month', day)::date, {sign}count(*) FROM {rows} "
    "WHERE deleted_at IS NULL GROUP BY model_id, commune_id, date_trunc('month', day)::date "
    "ON CONFLICT (model_id, month) DO UPDATE SET "
    "incidents = patrols_shiftmonth.incidents + EXCLUDED.incidents;"
)


for _trigger in transition_triggers("incident_month", _incident_month_change):
    pgtrigger.register(_trigger)(Incident)


REBUILD_INCIDENT_MONTHS_SQL = (
    "DELETE FROM patrols_incidentmonth; "
    f"INSERT INTO patrols_incidentmonth ({', '.join(_KEY + VALUE_COLUMNS)}) "
    f"{_select('patrols_incident')};"
)

# The monthly summaries rebuilt from their rows.
REBUILD_MONTHS_SQL = " ".join(
    [
        REBUILD_SHIFT_MONTHS_SQL,
        _SHIFT_MONTH_INCIDENTS.format(rows="patrols_incident", sign=""),
        REBUILD_INCIDENT_MONTHS_SQL,
    ]
)
