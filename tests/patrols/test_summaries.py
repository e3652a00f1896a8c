"""The monthly summaries (``ShiftMonth``, ``IncidentMonth``) and their rollups by unit
(``UnitMonth``, ``UnitIncidentMonth``) stay exact whatever is written: after random inserts,
edits (moved to another month, another category, outcome or items), soft deletes, restores and
bulk updates, models deactivated, reactivated or given another type and communes put under
another province, each summary equals a plain count of its rows, and the engine (which reads
the summaries for whole months and the rows for the days at the edges; the rollups for the
country) gives the figures a plain count over the rows gives, over random periods."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Q, Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from patrols.models import (
    DETECTION_COLUMNS,
    OUTCOME_COLUMNS,
    DetectedBy,
    Incident,
    IncidentCategory,
    ItemCounts,
    Outcome,
    Shift,
)
from reports.statistics import Period, compute, resolve_scope
from tests.factories import CommuneFactory, GrassrootsModelFactory

pytestmark = pytest.mark.django_db

FIRST = datetime.date(2024, 1, 1)
DAYS = 760  # into February 2026


def _moment(rng: random.Random) -> datetime.datetime:
    day = FIRST + datetime.timedelta(days=rng.randrange(DAYS))
    # Late evenings too: the local day is not the UTC day.
    hour = rng.choice([0, 6, 12, 23])
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 30))


def _random_writes(rng: random.Random, models: list, moves: list | None = None) -> None:
    """Random writes of shifts and incidents of ``models``; with ``moves`` (callables that
    deactivate, reactivate or retype a model, or move a commune), one of them now and then."""
    categories = list(IncidentCategory.objects.all())
    detections = [d for d in DetectedBy.values if d not in (DetectedBy.CAMERA,)]
    incidents, shifts = [], []
    for _ in range(120):
        model = rng.choice(models)
        incidents.append(
            Incident.objects.create(
                model=model,
                commune=model.commune,
                occurred_at=_moment(rng),
                category=rng.choice(categories),
                detected_by=rng.choice(detections),
                outcome=rng.choice(Outcome.values),
                guns=rng.randrange(3),
                vehicles=rng.randrange(2),
                drugs_grams=Decimal(rng.randrange(5000)) / 1000,
                firecrackers_kg=Decimal(rng.randrange(300)) / 100,
            )
        )
    for _ in range(60):
        model = rng.choice(models)
        start = _moment(rng)
        shifts.append(
            Shift.objects.create(
                model=model,
                commune=model.commune,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=rng.choice([2, 5, 9])),
            )
        )
    for _ in range(200):
        if moves and rng.random() < 0.1:
            rng.choice(moves)(rng)
        action = rng.choice(["move", "recategorise", "delete", "restore", "items", "shift"])
        incident = rng.choice(incidents)
        if action == "move":
            incident.occurred_at = _moment(rng)
            incident.save()
        elif action == "recategorise":
            incident.category = rng.choice(categories)
            incident.outcome = rng.choice(Outcome.values)
            incident.save()
        elif action == "items":
            incident.guns = rng.randrange(4)
            incident.drugs_grams = Decimal(rng.randrange(9000)) / 1000
            incident.save()
        elif action == "delete" and not incident.is_deleted:
            incident.soft_delete()
        elif action == "restore" and incident.is_deleted:
            incident.deleted_at = None
            incident.save()
        elif action == "shift":
            shift = rng.choice(shifts)
            if shift.is_deleted:
                shift.deleted_at = None
                shift.save()
            elif rng.random() < 0.5:
                shift.soft_delete()
            else:
                start = _moment(rng)
                shift.starts_at, shift.ends_at = start, start + datetime.timedelta(hours=3)
                shift.save()
    # A bulk update of many rows in one statement, as an import or an admin action writes.
    live = Incident.objects.filter(model__in=models)
    live.filter(pk__in=[i.pk for i in incidents[:30]]).update(outcome=Outcome.MEDIATED)


def _summaries_match() -> dict[str, int]:
    """Rows where a summary differs from the plain count of what it sums (0 everywhere)."""
    outcome_checks = " OR ".join(
        f"coalesce(i.{c}, 0) <> coalesce(m.{c}, 0)"
        for c in [*OUTCOME_COLUMNS.values(), *DETECTION_COLUMNS.values(), *ItemCounts.ITEM_FIELDS]
    )
    counted = ", ".join(
        [f"count(*) FILTER (WHERE outcome = '{v}') AS {c}" for v, c in OUTCOME_COLUMNS.items()]
        + [
            f"count(*) FILTER (WHERE detected_by = '{v}') AS {c}"
            for v, c in DETECTION_COLUMNS.items()
        ]
        + [f"sum({name}) AS {name}" for name in ItemCounts.ITEM_FIELDS]
    )
    checks = {
        "ShiftMonth": """
            SELECT count(*) FROM (SELECT model_id, date_trunc('month', day)::date AS month,
              count(*) AS n, sum(turns) AS t FROM patrols_shift WHERE deleted_at IS NULL
              GROUP BY 1, 2) s
            FULL JOIN (SELECT model_id, date_trunc('month', day)::date AS month, count(*) AS n
              FROM patrols_incident WHERE deleted_at IS NULL GROUP BY 1, 2) i
              USING (model_id, month)
            FULL JOIN patrols_shiftmonth m USING (model_id, month)
            WHERE coalesce(s.n, 0) <> coalesce(m.shifts, 0)
              OR coalesce(s.t, 0) <> coalesce(m.turns, 0)
              OR coalesce(i.n, 0) <> coalesce(m.incidents, 0)""",
        "IncidentMonth": f"""
            SELECT count(*) FROM (SELECT model_id, date_trunc('month', day)::date AS month,
              category_id, count(*) AS incidents, {counted}
              FROM patrols_incident WHERE deleted_at IS NULL GROUP BY 1, 2, 3) i
            FULL JOIN patrols_incidentmonth m USING (model_id, month, category_id)
            WHERE coalesce(i.incidents, 0) <> coalesce(m.incidents, 0) OR {outcome_checks}""",
    }
    # The rollups: the same counts of live models' rows, by the commune's unit and the model's
    # type.
    live = (
        "FROM {table} r JOIN models_registry_grassrootsmodel g ON g.id = r.model_id "
        "AND g.deleted_at IS NULL JOIN areas_area a ON a.id = r.commune_id "
        "WHERE r.deleted_at IS NULL"
    )
    unit_key = "a.parent_id AS unit_id, g.model_type_id, date_trunc('month', r.day)::date AS month"
    counted_r = counted.replace("outcome =", "r.outcome =").replace(
        "detected_by =", "r.detected_by ="
    )
    for name in ItemCounts.ITEM_FIELDS:
        counted_r = counted_r.replace(f"sum({name})", f"sum(r.{name})")
    checks["UnitMonth"] = f"""
        SELECT count(*) FROM (SELECT {unit_key}, count(*) AS n, sum(r.turns) AS t
          {live.format(table="patrols_shift")} GROUP BY 1, 2, 3) s
        FULL JOIN (SELECT {unit_key}, count(*) AS n
          {live.format(table="patrols_incident")} GROUP BY 1, 2, 3) i
          USING (unit_id, model_type_id, month)
        FULL JOIN patrols_unitmonth m USING (unit_id, model_type_id, month)
        WHERE coalesce(s.n, 0) <> coalesce(m.shifts, 0)
          OR coalesce(s.t, 0) <> coalesce(m.turns, 0)
          OR coalesce(i.n, 0) <> coalesce(m.incidents, 0)"""
    checks["UnitIncidentMonth"] = f"""
        SELECT count(*) FROM (SELECT {unit_key}, r.category_id, count(*) AS incidents,
          {counted_r} {live.format(table="patrols_incident")} GROUP BY 1, 2, 3, 4) i
        FULL JOIN patrols_unitincidentmonth m USING (unit_id, model_type_id, month, category_id)
        WHERE coalesce(i.incidents, 0) <> coalesce(m.incidents, 0) OR {outcome_checks}"""
    out = {}
    with connection.cursor() as cursor:
        for name, sql in checks.items():
            cursor.execute(sql)
            out[name] = cursor.fetchone()[0]
    return out


def _plain_counts(models, period: Period) -> dict:
    """The figures counted straight from the rows, the summaries not read."""
    incidents = Incident.objects.filter(model__in=models, day__range=(period.start, period.end))
    items = incidents.aggregate(**{name: Sum(name) for name in ItemCounts.ITEM_FIELDS})
    shifts = Shift.objects.filter(model__in=models, day__range=(period.start, period.end))
    by_month = {}
    for row in incidents.values("day__year", "day__month").annotate(n=Count("pk")):
        by_month[datetime.date(row["day__year"], row["day__month"], 1).isoformat()] = row["n"]
    return {
        "incidents": incidents.count(),
        "by_category": dict(incidents.values_list("category_id").annotate(n=Count("pk"))),
        "by_outcome": dict(incidents.values_list("outcome").annotate(n=Count("pk"))),
        "by_detection": dict(incidents.values_list("detected_by").annotate(n=Count("pk"))),
        "items": {name: value or 0 for name, value in items.items()},
        "shifts": shifts.count(),
        "turns": shifts.aggregate(t=Sum("turns"))["t"] or 0,
        "incidents_by_month": by_month,
        "incidents_by_commune": dict(incidents.values_list("commune_id").annotate(n=Count("pk"))),
    }


def _engine_counts(figures) -> dict:
    nonzero = lambda pairs: {k: v for k, v in pairs if v}  # noqa: E731
    return {
        "incidents": figures.headline["incidents"].value,
        "by_category": nonzero(
            (r.key, r["incidents"].value) for r in figures.incidents_by_category
        ),
        "by_outcome": nonzero((r.key, r["incidents"].value) for r in figures.incidents_by_outcome),
        "by_detection": nonzero(
            (r.key, r["incidents"].value) for r in figures.incidents_by_detection
        ),
        "items": {r.key: r["quantity"].value for r in figures.items},
        "shifts": figures.headline["shifts"].value,
        "turns": figures.headline["turns"].value,
        "incidents_by_month": nonzero((r.key, r["incidents"].value) for r in figures.trend),
        "incidents_by_commune": nonzero((r.key, r["incidents"].value) for r in figures.breakdown),
    }


ZERO = {"ShiftMonth": 0, "IncidentMonth": 0, "UnitMonth": 0, "UnitIncidentMonth": 0}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_summaries_equal_plain_counts_after_random_writes(
    seed, province_staff, commune_a, commune_b, patrol_type
):
    rng = random.Random(seed)
    models = [
        GrassrootsModelFactory(
            commune=commune, model_type=patrol_type, established_on=datetime.date(2020, 1, 1)
        )
        for commune in (commune_a, commune_a, commune_b)
    ]
    _random_writes(rng, models)
    assert _summaries_match() == ZERO
    assert Incident.all_objects.filter(~Q(deleted_at=None)).exists()  # deletes did happen
    scope = resolve_scope(province_staff)
    for _ in range(12):
        start = FIRST + datetime.timedelta(days=rng.randrange(DAYS - 1))
        end = min(
            start + datetime.timedelta(days=rng.choice([0, 6, 30, 45, 200, 365, 700])),
            FIRST + datetime.timedelta(days=DAYS - 1),
        )
        period = Period(start, end)
        expected = _plain_counts(models, period)
        got = _engine_counts(compute(province_staff, scope, period))
        assert got == expected, period


def _plain_country_counts(period: Period) -> dict:
    """The country's figures counted straight from the rows of live models, by province."""
    live = {"deleted_at__isnull": True, "model__deleted_at__isnull": True}
    incidents = Incident.all_objects.filter(**live, day__range=(period.start, period.end))
    shifts = Shift.all_objects.filter(**live, day__range=(period.start, period.end))
    items = incidents.aggregate(**{name: Sum(name) for name in ItemCounts.ITEM_FIELDS})
    return {
        "incidents": incidents.count(),
        "by_category": dict(incidents.values_list("category_id").annotate(n=Count("pk"))),
        "by_outcome": dict(incidents.values_list("outcome").annotate(n=Count("pk"))),
        "items": {name: value or 0 for name, value in items.items()},
        "shifts": shifts.count(),
        "turns": shifts.aggregate(t=Sum("turns"))["t"] or 0,
        "shifts_by_province": dict(
            shifts.values_list("commune__parent_id").annotate(n=Count("pk"))
        ),
        "incidents_by_province": dict(
            incidents.values_list("commune__parent_id").annotate(n=Count("pk"))
        ),
    }


