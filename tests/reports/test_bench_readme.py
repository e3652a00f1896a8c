"""README's benchmark figures are written from bench/results.json, between their markers."""

import json

from reports.bench import readme


def results(ms: float, met: bool) -> dict:
    figure = {"median": ms, "min": ms - 10, "max": ms + 20, "runs": [ms] * 15, "queries": 15}
    return {
        "commit": "abc1234",
        "date": "2026-12-01T10:00:00+07:00",
        "machine": {"description": "a 2-core test machine"},
        "figures": {
            **dict.fromkeys(readme.FIGURES, figure),
            "review_report_annual": {
                "median": 1400.0,
                "min": 1350.0,
                "max": 1500.0,
                "pages": 9,
                "ms_per_page": 155.6,
            },
            "plain_html_same_pages": {"median": 70.0, "min": 69.0, "max": 72.0, "pages": 9},
            "ratios": {
                "1y_view_on_10y_vs_1y_data": 1.2,
                "dashboard_1y_vs_best_sql": 1.31,
                "engine_1y_vs_best_sql": 1.12,
                "dashboard_10y_vs_best_sql": 1.4,
                "engine_10y_vs_best_sql": 1.2,
            },
        },
        "targets": {
            "province_dashboard_ms_max": 300,
            "province_dashboard_queries_max": 20,
            "1y_view_on_10y_vs_1y_data_max": 1.3,
            "dashboard_1y_vs_best_sql_max": 1.5,
            "review_report_annual_ms_max": 10_000,
        },
        "met": {"province_dashboard_1y_ms": met, "dashboard_1y_vs_best_sql": True},
    }


def test_the_readme_section_is_rewritten_from_the_results(tmp_path):
    path, page = tmp_path / "results.json", tmp_path / "README.md"
    page.write_text(f"# Title\n\n{readme.START}\nold figures\n{readme.END}\n\nAfter.\n")
    path.write_text(json.dumps(results(476.4, met=False)))
    readme.write(path, page)
    text = page.read_text()
    assert text.startswith("# Title\n\n") and text.endswith("\n\nAfter.\n")
    assert "old figures" not in text
    assert (
        "| `province_dashboard_1y` | 476 ms | 466–496 ms | 15 | ≤ 300 ms, ≤ 20 queries "
        "| **not met** |" in text
    )
    assert "| `best_sql_1y` | 476 ms | 466–496 ms | 15 |  |  |" in text
    assert "a 2-core test machine, commit abc1234, 2026-12-01T10:00:00+07:00" in text
    assert "not met: `province_dashboard_1y_ms`" in text
    assert "**1.31×** for one year (target ≤ 1.5; met)" in text
    path.write_text(json.dumps(results(158.0, met=True)))
    readme.write(path, page)
    assert "| `province_dashboard_1y` | 158 ms | 148–178 ms | 15 |" in page.read_text()
    assert "all targets met" in page.read_text()
    assert page.read_text().count(readme.START) == 1


def test_the_pages_figures_are_written_with_their_budgets(tmp_path):
    path, page = tmp_path / "results.json", tmp_path / "README.md"
    page.write_text(f"{readme.START}\n{readme.END}\n")
    data = results(476.4, met=True)
    spread = lambda median, low, high: {  # noqa: E731
        "median": median,
        "min": low,
        "max": high,
        "runs": [low, median, high],
    }
    data["figures"] |= {
        "entry_page_cold_kb": spread(45.2, 45.2, 45.3),
        "entry_page_warm_kb": spread(25.0, 24.9, 25.1),
        "officer_home_cold_kb": spread(95.0, 95.0, 95.0),
        "entry_page_slow3g_ms": spread(1650.0, 1600.4, 1702.6),
        "officer_home_slow3g_ms": spread(2900.0, 2850.0, 2990.0),
    }
    data["targets"] |= {
        "entry_page_cold_kb_max": 150,
        "entry_page_warm_kb_max": 20,
        "officer_home_cold_kb_max": 250,
        "entry_page_slow3g_ms_max": 5000,
    }
    data["met"] |= {
        "entry_page_cold_kb": True,
        "entry_page_warm_kb": False,
        "officer_home_cold_kb": True,
        "entry_page_slow3g_ms": True,
    }
    data["pages_commit"] = "def5678"
    path.write_text(json.dumps(data))
    readme.write(path, page)
    text = page.read_text()
    assert "not met: `entry_page_warm_kb`" in text
    assert "median of 3 runs with the smallest and largest, commit def5678" in text
    assert "| `entry_page_cold_kb` | 45.2 KB | 45.2–45.3 KB | ≤ 150 KB | met |" in text
    assert "| `entry_page_warm_kb` | 25.0 KB | 24.9–25.1 KB | ≤ 20 KB | **not met** |" in text
    assert "| `entry_page_slow3g_ms` | 1650 ms | 1600–1703 ms | ≤ 5000 ms | met |" in text
    assert "| `officer_home_slow3g_ms` | 2900 ms | 2850–2990 ms | — |  |" in text


