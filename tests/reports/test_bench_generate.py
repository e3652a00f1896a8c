"""The bench's generator (reports/bench/generate.py) writes rows the schema accepts and the
engine reads: a small province generated here as `make bench` generates its two, then its
figures checked against the hand-written SQL. A new NOT NULL column, constraint or trigger
that the generator's raw SQL does not know about fails here, not an hour into `make bench`."""

import datetime

import pytest

from areas.models import Area
from areas.scoping import unscoped
from models_registry.models import GrassrootsModel, ModelRating
from models_registry.models.rating_rules import SCALE_VALUES
from reports.bench import Province
from reports.bench.baseline import best_sql, canonical, differences
from reports.bench.generate import bench_user, counts, generate_province, rebuild_summaries
from reports.statistics import Period, compute, resolve_scope

pytestmark = pytest.mark.django_db

YEAR = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


@pytest.fixture
def generated(country):
    with unscoped("the test generates a whole province as the bench does"):
        generate_province(Province("Tỉnh Thử nghiệm (kiểm thử)", "T01", 1, communes=3))
        rebuild_summaries()
        yield Area.objects.get(code="T01", level=1)


def test_a_generated_province_has_its_rows(generated):
    with unscoped("the test counts a whole generated province"):
        found = counts("T01")
        models = GrassrootsModel.objects.in_unit(generated).count()
        ratings = list(
            ModelRating.objects.filter(model__commune__parent=generated).values_list(
                "scale", "rating", "model__model_type__rating_scale"
            )
        )
    assert found["communes"] == 3
    assert found["models"] == models >= 3 * 16
    assert found["shifts"] > 0 and found["participant_turns"] > found["shifts"]
    assert found["incidents"] > 0
    assert found["years"] == [2025, 2025]
    # One rating a model for the year, on its type's scale, with a value of that scale.
    assert len(ratings) == models
    assert all(scale == type_scale for scale, _, type_scale in ratings)
    assert all(rating in SCALE_VALUES[scale] for scale, rating, _ in ratings)


def test_a_generated_province_gives_the_same_figures_by_engine_and_by_sql(generated):
    with unscoped("the test makes the bench's user of the generated province"):
        user = bench_user("T01")
    engine = canonical(compute(user, resolve_scope(user), YEAR))
    assert engine["headline"]["shifts"][0] > 0
    assert differences(engine, best_sql(generated, YEAR)) == []
