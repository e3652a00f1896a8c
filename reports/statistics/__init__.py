"""The one statistics engine.

Every figure the portal shows — dashboards, the statistics API, exports, the review reports,
a member's page, a proposal's achievements — is computed here. Read it top-down:

- ``scope`` and ``periods``: what the figures cover (a unit, a model or a model type, found
  through the one scoping mechanism) and over which days, with the one rule of comparison
  periods (``comparison_period``, which returns a ``Comparison``: kind, period and label);
- ``compute``: every figure of a scope and a period; it builds a ``frame`` (the scoped
  querysets and period conditions all queries share) and asks each family in turn:
  ``registry`` (models, members, ratings), ``patrols`` (shifts, turns, incidents, items),
  ``cameras`` and ``awards``; the results are ``figures`` (``Figures``, ``Row``, ``Stat``);
- ``wording``: numbers and changes as the reports word them ("giảm 3 vụ (60%)");
- ``achievements`` (teams and members over a period, for proposals and a member's page) and
  ``completeness`` (who stopped logging).

Each entry point reads as the user it is given (``scope.as_user``), so a figure can never
reach outside what that user may see. Soft-deleted rows are left out by the managers, and rows
of a deactivated model are left out with it.

Counting rules (as the seeds and Hướng dẫn 22/HD-BCA-V05 count):

- a model counts while it exists: established on or before the day, not dissolved before it
  (``GrassrootsModelQuerySet.active_q``); figures "at the end of the period" are counted on
  its last day;
- members are the persons serving in a model on that day (``MembershipQuerySet.serving_q``),
  counted once in each model they serve (a person in two teams counts in both, as the seeds
  add up team sizes);
- coverage (số nơi nhân rộng) is the communes with at least one model of the type, out of the
  communes in scope;
- a shift counts on the day it starts (its ``day``), however late it ends; participant turns
  are the member × shift rows (``Shift.turns``, kept by the database);
- an incident counts on the day it occurred; tip-offs are incidents detected by a public
  tip-off; camera detections are incidents detected through a camera;
- cases solved with the help of tip-offs (``cases_solved``) are the incidents named as their
  case (``Incident.solved_case``) by at least one live tip-off in scope, each counted once, on
  the case's own day (not the tip-offs'); the suspects arrested through tip-offs
  (``suspects_arrested``) are the arrests those cases record. For a model or a model type
  the tip-offs are that model's or type's, the case may be any model's of the unit;
- cameras count when installed on or before the day and not removed;
- a commendation counts on its decision date, once for each recipient the decision names
  (collective or individual); for one model, the awards to that model.

Each figure comes with its comparison (``Stat.previous``) over ``Figures.comparison.period``:
up to a year, the same range a calendar year earlier (29/02 moves to 01/03, so every day is in
exactly one comparison of the year after); longer, the range of the same length just before;
for one model asked so, the same length before it was established, counted in its commune.
``Figures.comparison.label`` ("so với cùng kỳ năm 2024", "so với 02 năm trước đó", "so với 02
năm trước khi thành lập mô hình") and ``short_label`` ("Cùng kỳ 2024", "02 năm trước",
"Trước khi thành lập") are what every page, export, the API and the review report print.
The number of queries is fixed: it does not grow with the data.
"""

from reports.statistics.achievements import Achievements, achievements
from reports.statistics.completeness import Completeness, completeness
from reports.statistics.compute import compute
from reports.statistics.figures import Figures, Row, Stat
from reports.statistics.periods import Comparison, Period, Preset, preset_period
from reports.statistics.scope import NotInScope, Scope, as_user, resolve_scope
from reports.statistics.wording import HEADLINE_LABELS, NOUNS, Change, format_number

__all__ = [
    "HEADLINE_LABELS",
    "NOUNS",
    "Achievements",
    "Change",
    "Comparison",
    "Completeness",
    "Figures",
    "NotInScope",
    "Period",
    "Preset",
    "Row",
    "Scope",
    "Stat",
    "achievements",
    "as_user",
    "completeness",
    "compute",
    "format_number",
    "preset_period",
    "resolve_scope",
]
