"""README's benchmark figures are written from bench/results.json, between their markers."""

import json

from reports.bench import readme


def results(ms: float, met: bool) -> dict:
    figure = {"median": ms, "min": ms - 10, "max": ms + 20, "runs": 15, "queries": 15}
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
