"""The benchmark figures in README.md, written from bench/results.json (between the markers
``<!-- bench:start -->`` and ``<!-- bench:end -->``), so the README says what was measured."""

from __future__ import annotations

import json
from pathlib import Path

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
FIGURES = [
    "province_dashboard_1y",
    "province_dashboard_10y",
    "province_dashboard_1y_on_1y_data",
    "commune_page_1y",
    "statistics_api_1y",
    "completeness_30d",
    "engine_1y",
    "raw_sql_1y",
    "raw_sql_10y",
]
# The commune officer's pages, with their budgets (reports/bench/pages.py).
PAGE_FIGURES = [
    "entry_page_cold_kb",
    "entry_page_warm_kb",
    "officer_home_cold_kb",
    "entry_page_slow3g_ms",
    "officer_home_slow3g_ms",
]


def section(results: dict) -> str:
    figures, ratios, targets = results["figures"], results["figures"]["ratios"], results["targets"]
    missed = [name for name, met in results["met"].items() if not met]
    machine = results.get("machine", {})
    lines = [
        f"Measured on {machine.get('description', 'this machine')}"
        + (f", commit {results['commit']}" if results.get("commit") else "")
        + ", period 2025 unless said ("
        + ("all targets met" if not missed else "not met: " + ", ".join(f"`{m}`" for m in missed))
        + "):",
        "",
        "| figure | median | queries |",
        "| --- | ---: | ---: |",
    ]
    lines += [
        f"| `{name}` | {figures[name]['ms']:.0f} ms | {figures[name]['queries']} |"
        for name in FIGURES
    ]
    review, plain = figures["review_report_annual"], figures["plain_html_same_pages"]
    lines += [
        "",
        "Ratios: one-year view on ten years of data against the same view on one year of data "
        f"**{ratios['1y_view_on_10y_vs_1y_data']:.2f}×** (target ≤ "
        f"{targets['1y_view_on_10y_vs_1y_data_max']}); province dashboard against the raw SQL "
        f"of the same aggregates **{ratios['dashboard_1y_vs_raw_sql']:.2f}×** (target ≤ "
        f"{targets['dashboard_1y_vs_raw_sql_max']}); the engine alone against that SQL "
        f"{ratios['engine_1y_vs_raw_sql']:.2f}×; the province dashboard for one year "
        f"{figures['province_dashboard_1y']['ms']:.0f} ms (target ≤ "
        f"{targets['province_dashboard_1y_ms_max']} ms).",
        "",
        "Review report: the province's annual tổng kết with its 150-commune appendix, from the "
        f"request to a ready PDF (job run inline): **{review['ms'] / 1000:.1f} s** for "
        f"{review['pages']} pages ({review['ms_per_page']:.0f} ms a page; target under "
        f"{targets['review_report_annual_ms_max'] / 1000:.0f} s); WeasyPrint alone on a plain "
        f"text document of the same page count takes {plain['ms']:.0f} ms.",
    ]
    if PAGE_FIGURES[0] in figures:
        lines += ["", *pages_section(results)]
    if "entry_capacity_per_s" in figures:
        lines += ["", *load_section(results)]
    return "\n".join(lines)


