"""The measures: the dashboards over every length of period and the engine, timed in turns
against the hand-written SQL of the same figures (``baseline``; both checked equal first), and
the annual tổng kết from request to PDF; each figure the smallest, middle and largest of its
runs, written to bench/results.json with the commit, the date and the machine."""

from __future__ import annotations

import datetime
import json
import os
import platform
import statistics
import subprocess
import time
from pathlib import Path

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reports.bench import FIRST_YEAR, LAST_YEAR, log
from reports.bench.baseline import best_sql, canonical, differences
from reports.bench.generate import bench_user
from reports.statistics.periods import Period

PERIODS = {
    # The province dashboard over every length of period a user picks, ending with the year.
    "1m": (datetime.date(LAST_YEAR, 12, 1), datetime.date(LAST_YEAR, 12, 31)),
    "1q": (datetime.date(LAST_YEAR, 10, 1), datetime.date(LAST_YEAR, 12, 31)),
    "1y": (datetime.date(LAST_YEAR, 1, 1), datetime.date(LAST_YEAR, 12, 31)),
    "5y": (datetime.date(LAST_YEAR - 4, 1, 1), datetime.date(LAST_YEAR, 12, 31)),
    "10y": (datetime.date(FIRST_YEAR, 1, 1), datetime.date(LAST_YEAR, 12, 31)),
}


def spread(samples: list[float], **extra) -> dict:
    """A figure as the bench records it: the smallest, middle and largest of its runs, and
    every run."""
    return {
        "min": round(min(samples), 1),
        "median": round(statistics.median(samples), 1),
        "max": round(max(samples), 1),
        "runs": [round(v, 1) for v in samples],
        **extra,
    }


def round_robin(calls: list, runs: int, before: list | None = None) -> list[dict]:
    """Each call's milliseconds as ``{"min", "median", "max", "runs", "queries"}``. The calls
    take turns, one run each per round, so that a burst of load on the machine falls on all
    of them alike and the ratios between them hold. ``before[i]``, if given, runs untimed
    before each run of ``calls[i]`` (a switch of database connection)."""
    before = before or [lambda: None] * len(calls)
    for setup, call in zip(before, calls, strict=True):
        setup()
        call()  # warm up (caches, plans)
    times: list[list[float]] = [[] for _ in calls]
    queries = [0] * len(calls)
    for _ in range(runs):
        for i, call in enumerate(calls):
            before[i]()
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                call()
                times[i].append((time.perf_counter() - started) * 1000)
            queries[i] = len(ctx.captured_queries)
    return [spread(t, queries=q) for t, q in zip(times, queries, strict=True)]


def check_same_figures(user, period: Period) -> None:
    """The engine and the hand-written SQL give equal figures, or the bench stops: a baseline
    that does other work is no limit."""
    from reports.statistics import compute, resolve_scope

    engine = canonical(compute(user, resolve_scope(user), period))
    sql = best_sql(user.scope_unit, period)
    found = differences(engine, sql)
    if found:
        raise RuntimeError(f"best SQL and engine differ over {period}: " + "; ".join(found[:10]))
    log(f"  equal figures, engine and best SQL, {period.start} – {period.end}")