def _engine_country_counts(figures) -> dict:
    nonzero = lambda pairs: {k: v for k, v in pairs if v}  # noqa: E731
    return {
        "incidents": figures.headline["incidents"].value,
        "by_category": nonzero(
            (r.key, r["incidents"].value) for r in figures.incidents_by_category
        ),
        "by_outcome": nonzero((r.key, r["incidents"].value) for r in figures.incidents_by_outcome),
        "items": {r.key: r["quantity"].value for r in figures.items},
        "shifts": figures.headline["shifts"].value,
        "turns": figures.headline["turns"].value,
        "shifts_by_province": nonzero((r.key, r["shifts"].value) for r in figures.breakdown),
        "incidents_by_province": nonzero((r.key, r["incidents"].value) for r in figures.breakdown),
    }


@pytest.mark.parametrize("seed", [4, 5])
def test_rollups_by_unit_follow_models_and_communes_that_move(
    seed, administrator, province, other_province, commune_a, commune_b, patrol_type, camera_type
):
    """Models deactivated, reactivated and given another type, and a commune put under
    another province, between the writes: the rollups still equal the plain counts, and the
    country's dashboard (which reads them) gives the plain counts by province."""
    rng = random.Random(seed)
    models = [
        GrassrootsModelFactory(
            commune=commune, model_type=patrol_type, established_on=datetime.date(2020, 1, 1)
        )
        for commune in (commune_a, commune_a, commune_b)
    ]

    def deactivate(rng):
        model = rng.choice(models)
        model.refresh_from_db()
        if model.deleted_at is None:
            model.soft_delete()

    def reactivate(rng):
        model = rng.choice(models)
        model.refresh_from_db()
        if model.deleted_at is not None:
            model.deleted_at = None
            model.save()

    def retype(rng):
        model = rng.choice(models)
        model.refresh_from_db()
        model.model_type = camera_type if model.model_type_id == patrol_type.pk else patrol_type
        model.save()

    def move_commune(rng):
        commune_b.refresh_from_db()
        commune_b.parent = other_province if commune_b.parent_id == province.pk else province
        commune_b.save()

    moves = [deactivate, reactivate, retype, move_commune]
    _random_writes(rng, models, moves)
    for move in moves:  # each kind at least once, after writes
        move(rng)
    assert _summaries_match() == ZERO
    scope = resolve_scope(administrator)
    assert scope.breakdown == "province"
    for _ in range(8):
        start = FIRST + datetime.timedelta(days=rng.randrange(DAYS - 1))
        end = min(
            start + datetime.timedelta(days=rng.choice([0, 30, 45, 365, 700])),
            FIRST + datetime.timedelta(days=DAYS - 1),
        )
        period = Period(start, end)
        expected = _plain_country_counts(period)
        assert _engine_country_counts(compute(administrator, scope, period)) == expected, period


