"""bench/results.json: a part measured alone (``manage.py bench --only pages``) keeps the other
part's figures, targets and commit."""

import json

from reports.bench import measure


def test_each_part_keeps_the_others_figures(tmp_path, monkeypatch):
    monkeypatch.setattr(measure, "_machine", lambda: {"description": "a test machine"})
    commits = iter(["aaa1111", "bbb2222", "ccc3333"])
    monkeypatch.setattr(measure, "_commit", lambda: next(commits))
    path = tmp_path / "results.json"
    figure = lambda ms: {"median": ms, "min": ms, "max": ms, "runs": [ms], "queries": 15}  # noqa: E731
    server = {
        **{f"province_dashboard_{name}": figure(250.0) for name in measure.PERIODS},
        "review_report_annual": figure(4000.0),
        "ratios": {"1y_view_on_10y_vs_1y_data": 1.1, "dashboard_1y_vs_best_sql": 1.2},
    }
    kb = lambda v: {"median": v, "min": v, "max": v, "runs": [v]}  # noqa: E731
    pages = {
        "entry_page_cold_kb": kb(45.0),
        "entry_page_warm_kb": kb(25.0),
        "officer_home_cold_kb": kb(95.0),
        "entry_page_slow3g_ms": kb(1600.0),
        "officer_home_slow3g_ms": kb(2900.0),
        "downloads_kb": {},
    }
    measure.write_results(path, server=server, data={"B10": {}}, pages=None)
    measure.write_results(path, server=None, data=None, pages=pages)
    written = json.loads(path.read_text())
    assert written["commit"] == "aaa1111" and written["pages_commit"] == "bbb2222"
    assert written["figures"]["province_dashboard_1y"]["median"] == 250.0
    assert written["date"] and written["machine"] == {"description": "a test machine"}
    assert written["figures"]["entry_page_cold_kb"]["median"] == 45.0
    assert written["met"]["province_dashboard_1y_ms"] is True
    assert written["met"]["entry_page_warm_kb"] is False
    assert written["targets"]["entry_page_warm_kb_max"] == 20
    assert written["targets"]["province_dashboard_ms_max"] == 300

    measure.write_results(
        path,
        server=server | {"province_dashboard_1y": figure(320.0)},
        data={},
        pages=None,
    )
    written = json.loads(path.read_text())
    assert written["commit"] == "ccc3333" and written["pages_commit"] == "bbb2222"
    assert written["figures"]["entry_page_cold_kb"]["median"] == 45.0
    assert written["met"]["province_dashboard_1y_ms"] is False
    assert written["met"]["entry_page_cold_kb"] is True


def national_part(median: float, generation: dict | None) -> dict:
    figure = {"min": median - 10, "median": median, "max": median + 10, "queries": 16}
    return {
        "data": {"VN": {"provinces": 34, "communes": 3321}},
        "generation": generation,
        "figures": {
            "country_dashboard_1y": figure,
            "province_dashboard_1y_in_country": figure,
            "province_dashboard_1y_alone": figure,
        },
        "ratios": {"province_in_country_vs_alone": 1.02},
        "country_breakdown_rows": 34,
    }


