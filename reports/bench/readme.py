"""The benchmark figures in README.md, written from bench/results.json (between the markers
``<!-- bench:start -->`` and ``<!-- bench:end -->``), so the README says what was measured."""

from __future__ import annotations

import json
from pathlib import Path

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
# The server's figures, each with the target it is held to (a key of "met"), if any.
FIGURES = {
    "province_dashboard_1m": "province_dashboard_1m_ms",
    "province_dashboard_1q": "province_dashboard_1q_ms",
    "province_dashboard_1y": "province_dashboard_1y_ms",
    "province_dashboard_5y": "province_dashboard_5y_ms",
    "province_dashboard_10y": "province_dashboard_10y_ms",
    "province_dashboard_1y_on_1y_data": None,
    "commune_page_1y": None,
    "statistics_api_1y": None,
    "completeness_30d": None,
    "engine_1y": None,
    "engine_10y": None,
    "best_sql_1y": None,
    "best_sql_10y": None,
}
# The commune officer's pages, with their budgets (reports/bench/pages.py).
PAGE_FIGURES = [
    "entry_page_cold_kb",
    "entry_page_warm_kb",
    "officer_home_cold_kb",
    "entry_page_slow3g_ms",
    "officer_home_slow3g_ms",
]


def verdict(met: dict, name: str | None) -> str:
    if name is None or name not in met:
        return ""
    return "met" if met[name] else "**not met**"


def section(results: dict) -> str:
    figures, ratios, targets = results["figures"], results["figures"]["ratios"], results["targets"]
    met = results["met"]
    missed = [name for name, ok in met.items() if not ok]
    machine = results.get("machine", {})
    dashboard_ms = targets["province_dashboard_ms_max"]
    lines = [
        f"Measured on {machine.get('description', 'this machine')}"
        + (f", commit {results['commit']}" if results.get("commit") else "")
        + (f", {results['date']}" if results.get("date") else "")
        + "; "
        + ("all targets met" if not missed else "not met: " + ", ".join(f"`{m}`" for m in missed))
        + ". Each figure is the median of "
        + f"{len(figures['province_dashboard_1y']['runs'])} runs taken in turns, with the smallest "
        "and largest; periods end on 31/12/2025 (1m: December, 1q: the fourth quarter, 1y: "
        "2025, 5y: 2021–2025, 10y: 2016–2025):",
        "",
        "| figure | median | min–max | queries | target |  |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for name, target in FIGURES.items():
        f = figures[name]
        limit = (
            f"≤ {dashboard_ms} ms, ≤ {targets['province_dashboard_queries_max']} queries"
            if target
            else ""
        )
        lines.append(
            f"| `{name}` | {f['median']:.0f} ms | {f['min']:.0f}–{f['max']:.0f} ms "
            f"| {f['queries']} | {limit} | {verdict(met, target)} |"
        )
    review, plain = figures["review_report_annual"], figures["plain_html_same_pages"]
    lines += [
        "",
        "The hand-written SQL (`best_sql`, reports/bench/baseline.py) computes every figure of "
        "the province dashboard from the same tables, monthly summaries included, and the bench "
        "checks that it gives the engine's figures before timing either. The dashboard page "
        f"against it: **{ratios['dashboard_1y_vs_best_sql']:.2f}×** for one year (target ≤ "
        f"{targets['dashboard_1y_vs_best_sql_max']}; {verdict(met, 'dashboard_1y_vs_best_sql')}), "
        f"{ratios['dashboard_10y_vs_best_sql']:.2f}× for ten; the engine alone "
        f"{ratios['engine_1y_vs_best_sql']:.2f}× and {ratios['engine_10y_vs_best_sql']:.2f}×. "
        "A one-year view on ten years of data against the same view on one year of data: "
        f"**{ratios['1y_view_on_10y_vs_1y_data']:.2f}×** (target ≤ "
        f"{targets['1y_view_on_10y_vs_1y_data_max']}; "
        f"{verdict(met, '1y_view_on_10y_vs_1y_data')}).",
        "",
        "Review report: the province's annual tổng kết with its 150-commune appendix, from the "
        f"request to a ready PDF (job run inline): **{review['median'] / 1000:.1f} s** "
        f"({review['min'] / 1000:.1f}–{review['max'] / 1000:.1f} s) for "
        f"{review['pages']} pages ({review['ms_per_page']:.0f} ms a page; target under "
        f"{targets['review_report_annual_ms_max'] / 1000:.0f} s); WeasyPrint alone on a plain "
        f"text document of the same page count takes {plain['median']:.0f} ms.",
    ]
    if PAGE_FIGURES[0] in figures:
        lines += ["", *pages_section(results)]
    if "entry_capacity_per_s" in figures:
        lines += ["", *load_section(results)]
    if "national" in results:
        lines += ["", *national_section(results["national"])]
    return "\n".join(lines)


# The generated country's figures (reports/bench/national.py), with their targets.
NATIONAL_FIGURES = [
    "country_dashboard_1y",
    "country_engine_1y",
    "province_dashboard_1y_in_country",
    "province_dashboard_1y_alone",
]


def national_section(national: dict) -> list[str]:
    figures, targets, met = national["figures"], national["targets"], national["met"]
    country = national["data"]["VN"]
    generation = national.get("generation") or {}
    missed = [name for name, ok in met.items() if not ok]
    runs = len(figures[NATIONAL_FIGURES[0]]["runs"])
    cores = national.get("machine", {}).get("cores")
    lines = [
        "The generated country (`make bench-national`, `reports/bench/national.py`): "
        f"{country['provinces']} provinces, {country['communes']:,} communes, "
        f"{country['models']:,} models, {country['persons']:,} persons, "
        f"{country['shifts']:,} shifts, {country['participant_turns']:,} participant turns, "
        f"{country['incidents']:,} incidents (B10 with ten years, the other provinces 2025)"
        + (
            f", generated in {_duration(generation['seconds'])} (target under "
            f"{_duration(generation['max_seconds'])}; commit {generation['commit']})"
            if generation
            else ""
        )
        + f". Measured {national.get('date', '')[:10]}"
        + (f" on {cores} cores" if cores else "")
        + (f", commit {national['commit']}" if national.get("commit") else "")
        + f"; median of {runs} runs in turns with the smallest and largest ("
        + ("all targets met" if not missed else "not met: " + ", ".join(f"`{m}`" for m in missed))
        + "):",
        "",
        "| figure | median | runs | queries |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [
        f"| `{name}` | {figures[name]['median']:.0f} ms | {figures[name]['min']:.0f}–"
        f"{figures[name]['max']:.0f} ms | {figures[name]['queries']} |"
        for name in NATIONAL_FIGURES
    ]
    ratio = national["ratios"]["province_in_country_vs_alone"]
    rows = national.get("country_breakdown_rows")
    lines += [
        "",
        f"The country's dashboard for 2025 {figures['country_dashboard_1y']['median']:.0f} ms "
        f"(target ≤ {targets['country_dashboard_1y_ms_max']} ms) in "
        f"{figures['country_dashboard_1y']['queries']} queries (target ≤ "
        f"{targets['country_dashboard_queries_max']})"
        + (f", its table {rows:,} rows" if rows is not None else "")
        + (
            f" (one a commune; one a province is wanted, {country['provinces']})"
            if rows is not None and rows != country["provinces"]
            else ""
        )
        + "; B10's dashboard in the country against the same page on B10 alone "
        f"(`<name>_bench`) **{ratio:.2f}×** (target ≤ "
        f"{targets['province_in_country_vs_alone_max']}).",
    ]
    return lines


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest:02d} s" if rest else f"{minutes} min"


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
