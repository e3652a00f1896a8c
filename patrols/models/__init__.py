"""The patrol tables, one module per part: the incident catalogue (``catalogues``), shifts
with their participant turns and monthly summary (``shifts``), incidents (``incidents``) and
their monthly summary (``summaries``), both summaries added up by unit (``rollups``), and what
PostgreSQL keeps for them (``derived``). Every name is importable from here."""

from patrols.models.catalogues import DetectedBy, IncidentCategory, Outcome
from patrols.models.derived import LocalDate, local_day_field, transition_triggers
from patrols.models.incidents import TIP_OFF_CASE_CHECK, Incident, ItemCounts
from patrols.models.rollups import REBUILD_SUMMARIES_SQL, UnitIncidentMonth, UnitMonth
from patrols.models.shifts import (
    MAX_SHIFT,
    OVERLAP_CONSTRAINT,
    REBUILD_SHIFT_MONTHS_SQL,
    RECOUNT_TURNS_SQL,
    Shift,
    ShiftMonth,
    ShiftParticipant,
)
from patrols.models.summaries import (
    DETECTION_COLUMNS,
    OUTCOME_COLUMNS,
    IncidentMonth,
)

__all__ = [
    "DETECTION_COLUMNS",
    "OUTCOME_COLUMNS",
    "REBUILD_SUMMARIES_SQL",
    "IncidentMonth",
    "MAX_SHIFT",
    "OVERLAP_CONSTRAINT",
    "REBUILD_SHIFT_MONTHS_SQL",
    "RECOUNT_TURNS_SQL",
    "TIP_OFF_CASE_CHECK",
    "DetectedBy",
    "Incident",
    "IncidentCategory",
    "ItemCounts",
    "LocalDate",
    "Outcome",
    "Shift",
    "ShiftMonth",
    "ShiftParticipant",
    "UnitIncidentMonth",
    "UnitMonth",
    "local_day_field",
    "transition_triggers",
]