def test_the_national_figures_are_written_with_their_targets(tmp_path):
    path, page = tmp_path / "results.json", tmp_path / "README.md"
    page.write_text(f"{readme.START}\n{readme.END}\n")
    data = results(250.0, met=True)
    spread = lambda median, low, high, queries=16: {  # noqa: E731
        "min": low,
        "median": median,
        "max": high,
        "queries": queries,
        "runs": [low, median, high],
    }
    data["national"] = {
        "commit": "fed9876",
        "date": "2026-01-02T03:04:05+07:00",
        "machine": {"cores": 2},
        "data": {
            "VN": {
                "provinces": 34,
                "communes": 3321,
                "models": 55350,
                "persons": 774900,
                "shifts": 3736800,
                "participant_turns": 18684000,
                "incidents": 1245600,
            }
        },
        "generation": {"seconds": 612, "max_seconds": 900, "commit": "fed9876", "date": "x"},
        "figures": {
            "country_dashboard_1y": spread(1840.4, 1790.0, 2010.6),
            "country_engine_1y": spread(900.0, 880.0, 950.0, queries=10),
            "province_dashboard_1y_in_country": spread(310.0, 300.0, 330.0),
            "province_dashboard_1y_alone": spread(300.0, 295.0, 320.0),
        },
        "ratios": {"province_in_country_vs_alone": 1.03},
        "country_breakdown_rows": 3321,
        "targets": {
            "country_dashboard_1y_ms_max": 500,
            "country_dashboard_queries_max": 20,
            "province_in_country_vs_alone_max": 1.1,
        },
        "met": {
            "country_dashboard_1y_ms": False,
            "country_dashboard_queries": True,
            "province_in_country_vs_alone": True,
        },
    }
    path.write_text(json.dumps(data))
    readme.write(path, page)
    text = page.read_text()
    assert "all targets met" in text  # the province's, measured by make bench
    assert (
        "34 provinces, 3,321 communes, 55,350 models, 774,900 persons, 3,736,800 shifts, "
        "18,684,000 participant turns, 1,245,600 incidents" in text
    )
    assert "generated in 10 min 12 s (target under 15 min; commit fed9876)" in text
    assert "Measured 2026-01-02 on 2 cores, commit fed9876; median of 3 runs" in text
    assert "not met: `country_dashboard_1y_ms`" in text
    assert "| `country_dashboard_1y` | 1840 ms | 1790–2011 ms | 16 |" in text
    assert "| `province_dashboard_1y_alone` | 300 ms | 295–320 ms | 16 |" in text
    assert "its table 3,321 rows (one a commune; one a province is wanted, 34)" in text
    assert "**1.03×** (target ≤ 1.1)" in text


def test_the_load_figures_are_written_with_their_targets_and_steps(tmp_path):
    path, page = tmp_path / "results.json", tmp_path / "README.md"
    page.write_text(f"{readme.START}\n{readme.END}\n")
    data = results(250.0, met=True)
    spread = lambda value, low, mid, high: {  # noqa: E731
        "value": value,
        "min": low,
        "median": mid,
        "max": high,
        "runs": [low, mid, high],
    }
    step = lambda rate, p95, failures: {  # noqa: E731
        "rate": rate,
        "p50_ms": spread(40.0, 38.0, 40.0, 43.0),
        "p95_ms": spread(p95, p95, p95, p95),
        "sent": rate * 25,
        "saved": rate * 25,
        "errors": 0,
        "cpu_ms_per_shift": {"gunicorn": 17.4, "postgresql": 8.2, "load_tool": 1.6},
        "passed": not failures,
        "failures": failures,
    }
    data["figures"] |= {
        "entry_capacity_per_s": spread(40, 39.5, 40.0, 40.25),
        "entry_p50_ms": spread(41.2, 38.0, 40.0, 43.0) | {"rate": 40, "queries": 21},
        "entry_p95_ms": spread(118.6, 101.0, 110.0, 131.0) | {"rate": 40, "queries": 21},
        "entry_steps": [step(40, 118.6, []), step(50, 212.0, ["p95 212 ms (worst window 212 ms)"])],
        "dashboard_10_users_p95_ms": spread(455.0, 420.0, 450.0, 470.0)
        | {"queries": 16, "cpu_ms_per_page": {"gunicorn": 72.0, "postgresql": 45.9}},
    }
    data["targets"] |= {"entry_capacity_per_s_min": 40, "dashboard_10_users_p95_ms_max": 400}
    data["met"] |= {"entry_capacity_per_s": True, "dashboard_10_users_p95_ms": False}
    data |= {
        "load_commit": "fed9876",
        "load_date": "2026-12-01T10:00:00+00:00",
        "load_seconds": 300,
        "load_data": {
            "database": "anninh_bench",
            "province": "B10",
            "communes": 150,
            "patrol_teams": 1000,
            "shifts": 1201200,
        },
    }
    path.write_text(json.dumps(data))
    readme.write(path, page)
    text = page.read_text()
    assert "not met: `dashboard_10_users_p95_ms`" in text
    assert (
        "copy of `anninh_bench` (province B10: 150 communes, 1000 patrol teams, 1,201,200" in text
    )
    assert "commit fed9876, 2026-12-01, 5.0 minutes:" in text
    assert "| `entry_capacity_per_s` | 40 shifts/s | 40–40–40 sent/s | ≥ 40/s | met |" in text
    assert "| `entry_p95_ms` (at 40/s) | 119 ms | 101–110–131 ms | ≤ 150 ms | |" in text
    assert (
        "| `dashboard_10_users_p95_ms` | 455 ms | 420–450–470 ms | ≤ 400 ms | **not met** |" in text
    )
    assert (
        "A shift post makes 21 SQL queries, a dashboard 16 and took 72 + 46 ms of CPU "
        "(gunicorn + PostgreSQL) a page under load." in text
    )
    assert "| 40/s | 40 ms | 119 ms | 1000 | 1000 | 0 | 17 + 8 + 2 ms | passed |" in text
    assert (
        "| 50/s | 40 ms | 212 ms | 1250 | 1250 | 0 | 17 + 8 + 2 ms | failed: p95 212 ms "
        "(worst window 212 ms) |" in text
    )
