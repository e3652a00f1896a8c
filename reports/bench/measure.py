"""The measures: pages and the engine timed in turns, against raw SQL of the same aggregates,
and the annual tổng kết from request to PDF; written to bench/results.json."""

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
from reports.bench.generate import bench_user
from reports.statistics.periods import comparison_period


def round_robin_ms(calls: list, runs: int) -> list[tuple[float, int]]:
    """Median milliseconds and query count of each call. The calls take turns, one run each
    per round, so that a burst of load on the machine falls on all of them alike and the
    ratios between them hold."""
    for call in calls:
        call()  # warm up (caches, plans)
    times: list[list[float]] = [[] for _ in calls]
    queries = [0] * len(calls)
    for _ in range(runs):
        for i, call in enumerate(calls):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                call()
                times[i].append((time.perf_counter() - started) * 1000)
            queries[i] = len(ctx.captured_queries)
    return [(round(statistics.median(t), 1), q) for t, q in zip(times, queries, strict=True)]


RAW_SQL = [
    # The same aggregates as the engine, written by hand for one province and one period.
    (
        "communes",
        """SELECT a.id, a.name, (SELECT s.day FROM patrols_shift s
              WHERE s.commune_id = a.id AND s.deleted_at IS NULL ORDER BY s.day DESC LIMIT 1)
           FROM areas_area a WHERE a.parent_id = %(unit)s AND a.level = 3""",
    ),
    (
        "models",
        """SELECT g.commune_id, g.model_type_id, count(*) FILTER (WHERE g.established_on <= %(end)s),
                  count(*) FILTER (WHERE g.established_on <= %(prev_end)s)
           FROM models_registry_grassrootsmodel g JOIN areas_area a ON a.id = g.commune_id
           WHERE a.parent_id = %(unit)s AND g.deleted_at IS NULL GROUP BY 1, 2""",
    ),
    (
        "members",
        """SELECT g.model_type_id, m.role, g.commune_id,
                  count(DISTINCT m.person_id) FILTER (WHERE m.joined_on <= %(end)s),
                  count(DISTINCT m.person_id) FILTER (WHERE m.joined_on <= %(prev_end)s)
           FROM models_registry_membership m
           JOIN models_registry_grassrootsmodel g ON g.id = m.model_id
           JOIN areas_area a ON a.id = g.commune_id
           WHERE a.parent_id = %(unit)s AND m.deleted_at IS NULL GROUP BY 1, 2, 3""",
    ),
    (
        "shifts",
        """SELECT date_trunc('month', s.day), s.commune_id,
                  count(*) FILTER (WHERE s.day BETWEEN %(start)s AND %(end)s),
                  sum(s.turns) FILTER (WHERE s.day BETWEEN %(start)s AND %(end)s),
                  count(*) FILTER (WHERE s.day BETWEEN %(prev_start)s AND %(prev_end)s),
                  sum(s.turns) FILTER (WHERE s.day BETWEEN %(prev_start)s AND %(prev_end)s)
           FROM patrols_shift s
           WHERE s.commune_id IN (SELECT id FROM areas_area WHERE parent_id = %(unit)s)
             AND s.deleted_at IS NULL
             AND (s.day BETWEEN %(start)s AND %(end)s OR s.day BETWEEN %(prev_start)s AND %(prev_end)s)
           GROUP BY 1, 2""",
    ),
    (
        "incidents",
        """SELECT i.category_id, i.outcome, i.detected_by,
                  count(*) FILTER (WHERE i.day BETWEEN %(start)s AND %(end)s),
                  count(*) FILTER (WHERE i.day BETWEEN %(prev_start)s AND %(prev_end)s),
                  sum(i.homemade_guns) FILTER (WHERE i.day BETWEEN %(start)s AND %(end)s),
                  sum(i.drugs_grams) FILTER (WHERE i.day BETWEEN %(start)s AND %(end)s)
           FROM patrols_incident i
           WHERE i.commune_id IN (SELECT id FROM areas_area WHERE parent_id = %(unit)s)
             AND i.deleted_at IS NULL
             AND (i.day BETWEEN %(start)s AND %(end)s OR i.day BETWEEN %(prev_start)s AND %(prev_end)s)
           GROUP BY 1, 2, 3""",
    ),
    (
        "incidents_by_month",
        """SELECT date_trunc('month', i.day), i.commune_id,
                  count(*) FILTER (WHERE i.day BETWEEN %(start)s AND %(end)s),
                  count(*) FILTER (WHERE i.day BETWEEN %(prev_start)s AND %(prev_end)s)
           FROM patrols_incident i
           WHERE i.commune_id IN (SELECT id FROM areas_area WHERE parent_id = %(unit)s)
             AND i.deleted_at IS NULL
             AND (i.day BETWEEN %(start)s AND %(end)s OR i.day BETWEEN %(prev_start)s AND %(prev_end)s)
           GROUP BY 1, 2""",
    ),
    (
        "cameras",
        """SELECT c.kind, c.funding, count(*) FILTER (WHERE c.installed_on <= %(end)s),
                  count(*) FILTER (WHERE c.installed_on <= %(prev_end)s)
           FROM models_registry_camera c
           JOIN models_registry_grassrootsmodel g ON g.id = c.model_id
           JOIN areas_area a ON a.id = g.commune_id
           WHERE a.parent_id = %(unit)s AND c.deleted_at IS NULL AND c.status <> 'removed'
           GROUP BY 1, 2""",
    ),
]