def measure(runs: int = 15) -> dict:
    from areas.models import Area
    from reports.statistics import compute, resolve_scope

    big, small = bench_user("B10"), bench_user("B01")
    periods = {name: Period(*days) for name, days in PERIODS.items()}
    year, decade = periods["1y"], periods["10y"]
    for period in periods.values():
        check_same_figures(big, period)
    big_client, small_client = Client(), Client()
    big_client.force_login(big)
    small_client.force_login(small)
    commune = Area.objects.filter(parent=big.scope_unit).order_by("code").first()
    year_q = f"?preset=year&year={LAST_YEAR}"

    def page(client, url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return call

    figures = [
        (
            f"province_dashboard_{name}",
            page(big_client, f"/?preset=custom&start={period.start}&end={period.end}"),
        )
        for name, period in periods.items()
    ] + [
        ("province_dashboard_1y_on_1y_data", page(small_client, "/" + year_q)),
        ("commune_page_1y", page(big_client, f"/dashboard/units/{commune.pk}/{year_q}")),
        ("statistics_api_1y", page(big_client, "/api/statistics/" + year_q)),
        ("completeness_30d", page(big_client, "/dashboard/completeness/?days=30")),
        ("engine_1y", lambda: compute(big, resolve_scope(big), year)),
        ("engine_10y", lambda: compute(big, resolve_scope(big), decade)),
        ("best_sql_1y", lambda: best_sql(big.scope_unit, year)),
        ("best_sql_10y", lambda: best_sql(big.scope_unit, decade)),
    ]
    results = {}
    for (name, _call), figure in zip(
        figures, round_robin([call for _n, call in figures], runs), strict=True
    ):
        results[name] = figure
        log(
            f"  {name:<34} {figure['median']:>8.1f} ms  ({figure['min']:.0f}–{figure['max']:.0f})"
            f"  {figure['queries']:>3} queries"
        )
    results.update(measure_review_report(big, year))
    ratio = lambda a, b: round(results[a]["median"] / results[b]["median"], 2)  # noqa: E731
    results["ratios"] = {
        "1y_view_on_10y_vs_1y_data": ratio(
            "province_dashboard_1y", "province_dashboard_1y_on_1y_data"
        ),
        "dashboard_1y_vs_best_sql": ratio("province_dashboard_1y", "best_sql_1y"),
        "engine_1y_vs_best_sql": ratio("engine_1y", "best_sql_1y"),
        "dashboard_10y_vs_best_sql": ratio("province_dashboard_10y", "best_sql_10y"),
        "engine_10y_vs_best_sql": ratio("engine_10y", "best_sql_10y"),
    }
    return results


def measure_review_report(user, period, runs: int = 3) -> dict:
    """A province's annual tổng kết with its 150-commune appendix, from the request to a
    ready PDF (the job run inline, as without a worker), and WeasyPrint alone on a plain HTML
    document of the same number of pages."""
    from django.db import transaction
    from weasyprint import HTML

    from reports.models import ReportVersion
    from reports.reviews import jobs, services

    report = services.create_report(
        user=user, kind="final", unit=user.scope_unit, period=period, number=1
    )
    totals, plains = [], []
    for _ in range(runs):
        started = time.perf_counter()
        with transaction.atomic():
            version = jobs.request_rendering(report=report, user=user)
        totals.append((time.perf_counter() - started) * 1000)
        version = ReportVersion.objects.get(pk=version.pk)
        assert version.status == "ready", version.error
        pages = version.pages
        filler = "<p>" + "Lorem ipsum dolor sit amet. " * 60 + "</p>"
        breaker = '<div style="break-after: page"></div>'
        plain = "<html><body>" + (filler + breaker) * (pages - 1) + filler + "</body></html>"
        started = time.perf_counter()
        plain_pages = len(HTML(string=plain).render().pages)
        plains.append((time.perf_counter() - started) * 1000)
    review = spread(totals, pages=pages)
    review["ms_per_page"] = round(review["median"] / pages, 1)
    log(f"  {'review_report_annual':<34} {review['median']:>8.1f} ms  {pages} pages")
    return {
        "review_report_annual": review,
        "plain_html_same_pages": spread(plains, pages=plain_pages),
        "review_report_vs_plain_html": round(review["median"] / statistics.median(plains), 2),
    }


SERVER_TARGETS = {
    "province_dashboard_ms_max": 300,
    "province_dashboard_queries_max": 20,
    "1y_view_on_10y_vs_1y_data_max": 1.3,
    "dashboard_1y_vs_best_sql_max": 1.5,
    "review_report_annual_ms_max": 10_000,
}


def server_met(results: dict) -> dict:
    t = SERVER_TARGETS
    met = {
        f"province_dashboard_{name}_ms": results[f"province_dashboard_{name}"]["median"]
        <= t["province_dashboard_ms_max"]
        for name in PERIODS
    }
    met["province_dashboard_queries"] = all(
        results[f"province_dashboard_{name}"]["queries"] <= t["province_dashboard_queries_max"]
        for name in PERIODS
    )
    ratios = results["ratios"]
    met["1y_view_on_10y_vs_1y_data"] = (
        ratios["1y_view_on_10y_vs_1y_data"] <= t["1y_view_on_10y_vs_1y_data_max"]
    )
    met["dashboard_1y_vs_best_sql"] = (
        ratios["dashboard_1y_vs_best_sql"] <= t["dashboard_1y_vs_best_sql_max"]
    )
    met["review_report_annual_ms"] = (
        results["review_report_annual"]["median"] <= t["review_report_annual_ms_max"]
    )
    return met


def write_results(
    path: Path,
    *,
    server: dict | None,
    data: dict | None,
    pages: dict | None,
    load: dict | None = None,
    national: dict | None = None,
) -> None:
    """Write what was measured; a part not measured this time (``None``) keeps its figures,
    targets and commit from the file as it was. The national part (``make bench-national``)
    is one object with its own commit, date, machine, data, figures, targets and verdicts;
    its ``generation`` (seconds, commit, date) is kept from the file when the country was
    reused rather than generated (``None``)."""
    from reports.bench.load import LOAD_KEYS, LOAD_TARGETS, load_met
    from reports.bench.pages import BUDGETS, met

    previous = json.loads(path.read_text()) if path.exists() else {}
    page_keys = {*BUDGETS, "officer_home_slow3g_ms", "downloads_kb"}
    load_verdicts = {key.rsplit("_", 1)[0] for key in LOAD_TARGETS}
    figures = previous.get("figures", {})
    targets = previous.get("targets", {})
    verdicts = previous.get("met", {})
    out = {
        "commit": previous.get("commit", ""),
        "date": previous.get("date", ""),
        "machine": _machine(),
        "data": previous.get("data", {}),
    }
    if server is not None:
        kept = page_keys | LOAD_KEYS
        figures = {k: v for k, v in figures.items() if k in kept} | server
        targets = {k: v for k, v in targets.items() if k not in SERVER_TARGETS} | SERVER_TARGETS
        verdicts = {
            k: v for k, v in verdicts.items() if k in BUDGETS or k in load_verdicts
        } | server_met(server)
        out.update(commit=_commit(), date=_now(), data=data)
    if pages is not None:
        figures = {k: v for k, v in figures.items() if k not in page_keys} | pages
        targets |= {f"{name}_max": budget for name, budget in BUDGETS.items()}
        verdicts = {k: v for k, v in verdicts.items() if k not in BUDGETS} | met(pages)
        out["pages_commit"], out["pages_date"] = _commit(), _now()
    else:
        for key in ("pages_commit", "pages_date"):
            if key in previous:
                out[key] = previous[key]
    if load is not None:
        figures = {k: v for k, v in figures.items() if k not in LOAD_KEYS} | load["figures"]
        targets |= LOAD_TARGETS
        verdicts = {k: v for k, v in verdicts.items() if k not in load_verdicts} | load_met(
            load["figures"]
        )
        out.update(
            load_commit=_commit(),
            load_date=_now(),
            load_data=load["data"],
            load_seconds=load["seconds"],
        )
    else:
        out |= {k: v for k, v in previous.items() if k.startswith("load_")}
    out.update(figures=figures, targets=targets, met=verdicts)
    if national is not None:
        out["national"] = _national_part(national, previous.get("national", {}))
    elif "national" in previous:
        out["national"] = previous["national"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")


def _national_part(national: dict, previous: dict) -> dict:
    from reports.bench.national import TARGETS, met

    generation = national.get("generation") or previous.get("generation")
    return {
        "commit": _commit(),
        "date": _now(),
        "machine": _machine(),
        **national,
        "generation": generation,
        "targets": TARGETS,
        "met": met(national),
    }


def _now() -> str:
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return ""
    return out.stdout.strip()


def _machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection._nodb_cursor() as cursor:  # the server's, whichever database is set up
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    cores = os.cpu_count()
    speed = _loop_ms()
    return {
        "cpu": cpu,
        "cores": cores,
        "postgresql": server,
        "python_loop_ms": speed,
        "description": f"this {cores}-core machine ({cpu}; PostgreSQL {server.split()[0]}; "
        f"a 10-million-step Python loop in {speed:.0f} ms)",
    }


def _loop_ms(steps: int = 10_000_000, runs: int = 3) -> float:
    """How fast this machine runs Python, to tell figures taken on different machines apart
    (the same kind of machine has been seen to differ threefold): the best of ``runs`` timings
    of a plain loop adding ``steps`` integers."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        total = 0
        for i in range(steps):
            total += i
        best = min(best, (time.perf_counter() - started) * 1000)
    return round(best, 1)
