"""The lock an approved month sets on a commune's figures: one rule, read by the forms, the
API and the imports (``locked_month``, the message at the field) and by the database's
triggers (``registry_check_open``), which hold it against an approval landing at the same time.

A write of a commune's records in a month checks the month through ``registry_locked_month``,
which first takes a shared advisory lock on the commune for the rest of its transaction;
approving takes the same lock exclusively (``models_registry.signoff``). So an edit and an
approval of the same commune never overlap: the approval waits for the edit to commit, or the
edit waits for the approval and is then refused.

Locked for everyone: province staff, too, reopen a month before changing its records.
"""

from __future__ import annotations

import datetime

from django.db import connection
from django.utils.translation import gettext as _

# The advisory lock's first key (the second is the commune's id): the sign-off's own class.
LOCK_CLASS = 2020
FAR = datetime.date.max  # "no end": a membership still serving, a model not dissolved
CONSTRAINT = "commune_month_locked"

FUNCTIONS_SQL = f"""
CREATE OR REPLACE FUNCTION registry_locked_month(commune bigint, lo date, hi date)
RETURNS date LANGUAGE plpgsql VOLATILE AS $$
DECLARE found date;
BEGIN
  IF commune IS NULL OR lo IS NULL OR hi IS NULL THEN RETURN NULL; END IF;
  PERFORM pg_advisory_xact_lock_shared({LOCK_CLASS}, commune::integer);
  SELECT month INTO found FROM models_registry_communemonth
   WHERE commune_id = commune AND status = 'approved'
     AND month <= hi AND month > (lo - interval '1 month')::date
   ORDER BY month LIMIT 1;
  RETURN found;
END $$;

CREATE OR REPLACE FUNCTION registry_check_open(commune bigint, lo date, hi date)
RETURNS void LANGUAGE plpgsql VOLATILE AS $$
DECLARE found date := registry_locked_month(commune, least(lo, hi), greatest(lo, hi));
BEGIN
  IF found IS NOT NULL THEN
    RAISE EXCEPTION '{CONSTRAINT}: month %% of commune %% is approved and locked', to_char(found, 'MM/YYYY'), commune
      USING ERRCODE = 'check_violation', CONSTRAINT = '{CONSTRAINT}';
  END IF;
END $$;
""".replace("%%", "%")

DROP_SQL = """
DROP FUNCTION IF EXISTS registry_check_open(bigint, date, date);
DROP FUNCTION IF EXISTS registry_locked_month(bigint, date, date);
"""


def locked_month(commune_id: int | None, *days: datetime.date | None) -> datetime.date | None:
    """The first approved month of the commune between the earliest and the latest of
    ``days`` (``None`` days are left out), or ``None`` when every month between is open."""
    days = [d for d in days if d is not None]
    if commune_id is None or not days:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT registry_locked_month(%s, %s, %s)", [commune_id, min(days), max(days)]
        )
        return cursor.fetchone()[0]


def lock_message(commune_id: int, month: datetime.date) -> str:
    """What a refused change is told, naming the locked month and its commune."""
    with connection.cursor() as cursor:  # the commune's own name, whatever the scope
        cursor.execute("SELECT name FROM areas_area WHERE id = %s", [commune_id])
        row = cursor.fetchone()
    name = row[0] if row else ""
    return _(
        "The figures of %(month)s of %(commune)s have been approved and locked; ask the "
        "province police to reopen the month if they need correcting."
    ) % {"month": f"{month:%m/%Y}", "commune": name}


def lock_problem(commune_id: int | None, *days: datetime.date | None) -> str | None:
    """``lock_message`` of the first locked month between ``days``, or ``None``."""
    month = locked_month(commune_id, *days)
    return None if month is None else lock_message(commune_id, month)


def interval_problem(
    commune_id: int | None, start: datetime.date | None, end: datetime.date | None
) -> str | None:
    """A row counted over [start, end] (``end`` ``None``: still counted) appears or vanishes."""
    if start is None:
        return None
    return lock_problem(commune_id, start, end or FAR)


def moved_problem(
    commune_id: int | None, old: datetime.date | None, new: datetime.date | None
) -> str | None:
    """A date bound moved from ``old`` to ``new`` (``None``: no end): the days between change."""
    if old == new:
        return None
    return lock_problem(commune_id, old or FAR, new or FAR)


# The triggers' bodies (``pgtrigger``): each refuses a write that would change a figure of an
# approved month. ``far`` is declared ``date`` and set to 'infinity' first.
_FAR = "far := 'infinity';"

