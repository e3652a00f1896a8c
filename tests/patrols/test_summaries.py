"""The monthly summaries (``ShiftMonth``, ``IncidentMonth``) stay exact whatever is written:
after random inserts, edits (moved to another month, another category, outcome or items),
soft deletes, restores and bulk updates, each summary equals a plain count of its rows, and the
engine (which reads the summaries for whole months and the rows for the days at the edges)
gives the figures a plain count over the rows gives, over random periods."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Q, Sum
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
from tests.factories import GrassrootsModelFactory

pytestmark = pytest.mark.django_db

FIRST = datetime.date(2024, 1, 1)
DAYS = 760  # into February 2026


def _moment(rng: random.Random) -> datetime.datetime:
    day = FIRST + datetime.timedelta(days=rng.randrange(DAYS))
    # Late evenings too: the local day is not the UTC day.
    hour = rng.choice([0, 6, 12, 23])
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 30))


def _random_writes(rng: random.Random, models: list) -> None:
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
    assert _summaries_match() == {"ShiftMonth": 0, "IncidentMonth": 0}
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