def raw_sql(unit_pk: int, period) -> None:
    previous = comparison_period(period).period
    params = {
        "unit": unit_pk,
        "start": period.start,
        "end": period.end,
        "prev_start": previous.start,
        "prev_end": previous.end,
    }
    with connection.cursor() as c:
        for _name, sql in RAW_SQL:
            c.execute(sql, params)
            c.fetchall()


def measure(runs: int = 15) -> dict:
    from areas.models import Area
    from reports.statistics import Period, compute, resolve_scope

    big, small = bench_user("B10"), bench_user("B01")
    year = Period(datetime.date(LAST_YEAR, 1, 1), datetime.date(LAST_YEAR, 12, 31))
    decade = Period(datetime.date(FIRST_YEAR, 1, 1), datetime.date(LAST_YEAR, 12, 31))
    big_client, small_client = Client(), Client()
    big_client.force_login(big)
    small_client.force_login(small)
    commune = Area.objects.filter(parent=big.scope_unit).order_by("code").first()
    year_q = f"?preset=year&year={LAST_YEAR}"
    decade_q = f"?preset=custom&start={decade.start}&end={decade.end}"

    def page(client, url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return call

    results = {}
    figures = [
        ("province_dashboard_1y", page(big_client, "/" + year_q)),
        ("province_dashboard_10y", page(big_client, "/" + decade_q)),
        ("province_dashboard_1y_on_1y_data", page(small_client, "/" + year_q)),
        ("commune_page_1y", page(big_client, f"/dashboard/units/{commune.pk}/{year_q}")),
        ("statistics_api_1y", page(big_client, "/api/statistics/" + year_q)),
        ("completeness_30d", page(big_client, "/dashboard/completeness/?days=30")),
        ("engine_1y", lambda: compute(big, resolve_scope(big), year)),
        ("raw_sql_1y", lambda: raw_sql(big.scope_unit_id, year)),
        ("raw_sql_10y", lambda: raw_sql(big.scope_unit_id, decade)),
    ]
    for name, (ms, queries) in zip(
        [name for name, _call in figures],
        round_robin_ms([c for _n, c in figures], runs),
        strict=True,
    ):
        results[name] = {"ms": ms, "queries": queries}
        log(f"  {name:<34} {ms:>8.1f} ms  {queries:>3} queries")
    results.update(measure_review_report(big, year))
    ratio = lambda a, b: round(results[a]["ms"] / results[b]["ms"], 2)  # noqa: E731
    results["ratios"] = {
        "1y_view_on_10y_vs_1y_data": ratio(
            "province_dashboard_1y", "province_dashboard_1y_on_1y_data"
        ),
        "dashboard_1y_vs_raw_sql": ratio("province_dashboard_1y", "raw_sql_1y"),
        "engine_1y_vs_raw_sql": ratio("engine_1y", "raw_sql_1y"),
    }
    return results


def measure_review_report(user, period) -> dict:
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
    started = time.perf_counter()
    with transaction.atomic():
        version = jobs.request_rendering(report=report, user=user)
    total_ms = (time.perf_counter() - started) * 1000
    version = ReportVersion.objects.get(pk=version.pk)
    assert version.status == "ready", version.error
    pages = version.pages
    filler = "<p>" + "Lorem ipsum dolor sit amet. " * 60 + "</p>"
    breaker = '<div style="break-after: page"></div>'
    plain = "<html><body>" + (filler + breaker) * (pages - 1) + filler + "</body></html>"
    started = time.perf_counter()
    plain_pages = len(HTML(string=plain).render().pages)
    plain_ms = (time.perf_counter() - started) * 1000
    log(f"  {'review_report_annual':<34} {total_ms:>8.1f} ms  {pages} pages")
    log(f"  {'plain_html_same_pages':<34} {plain_ms:>8.1f} ms  {plain_pages} pages")
    return {
        "review_report_annual": {
            "ms": round(total_ms, 1),
            "pages": pages,
            "render_ms": version.render_ms,
            "ms_per_page": round(total_ms / pages, 1),
        },
        "plain_html_same_pages": {"ms": round(plain_ms, 1), "pages": plain_pages},
        "review_report_vs_plain_html": round(total_ms / plain_ms, 2),
    }


SERVER_TARGETS = {
    "province_dashboard_1y_ms_max": 300,
    "province_dashboard_queries_max": 15,
    "1y_view_on_10y_vs_1y_data_max": 1.3,
    "dashboard_1y_vs_raw_sql_max": 2.0,
    "review_report_annual_ms_max": 10_000,
}


def server_met(results: dict) -> dict:
    return {
        "province_dashboard_1y_ms": results["province_dashboard_1y"]["ms"] <= 300,
        "province_dashboard_queries": results["province_dashboard_1y"]["queries"] <= 15,
        "1y_view_on_10y_vs_1y_data": results["ratios"]["1y_view_on_10y_vs_1y_data"] <= 1.3,
        "dashboard_1y_vs_raw_sql": results["ratios"]["dashboard_1y_vs_raw_sql"] <= 2.0,
        "review_report_annual_ms": results["review_report_annual"]["ms"] <= 10_000,
    }


def write_results(
    path: Path,
    *,
    server: dict | None,
    data: dict | None,
    pages: dict | None,
    load: dict | None = None,
) -> None:
    """Write what was measured; a part not measured this time (``None``) keeps its figures,
    targets and commit from the file as it was."""
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
        out.update(commit=_commit(), data=data)
    if pages is not None:
        figures = {k: v for k, v in figures.items() if k not in page_keys} | pages
        targets |= {f"{name}_max": budget for name, budget in BUDGETS.items()}
        verdicts = {k: v for k, v in verdicts.items() if k not in BUDGETS} | met(pages)
        out["pages_commit"] = _commit()
    elif "pages_commit" in previous:
        out["pages_commit"] = previous["pages_commit"]
    if load is not None:
        figures = {k: v for k, v in figures.items() if k not in LOAD_KEYS} | load["figures"]
        targets |= LOAD_TARGETS
        verdicts = {k: v for k, v in verdicts.items() if k not in load_verdicts} | load_met(
            load["figures"]
        )
        out.update(
            load_commit=_commit(),
            load_date=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            load_data=load["data"],
            load_seconds=load["seconds"],
        )
    else:
        out |= {k: v for k, v in previous.items() if k.startswith("load_")}
    out.update(figures=figures, targets=targets, met=verdicts)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")


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
    return {
        "cpu": cpu,
        "cores": cores,
        "postgresql": server,
        "description": f"this {cores}-core machine ({cpu}; PostgreSQL {server.split()[0]})",
    }