MODEL_TRIGGER_SQL = (
    _FAR
    + """
IF TG_OP = 'INSERT' THEN
  IF NEW.deleted_at IS NULL THEN
    PERFORM registry_check_open(NEW.commune_id, NEW.established_on, coalesce(NEW.dissolved_on, far));
  END IF;
ELSIF (OLD.deleted_at IS NULL) IS DISTINCT FROM (NEW.deleted_at IS NULL)
   OR OLD.commune_id <> NEW.commune_id OR OLD.model_type_id <> NEW.model_type_id THEN
  IF OLD.deleted_at IS NULL THEN
    PERFORM registry_check_open(OLD.commune_id, OLD.established_on, coalesce(OLD.dissolved_on, far));
  END IF;
  IF NEW.deleted_at IS NULL THEN
    PERFORM registry_check_open(NEW.commune_id, NEW.established_on, coalesce(NEW.dissolved_on, far));
  END IF;
ELSIF NEW.deleted_at IS NULL THEN
  IF OLD.established_on <> NEW.established_on THEN
    PERFORM registry_check_open(NEW.commune_id, OLD.established_on, NEW.established_on);
  END IF;
  IF OLD.dissolved_on IS DISTINCT FROM NEW.dissolved_on THEN
    PERFORM registry_check_open(
      NEW.commune_id, coalesce(OLD.dissolved_on, far), coalesce(NEW.dissolved_on, far));
  END IF;
END IF;
RETURN NEW;
"""
)


def model_row_trigger_sql(start: str, end: str, identity: list[str]) -> str:
    """The trigger of a row of a model counted from ``start`` to ``end`` (a date column, or
    none yet) in its model's commune — a membership, a camera: adding or deactivating it, or
    changing what it is counted as (``identity``: its model among them), checks its whole
    interval, before and after; moving a bound checks the days between."""
    changed = " OR ".join(f"OLD.{c} <> NEW.{c}" for c in identity)
    return (
        _FAR
        + f"""
SELECT commune_id INTO commune FROM models_registry_grassrootsmodel WHERE id = NEW.model_id;
IF TG_OP = 'INSERT' THEN
  IF NEW.deleted_at IS NULL THEN
    PERFORM registry_check_open(commune, NEW.{start}, coalesce(NEW.{end}, far));
  END IF;
ELSIF (OLD.deleted_at IS NULL) IS DISTINCT FROM (NEW.deleted_at IS NULL)
   OR {changed} THEN
  IF OLD.deleted_at IS NULL THEN
    SELECT commune_id INTO old_commune FROM models_registry_grassrootsmodel
     WHERE id = OLD.model_id;
    PERFORM registry_check_open(old_commune, OLD.{start}, coalesce(OLD.{end}, far));
  END IF;
  IF NEW.deleted_at IS NULL THEN
    PERFORM registry_check_open(commune, NEW.{start}, coalesce(NEW.{end}, far));
  END IF;
ELSIF NEW.deleted_at IS NULL THEN
  IF OLD.{start} <> NEW.{start} THEN
    PERFORM registry_check_open(commune, OLD.{start}, NEW.{start});
  END IF;
  IF OLD.{end} IS DISTINCT FROM NEW.{end} THEN
    PERFORM registry_check_open(commune, coalesce(OLD.{end}, far), coalesce(NEW.{end}, far));
  END IF;
END IF;
RETURN NEW;
"""
    )


MEMBERSHIP_TRIGGER_SQL = model_row_trigger_sql(
    "joined_on", "left_on", ["model_id", "person_id", "role"]
)
CAMERA_TRIGGER_SQL = model_row_trigger_sql(
    "installed_on", "removed_on", ["model_id", "kind", "funding"]
)


def model_row_problems(
    commune_id: int, stored: dict | None, values: dict, *, start: str, end: str, identity, at: str
) -> dict[str, str]:
    """The app's side of ``model_row_trigger_sql``, each problem at its field: ``stored`` is the
    live row as stored (its commune as ``commune``; ``None`` for a new row), ``values`` the row
    as it would be; a change of ``identity`` is named at the field ``at``."""
    if stored is None:
        found = interval_problem(commune_id, values[start], values[end])
        return {start: found} if found else {}
    errors = {}
    if any(stored[name] != values[name] for name in identity):
        found = interval_problem(stored["commune"], stored[start], stored[end]) or (
            interval_problem(commune_id, values[start], values[end])
        )
        if found:
            errors[at] = found
    for name in (start, end):
        found = moved_problem(commune_id, stored[name], values[name])
        if found:
            errors[name] = found
    return errors


def dated_row_trigger_sql(local_day: str, ignored: list[str]) -> str:
    """A shift's or an incident's trigger: the row counts on one day of its commune (the
    local day of ``local_day``, a timestamp column); any change but ``ignored`` columns
    (derived by the database) in a locked month, before or after, is refused."""
    from django.conf import settings

    zone = settings.TIME_ZONE.replace("'", "")
    day = f"(({{row}}.{local_day} AT TIME ZONE '{zone}')::date)"
    drop = " - ".join(f"'{c}'" for c in ignored)
    old_day, new_day = day.format(row="OLD"), day.format(row="NEW")
    return f"""
IF TG_OP = 'INSERT' THEN
  PERFORM registry_check_open(NEW.commune_id, {new_day}, {new_day});
ELSIF (to_jsonb(OLD) - {drop}) IS DISTINCT FROM (to_jsonb(NEW) - {drop}) THEN
  PERFORM registry_check_open(OLD.commune_id, {old_day}, {old_day});
  PERFORM registry_check_open(NEW.commune_id, {new_day}, {new_day});
END IF;
RETURN NEW;
"""