def _reads_rollup(user, period: Period) -> bool:
    """Whether computing ``user``'s figures reads the incidents' rollup by unit."""
    with CaptureQueriesContext(connection) as ctx:
        compute(user, resolve_scope(user), period)
    return any("patrols_unitincidentmonth" in q["sql"] for q in ctx.captured_queries)


def test_a_province_reads_its_totals_from_the_rollup_only_when_its_communes_are_all_in_force(
    province_staff, province, commune_a, commune_b, patrol_type
):
    """A province whose communes are all in force reads its incidents by category from the
    rollup (the same figures: the test above); one with a commune out of force put under it
    (whose rows the province's figures leave out, as they leave out the commune) reads the
    models' summaries, and its figures still equal a plain count over its communes in force."""
    rng = random.Random(7)
    models = [
        GrassrootsModelFactory(
            commune=commune, model_type=patrol_type, established_on=datetime.date(2020, 1, 1)
        )
        for commune in (commune_a, commune_b)
    ]
    _random_writes(rng, models)
    year = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert _reads_rollup(province_staff, year)

    old = CommuneFactory(
        parent=province, name="Xã Cũ", code="99999", valid_to=datetime.date(2025, 6, 30)
    )
    old_model = GrassrootsModelFactory(
        commune=old, model_type=patrol_type, established_on=datetime.date(2020, 1, 1)
    )
    Incident.objects.create(
        model=old_model,
        commune=old,
        occurred_at=timezone.make_aware(datetime.datetime(2025, 3, 5, 9)),
        category=IncidentCategory.objects.first(),
        detected_by=DetectedBy.PATROL,
        outcome=Outcome.MEDIATED,
    )
    assert not _reads_rollup(province_staff, year)
    got = _engine_counts(compute(province_staff, resolve_scope(province_staff), year))
    assert got == _plain_counts(models, year)