def load_section(results: dict) -> list[str]:
    """The load part (``reports/bench/load.py``): its four figures with their targets, and each
    step of the entry rate."""
    figures, targets, met = results["figures"], results["targets"], results["met"]
    capacity, p50, p95 = (figures[f"entry_{n}"] for n in ("capacity_per_s", "p50_ms", "p95_ms"))
    dashboard = figures["dashboard_10_users_p95_ms"]
    data = results.get("load_data", {})
    verdict = lambda name: "met" if met.get(name) else "**not met**"  # noqa: E731
    spread = lambda f, unit: f"{f['min']:.0f}–{f['median']:.0f}–{f['max']:.0f} {unit}"  # noqa: E731
    minutes = f", {results['load_seconds'] / 60:.1f} minutes" if "load_seconds" in results else ""
    lines = [
        "Under load (`reports/bench/load.py`): gunicorn as docker-compose.yml runs it, on a "
        "copy of "
        + (
            f"`{data['database']}` (province {data['province']}: {data['communes']} communes, "
            f"{data['patrol_teams']} patrol teams, {data['shifts']:,} shifts)"
            if data.get("database")
            else "the benchmark database"
        )
        + ", locust on the same machine; commune officers post valid shifts through the API at "
        "a fixed arrival rate, stepped up until the 95th percentile passes 150 ms, an answer is "
        "an error or a shift is not saved exactly once; ten province staff read the dashboard "
        "a page a second. Each figure over the whole measure, with the smallest, median and "
        "largest of its windows"
        + (f", commit {results['load_commit']}" if results.get("load_commit") else "")
        + (f", {results['load_date'][:10]}" if results.get("load_date") else "")
        + minutes
        + ":",
        "",
        "| figure | value | windows | target | |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| `entry_capacity_per_s` | {capacity['value']:g} shifts/s | "
        f"{spread(capacity, 'sent/s')} | ≥ {targets['entry_capacity_per_s_min']}/s | "
        f"{verdict('entry_capacity_per_s')} |",
        f"| `entry_p50_ms` (at {p50['rate']}/s) | {p50['value']:.0f} ms | {spread(p50, 'ms')} | "
        "— | |",
        f"| `entry_p95_ms` (at {p95['rate']}/s) | {p95['value']:.0f} ms | {spread(p95, 'ms')} | "
        "≤ 150 ms | |",
        f"| `dashboard_10_users_p95_ms` | {dashboard['value']:.0f} ms | "
        f"{spread(dashboard, 'ms')} | ≤ {targets['dashboard_10_users_p95_ms_max']} ms | "
        f"{verdict('dashboard_10_users_p95_ms')} |",
        "",
        f"A shift post makes {p95.get('queries', '?')} SQL queries, a dashboard "
        f"{dashboard.get('queries', '?')}{_page_cpu(dashboard.get('cpu_ms_per_page') or {})}"
        ". The steps, with the CPU time a shift took in gunicorn's workers, in PostgreSQL's "
        "backends and in locust (from /proc, over the step):",
        "",
        "| rate | p50 | p95 | sent | saved | errors | CPU a shift | |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for step in figures.get("entry_steps", []):
        lines.append(
            f"| {step['rate']}/s | {step['p50_ms']['value']:.0f} ms | "
            f"{step['p95_ms']['value']:.0f} ms | {step['sent']} | {step['saved']} | "
            f"{step['errors']} | {_cpu(step.get('cpu_ms_per_shift', {}))} | "
            + ("passed" if step["passed"] else "failed: " + "; ".join(step["failures"]))
            + " |"
        )
    return lines


def _page_cpu(used: dict) -> str:
    if used.get("gunicorn") is None or used.get("postgresql") is None:
        return ""
    return (
        f" and took {used['gunicorn']:.0f} + {used['postgresql']:.0f} ms of CPU "
        "(gunicorn + PostgreSQL) a page under load"
    )


def _cpu(used: dict) -> str:
    parts = [used.get(name) for name in ("gunicorn", "postgresql", "load_tool")]
    if any(part is None for part in parts):
        return "—"
    return " + ".join(f"{part:.0f}" for part in parts) + " ms"


def pages_section(results: dict) -> list[str]:
    figures, targets, met = results["figures"], results["targets"], results["met"]
    commit = results.get("pages_commit")
    runs = len(figures[PAGE_FIGURES[0]]["runs"])
    lines = [
        "A commune officer's pages on a phone (`reports/bench/pages.py`): Chromium against the "
        "portal served as in production (gunicorn, whitenoise after `collectstatic`, "
        "`DEBUG=0`) on the demo data, as `hiepthanh`; bytes transferred with an empty cache "
        "(a new browser context) and a warm one (the page reloaded), and the time until the "
        "page has loaded at 400 kbit/s and 400 ms latency; "
        f"median of {runs} runs with the smallest and largest"
        + (f", commit {commit}" if commit else "")
        + ":",
        "",
        "| figure | median | runs | budget | |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for name in PAGE_FIGURES:
        f = figures[name]
        unit = name.rsplit("_", 1)[1]
        budget = targets.get(f"{name}_max")
        verdict = "" if name not in met else ("met" if met[name] else "**not met**")
        lines.append(
            f"| `{name}` | {_amount(f['median'], unit)} | {_amount(f['min'], unit, False)}–"
            f"{_amount(f['max'], unit)} | "
            + (f"≤ {budget:g} {'KB' if unit == 'kb' else 'ms'}" if budget is not None else "—")
            + f" | {verdict} |"
        )
    return lines


def _amount(value: float, unit: str, with_unit: bool = True) -> str:
    text = f"{value:.1f}" if unit == "kb" else f"{value:.0f}"
    return f"{text} {'KB' if unit == 'kb' else 'ms'}" if with_unit else text


def write(results_path: Path, readme_path: Path) -> None:
    results = json.loads(results_path.read_text())
    text = readme_path.read_text()
    before, _sep, rest = text.partition(START)
    _old, _sep, after = rest.partition(END)
    readme_path.write_text(f"{before}{START}\n{section(results)}\n{END}{after}")
