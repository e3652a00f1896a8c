"""README's benchmark figures are written from bench/results.json, between their markers."""

import json

from reports.bench import readme


def results(ms: float, met: bool) -> dict:
    figure = {"ms": ms, "queries": 15}
    return {
        "commit": "abc1234",
        "machine": {"description": "a 2-core test machine"},
        "figures": {
            **dict.fromkeys(readme.FIGURES, figure),
            "review_report_annual": {"ms": 1400.0, "pages": 9, "ms_per_page": 155.6},
            "plain_html_same_pages": {"ms": 70.0, "pages": 9},
            "ratios": {
                "1y_view_on_10y_vs_1y_data": 1.2,
                "dashboard_1y_vs_raw_sql": 0.43,
                "engine_1y_vs_raw_sql": 0.34,
            },
        },
        "targets": {
            "province_dashboard_1y_ms_max": 300,
            "1y_view_on_10y_vs_1y_data_max": 1.3,
            "dashboard_1y_vs_raw_sql_max": 2.0,
            "review_report_annual_ms_max": 10_000,
        },
        "met": {"province_dashboard_1y_ms": met, "dashboard_1y_vs_raw_sql": True},
    }


def test_the_readme_section_is_rewritten_from_the_results(tmp_path):
    path, page = tmp_path / "results.json", tmp_path / "README.md"
    page.write_text(f"# Title\n\n{readme.START}\nold figures\n{readme.END}\n\nAfter.\n")
    path.write_text(json.dumps(results(476.4, met=False)))
    readme.write(path, page)
    text = page.read_text()
    assert text.startswith("# Title\n\n") and text.endswith("\n\nAfter.\n")
    assert "old figures" not in text
    assert "| `province_dashboard_1y` | 476 ms | 15 |" in text
    assert "a 2-core test machine, commit abc1234" in text
    assert "not met: `province_dashboard_1y_ms`" in text
    path.write_text(json.dumps(results(158.0, met=True)))
    readme.write(path, page)
    assert "| `province_dashboard_1y` | 158 ms | 15 |" in page.read_text()
    assert "all targets met" in page.read_text()
    assert page.read_text().count(readme.START) == 1
