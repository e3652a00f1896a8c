"""bench/results.json: a part measured alone (``manage.py bench --only pages``) keeps the other
part's figures, targets and commit."""

import json

from reports.bench import measure


def test_each_part_keeps_the_others_figures(tmp_path, monkeypatch):
    monkeypatch.setattr(measure, "_machine", lambda: {"description": "a test machine"})
    commits = iter(["aaa1111", "bbb2222", "ccc3333"])
    monkeypatch.setattr(measure, "_commit", lambda: next(commits))
    path = tmp_path / "results.json"
    server = {
        "province_dashboard_1y": {"ms": 250.0, "queries": 15},
        "review_report_annual": {"ms": 4000.0},
        "ratios": {"1y_view_on_10y_vs_1y_data": 1.1, "dashboard_1y_vs_raw_sql": 0.5},
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
    assert written["figures"]["province_dashboard_1y"]["ms"] == 250.0
    assert written["figures"]["entry_page_cold_kb"]["median"] == 45.0
    assert written["met"]["province_dashboard_1y_ms"] is True
    assert written["met"]["entry_page_warm_kb"] is False
    assert written["targets"]["entry_page_warm_kb_max"] == 20
    assert written["targets"]["province_dashboard_1y_ms_max"] == 300

    measure.write_results(
        path,
        server=server | {"province_dashboard_1y": {"ms": 320.0, "queries": 15}},
        data={},
        pages=None,
    )
    written = json.loads(path.read_text())
    assert written["commit"] == "ccc3333" and written["pages_commit"] == "bbb2222"
    assert written["figures"]["entry_page_cold_kb"]["median"] == 45.0
    assert written["met"]["province_dashboard_1y_ms"] is False
    assert written["met"]["entry_page_cold_kb"] is True


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
    server = {
        "province_dashboard_1y": {"ms": 250.0, "queries": 15},
        "review_report_annual": {"ms": 4000.0},
        "ratios": {"1y_view_on_10y_vs_1y_data": 1.1, "dashboard_1y_vs_raw_sql": 0.5},
    }
    measure.write_results(path, server=server, data={"B10": {}}, pages=None)
    measure.write_results(path, server=None, data=None, pages=None, load=load_figures(50, 420.0))
    written = json.loads(path.read_text())
    assert written["commit"] == "aaa1111" and written["load_commit"] == "bbb2222"
    assert written["load_data"]["shifts"] == 1_201_200 and written["load_seconds"] == 300
    assert written["load_date"][:4].isdigit()
    assert written["figures"]["province_dashboard_1y"]["ms"] == 250.0
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
