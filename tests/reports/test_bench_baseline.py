"""The bench's hand-written SQL (reports/bench/baseline.py) gives exactly the engine's figures
on the fixed province: every figure of the dashboard, the breakdown and the trend included —
the bench checks the same before it times them against each other."""

import datetime

import pytest

from reports.bench.baseline import best_sql, canonical, differences
from reports.statistics import Period, compute, resolve_scope

YEAR = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


@pytest.mark.parametrize(
    "period",
    [
        YEAR,
        Period(datetime.date(2025, 1, 15), datetime.date(2025, 12, 20)),  # edge days
        Period(datetime.date(2025, 3, 5), datetime.date(2025, 3, 20)),  # no whole month
        Period(datetime.date(2016, 1, 1), datetime.date(2025, 12, 31)),  # ten years
    ],
    ids=str,
)
def test_best_sql_gives_the_engines_figures(world, province_staff, province, period):
    engine = canonical(compute(province_staff, resolve_scope(province_staff), period))
    sql = best_sql(province, period, today=datetime.date(2026, 1, 2))
    assert differences(engine, sql) == []
    # The comparison sees what it compares: the year's figures are not empty.
    if period == YEAR:
        assert engine["headline"]["shifts"] == (3, 2)
        assert engine["breakdown"] and engine["trend"] and engine["incidents_by_category"]


def test_differences_name_what_differs(world, province_staff, province):
    engine = canonical(compute(province_staff, resolve_scope(province_staff), YEAR))
    changed = canonical(compute(province_staff, resolve_scope(province_staff), YEAR))
    changed["headline"]["shifts"] = (4, 2)
    del changed["trend"][next(iter(changed["trend"]))]
    found = differences(engine, changed)
    assert any(line.startswith("/headline/shifts") for line in found)
    assert any(line.startswith("/trend/") for line in found)