def test_the_national_part_is_kept_when_the_others_are_measured(tmp_path, monkeypatch):
    monkeypatch.setattr(measure, "_machine", lambda: {"cores": 2})
    commits = iter(["aaa1111", "bbb2222", "ccc3333", "ddd4444"])
    monkeypatch.setattr(measure, "_commit", lambda: next(commits))
    monkeypatch.setattr(measure, "_now", lambda: "2026-01-02T03:04:05+07:00")
    path = tmp_path / "results.json"
    generated = {"seconds": 600, "max_seconds": 900, "commit": "aaa1111", "date": "2026-01-02"}
    measure.write_results(
        path, server=None, data=None, pages=None, national=national_part(450.0, generated)
    )
    written = json.loads(path.read_text())["national"]
    assert written["commit"] == "aaa1111" and written["date"] == "2026-01-02T03:04:05+07:00"
    assert written["machine"] == {"cores": 2}
    assert written["figures"]["country_dashboard_1y"] == {
        "min": 440.0,
        "median": 450.0,
        "max": 460.0,
        "queries": 16,
    }
    assert written["targets"]["country_dashboard_1y_ms_max"] == 500
    assert written["met"] == {
        "country_dashboard_1y_ms": True,
        "country_dashboard_queries": True,
        "province_in_country_vs_alone": True,
    }

    figure = lambda ms: {"median": ms, "min": ms, "max": ms, "runs": [ms], "queries": 15}  # noqa: E731
    server = {
        **{f"province_dashboard_{name}": figure(250.0) for name in measure.PERIODS},
        "review_report_annual": figure(4000.0),
        "ratios": {"1y_view_on_10y_vs_1y_data": 1.1, "dashboard_1y_vs_best_sql": 1.2},
    }
    measure.write_results(path, server=server, data={"B10": {}}, pages=None)
    written = json.loads(path.read_text())
    assert written["commit"] == "bbb2222"
    assert written["national"]["commit"] == "aaa1111"
    assert written["national"]["figures"]["country_dashboard_1y"]["median"] == 450.0
    assert "country_dashboard_1y_ms" not in written["met"]

    # Measured again on the country as it was generated: its generation time is kept.
    measure.write_results(
        path, server=None, data=None, pages=None, national=national_part(520.0, None)
    )
    written = json.loads(path.read_text())
    assert written["commit"] == "bbb2222"
    assert written["national"]["commit"] == "ccc3333"
    assert written["national"]["generation"] == generated
    assert written["national"]["met"]["country_dashboard_1y_ms"] is False
    assert written["figures"]["province_dashboard_1y"]["median"] == 250.0


def load_figures(capacity: int, dashboard_p95: float) -> dict:
    spread = lambda v: {"value": v, "min": v, "median": v, "max": v, "runs": [v]}  # noqa: E731
    return {
        "figures": {
            "entry_capacity_per_s": spread(capacity),
            "entry_p50_ms": spread(30.0) | {"rate": capacity, "queries": 20},
            "entry_p95_ms": spread(90.0) | {"rate": capacity, "queries": 20},
            "entry_steps": [{"rate": capacity, "passed": True}],
            "dashboard_10_users_p95_ms": spread(dashboard_p95) | {"queries": 16},
        },
        "data": {"province": "B10", "shifts": 1_201_200},
        "seconds": 300,
    }


def test_the_load_part_keeps_and_is_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(measure, "_machine", lambda: {"description": "a test machine"})
    commits = iter(["aaa1111", "bbb2222", "ccc3333"])
    monkeypatch.setattr(measure, "_commit", lambda: next(commits))
    path = tmp_path / "results.json"
    figure = lambda ms: {"median": ms, "min": ms, "max": ms, "runs": [ms], "queries": 15}  # noqa: E731
    server = {
        **{f"province_dashboard_{name}": figure(250.0) for name in measure.PERIODS},
        "review_report_annual": figure(4000.0),
        "ratios": {"1y_view_on_10y_vs_1y_data": 1.1, "dashboard_1y_vs_best_sql": 1.2},
    }
    measure.write_results(path, server=server, data={"B10": {}}, pages=None)
    measure.write_results(path, server=None, data=None, pages=None, load=load_figures(50, 420.0))
    written = json.loads(path.read_text())
    assert written["commit"] == "aaa1111" and written["load_commit"] == "bbb2222"
    assert written["load_data"]["shifts"] == 1_201_200 and written["load_seconds"] == 300
    assert written["load_date"][:4].isdigit()
    assert written["figures"]["province_dashboard_1y"]["median"] == 250.0
    assert written["figures"]["entry_capacity_per_s"]["value"] == 50
    assert written["targets"]["entry_capacity_per_s_min"] == 40
    assert written["targets"]["dashboard_10_users_p95_ms_max"] == 400
    assert written["met"]["entry_capacity_per_s"] is True
    assert written["met"]["dashboard_10_users_p95_ms"] is False
    assert written["met"]["province_dashboard_1y_ms"] is True

    measure.write_results(path, server=server, data={}, pages=None)
    written = json.loads(path.read_text())
    assert written["commit"] == "ccc3333" and written["load_commit"] == "bbb2222"
    assert written["figures"]["entry_steps"] == [{"rate": 50, "passed": True}]
    assert written["figures"]["dashboard_10_users_p95_ms"]["value"] == 420.0
    assert written["met"]["dashboard_10_users_p95_ms"] is False
    assert written["targets"]["dashboard_10_users_p95_ms_max"] == 400
