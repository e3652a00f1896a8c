"""make bench-national's country: 34 provinces, 3,321 communes, B10 as the bench has it and the
others at its density with one year; the arithmetic of the plan, not a generation."""

import pytest

from reports import bench
from reports.bench import national


def test_the_country_has_34_provinces_and_3321_communes():
    provinces = national.plan()
    assert len(provinces) == 34
    assert sum(p.communes for p in provinces) == 3321
    assert len({p.code for p in provinces}) == 34
    assert {bench.PROVINCES[1].code} & {p.code for p in provinces} == set()


def test_b10_is_the_bench_province_and_the_others_share_the_rest_with_one_year():
    b10, *others = national.plan()
    assert b10 == bench.PROVINCES[0]
    assert (b10.code, b10.communes, b10.years) == ("B10", 150, 10)
    assert len(others) == 33
    assert sum(p.communes for p in others) == 3171
    assert {p.communes for p in others} == {96, 97}
    assert {p.years for p in others} == {1}


def test_each_commune_at_the_bench_province_density():
    # The bench province alone: what README says make bench generates.
    b10 = national.expected([bench.PROVINCES[0]])
    assert b10["models"] == 2500
    assert b10["persons"] == 35_000
    assert b10["shifts"] == pytest.approx(1_201_200, rel=0.01)
    assert b10["participant_turns"] == pytest.approx(6_006_000, rel=0.01)
    assert b10["incidents"] == pytest.approx(400_400, rel=0.01)
    # One year of the whole country: about 2.7 million shifts and 13 million turns.
    one_year = national.expected([bench.Province("", "", 1, communes=3321)])
    assert one_year["shifts"] == pytest.approx(2_700_000, rel=0.02)
    assert one_year["participant_turns"] == pytest.approx(13_300_000, rel=0.01)
    # The country as generated: that year plus B10's nine earlier years.
    country = national.expected(national.plan())
    assert country["provinces"] == 34 and country["communes"] == 3321
    assert country["shifts"] == pytest.approx(one_year["shifts"] + 0.9 * b10["shifts"], abs=1)
    assert country["persons"] == one_year["persons"]


def test_targets():
    assert national.TARGETS == {
        "country_dashboard_1y_ms_max": 500,
        "country_dashboard_queries_max": 20,
        "province_in_country_vs_alone_max": 1.1,
    }
    figure = {"min": 400.0, "median": 450.0, "max": 520.0, "queries": 16, "runs": [450.0]}
    assert national.met(
        {
            "figures": {"country_dashboard_1y": figure},
            "ratios": {"province_in_country_vs_alone": 1.12},
        }
    ) == {
        "country_dashboard_1y_ms": True,
        "country_dashboard_queries": True,
        "province_in_country_vs_alone": False,
    }
