"""Entry under load, and the dashboards read by ten people at once (``manage.py bench --only
load``).

The portal is served as docker-compose.yml's ``web`` runs it — gunicorn with the same
application and worker count (``pages.web_service``), ``DEBUG=0``, tasks inline — on 127.0.0.1,
over a throwaway copy of the benchmark database (``<name>_bench_load``, ``CREATE DATABASE …
TEMPLATE``, dropped afterwards), since the load writes shifts. locust (``locustfile.py``) runs
headless, bounded in time, against it.

**Entry.** Commune officers of the benchmark province, each with an API token, post valid
shifts — 2 to 4 members of one of their commune's patrol teams, 0 to 2 incidents, each with its
own submission key — at a fixed arrival rate: user ``i`` of ``n`` posts every ``PACING_S``
seconds from its own offset, so arrivals do not wait for answers (an open model). The rate
steps up (``RATES``); each step runs ``WARMUP_S`` seconds unmeasured, then ``MEASURE_S``
seconds measured in ``WINDOWS`` windows. A step passes when no answer is an error, every shift
sent is in the database exactly once (with its participant turns and incidents) and nothing
else was saved, the requests went out at the rate asked, and the 95th percentile stays at or
under ``P95_MAX_MS`` — over the whole step and in every window. The steps stop at the first
that fails; ``entry_capacity_per_s`` is the highest rate that passed.

The shifts are planned before the run (``ShiftPlanner``): after the last shift already in the
province, in two four-hour slots a day that never overlap, each (team, slot) once and no person
in two shifts of one slot, members serving and teams established before the day — so every
post is valid under every rule, and a refusal is a failure of the portal, not of the plan.

**Dashboards.** ``DASHBOARD_USERS`` province staff log in through the login form and read the
province dashboard for the last year of data, waiting one second between pages as a person
reading does, for ``DASHBOARD_MEASURE_S`` seconds after the warm-up.

Every figure is an object: ``value`` (over every request measured) with the ``min``,
``median`` and ``max`` of the same figure in each window (``runs``); the SQL queries of one
such request, counted through Django's test client on the same copy, where they apply.
"""

from __future__ import annotations

import math
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.db import OperationalError, connection

from reports.bench import PASSWORD, log, pages
from reports.bench.load_process import LEAD_S, ServerCpu, _per, run_locust
from reports.bench.load_setup import (
    DASHBOARD,
    Setup,
    prepare,
)

PACING_S = 3.0  # each officer posts once every 3 s: users = rate × 3
WARMUP_S = 5
MEASURE_S = 20
WINDOWS = 4
RATES = (10, 20, 30, 40, 50, 60, 80, 100)
P95_MAX_MS = 150
RATE_KEPT = 0.95  # a step whose requests went out at under 95% of its rate is not a pass
DASHBOARD_USERS = 10
DASHBOARD_MEASURE_S = 40
LOAD_TARGETS = {"entry_capacity_per_s_min": 40, "dashboard_10_users_p95_ms_max": 400}
LOAD_KEYS = {
    "entry_capacity_per_s",
    "entry_p50_ms",
    "entry_p95_ms",
    "entry_steps",
    "dashboard_10_users_p95_ms",
}


def load_met(figures: dict) -> dict:
    return {
        "entry_capacity_per_s": figures["entry_capacity_per_s"]["value"]
        >= LOAD_TARGETS["entry_capacity_per_s_min"],
        "dashboard_10_users_p95_ms": figures["dashboard_10_users_p95_ms"]["value"]
        <= LOAD_TARGETS["dashboard_10_users_p95_ms_max"],
    }


# --- The plan ----------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile (the smallest value with at least q% of values at or
    below it)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def spread(value: float, runs: list[float]) -> dict:
    """A figure: its value over everything measured, and its smallest, median and largest
    value in the windows."""
    runs = [round(r, 1) for r in runs]
    return {
        "value": round(value, 1),
        "min": min(runs),
        "median": round(statistics.median(runs), 1),
        "max": max(runs),
        "runs": runs,
    }


def windowed(records: list, kind: str, start: float, seconds: float, windows: int) -> dict:
    """p50, p95 and requests a second of the ``kind`` records started within ``seconds`` of
    ``start``, over all of them and in each of ``windows`` equal windows."""
    length = seconds / windows
    rows = [r for r in records if r[0] == kind and start <= r[1] < start + seconds]
    parts = [
        [r for r in rows if start + i * length <= r[1] < start + (i + 1) * length]
        for i in range(windows)
    ]
    if not rows or not all(parts):
        raise RuntimeError(f"no {kind} requests in a measured window: the load did not run")
    ms = lambda part: [r[2] for r in part]  # noqa: E731
    return {
        "p50_ms": spread(percentile(ms(rows), 50), [percentile(ms(p), 50) for p in parts]),
        "p95_ms": spread(percentile(ms(rows), 95), [percentile(ms(p), 95) for p in parts]),
        "per_s": spread(len(rows) / seconds, [len(p) / length for p in parts]),
        "requests": len(rows),
    }


def saved_once(sent: dict[str, tuple[int, int]], saved: list[tuple]) -> list[str]:
    """What is wrong with the shifts saved during a step (``saved``: submission key, turns,
    incidents of each new shift row) against those sent (key → participants, incidents):
    a shift missing, saved twice, with other turns or incidents than sent, or not sent at all."""
    problems = []
    rows = Counter(str(key) for key, _turns, _incidents in saved)
    missing = [key for key in sent if key not in rows]
    doubled = [key for key, n in rows.items() if n > 1]
    unknown = [key for key in rows if key not in sent]
    if missing:
        problems.append(f"{len(missing)} shifts sent are not saved (e.g. {missing[0]})")
    if doubled:
        problems.append(f"{len(doubled)} shifts are saved more than once (e.g. {doubled[0]})")
    if unknown:
        problems.append(f"{len(unknown)} shifts saved were not sent (e.g. {unknown[0]})")
    wrong = [
        str(key)
        for key, turns, incidents in saved
        if str(key) in sent and (turns, incidents) != sent[str(key)]
    ]
    if wrong:
        problems.append(f"{len(wrong)} shifts saved with other turns or incidents than sent")
    return problems


def step_failures(step: dict, rate: float) -> list[str]:
    """Why a step does not pass (nothing: it passes)."""
    reasons = []
    if step["errors"]:
        reasons.append(f"{step['errors']} errors ({step['error_statuses']})")
    reasons += step["problems"]
    p95 = step["p95_ms"]
    if max(p95["value"], p95["max"]) > P95_MAX_MS:
        reasons.append(f"p95 {p95['value']:.0f} ms (worst window {p95['max']:.0f} ms)")
    if step["per_s"]["value"] < RATE_KEPT * rate:
        reasons.append(f"sent {step['per_s']['value']:.1f}/s of {rate}/s")
    return reasons


# --- The run -----------------------------------------------------------------------------------


def run(source: str, province: str = "B10") -> dict:
    """Copy ``source`` to ``<source>_load``, serve it, step the entry rate up and read the
    dashboards; the figures keyed by name (``LOAD_KEYS``), with ``data`` and ``seconds``."""
    started = time.perf_counter()
    copy = f"{source}_load"
    alias_name = connection.settings_dict["NAME"]
    log(f"Load: copying {source} to {copy} …")
    connection.close()
    _drop(copy)
    with connection._nodb_cursor() as cursor:
        try:
            cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{source}" STRATEGY FILE_COPY')
        except OperationalError as err:  # another session on the source: it is copied alone
            raise RuntimeError(
                f"could not copy {source} (is a session open on it?): {err}"
            ) from err
    log(f"  copied in {time.perf_counter() - started:.0f} s")
    _switch(copy)
    try:
        setup = prepare(province, officers=round(max(RATES) * PACING_S), staff=DASHBOARD_USERS)
        env = pages.production_env(pages.database_url(connection.settings_dict, copy))
        env.update(STATIC_MANIFEST="0", ALLOWED_HOSTS="127.0.0.1")
        app, workers = pages.web_service()
        log(f"  gunicorn {app} --workers {workers} on 127.0.0.1; locust headless on loopback")
        with pages.serve(env) as url, tempfile.TemporaryDirectory() as workdir:
            steps, capacity = entry_steps(url, setup, Path(workdir))
            dashboards = read_dashboards(url, setup, Path(workdir))
        figures = entry_figures(steps, capacity, setup) | {"dashboard_10_users_p95_ms": dashboards}
        figures["entry_steps"] = steps
    finally:
        connection.close()
        _switch(alias_name)
        _drop(copy)
    seconds = round(time.perf_counter() - started)
    verdicts = load_met(figures)
    for name, (bound, target) in {
        "entry_capacity_per_s": ("≥", LOAD_TARGETS["entry_capacity_per_s_min"]),
        "dashboard_10_users_p95_ms": ("≤", LOAD_TARGETS["dashboard_10_users_p95_ms_max"]),
    }.items():
        log(
            f"  {name:<28} {figures[name]['value']:>7g}  (target {bound} {target}): "
            + ("met" if verdicts[name] else "NOT MET")
        )
    log(f"  load part: {seconds} s")
    return {"figures": figures, "data": setup.data | {"database": source}, "seconds": seconds}


def entry_steps(url: str, setup: Setup, workdir: Path) -> tuple[list[dict], int]:
    """The rates in turn until one fails; the steps' figures and the highest rate passed."""
    from django.db.models import Count, Max

    from patrols.models import Shift

    steps, capacity = [], 0
    per_user = math.ceil((LEAD_S + WARMUP_S + MEASURE_S) / PACING_S) + 2
    log(
        f"Entry at fixed arrival rates ({WARMUP_S} s warm-up, {MEASURE_S} s measured; "
        f"p95 ≤ {P95_MAX_MS} ms, no error, every shift saved once):"
    )
    for rate in RATES:
        users = round(rate * PACING_S)
        plan_users = [
            {"token": token, "shifts": [setup.planner.next_shift(commune) for _ in range(per_user)]}
            for commune, token in setup.officers[:users]
        ]
        before = Shift.all_objects.aggregate(last=Max("pk"))["last"] or 0
        plan = {"pacing_s": PACING_S, "lead_s": LEAD_S, "users": users, "officers": plan_users}
        server_cpu = ServerCpu()
        records, cpu = run_locust(url, "Officer", users, WARMUP_S + MEASURE_S, plan, workdir)
        server_cpu.stop()
        t0 = next(r[1] for r in records if r[0] == "start")
        entries = [r for r in records if r[0] == "entry"]
        planned = {s["submission_key"]: s for u in plan_users for s in u["shifts"]}
        sent = {
            r[4]: (len(planned[r[4]]["participants"]), len(planned[r[4]]["incidents"]))
            for r in entries
        }
        saved = list(
            Shift.all_objects.filter(pk__gt=before)
            .annotate(n=Count("incidents"))
            .values_list("submission_key", "turns", "n")
        )
        step = {
            "rate": rate,
            "users": users,
            "sent": len(entries),
            "saved": len(saved),
            "errors": sum(1 for r in entries if r[3] != 201),
            "error_statuses": dict(Counter(str(r[3]) for r in entries if r[3] != 201)),
            "problems": saved_once(sent, saved),
            "load_tool_cpu_s": round(cpu, 1),
            "cpu_ms_per_shift": server_cpu.per(len(entries)) | {"load_tool": _per(cpu, entries)},
        } | windowed(entries, "entry", t0 + WARMUP_S, MEASURE_S, WINDOWS)
        reasons = step_failures(step, rate)
        step["passed"], step["failures"] = not reasons, reasons
        steps.append(step)
        used = step["cpu_ms_per_shift"]
        log(
            f"  {rate:>4}/s  {users:>3} users  p50 {step['p50_ms']['value']:>6.0f} ms  "
            f"p95 {step['p95_ms']['value']:>6.0f} ms ({step['p95_ms']['min']:.0f}–"
            f"{step['p95_ms']['max']:.0f})  sent {step['sent']}, saved {step['saved']}, "
            f"errors {step['errors']}; CPU a shift: gunicorn {used['gunicorn']} ms, "
            f"PostgreSQL {used['postgresql']} ms, locust {used['load_tool']} ms  "
            + ("passed" if not reasons else "FAILED: " + "; ".join(reasons))
        )
        if reasons:
            break
        capacity = rate
    return steps, capacity


def entry_figures(steps: list[dict], capacity: int, setup: Setup) -> dict:
    """The capacity (with the shifts a second actually sent in each window at that rate), and
    p50/p95 at it (at the first rate when none passed)."""
    at = next((s for s in steps if s["rate"] == capacity), steps[0])
    capacity_figure = dict(at["per_s"], value=capacity, rate_tried_last=steps[-1]["rate"])
    if capacity == RATES[-1]:
        capacity_figure["ceiling"] = True  # every rate tried passed
    extra = {"rate": at["rate"], "queries": setup.queries["entry"]}
    return {
        "entry_capacity_per_s": capacity_figure,
        "entry_p50_ms": at["p50_ms"] | extra,
        "entry_p95_ms": at["p95_ms"] | extra,
    }


def read_dashboards(url: str, setup: Setup, workdir: Path) -> dict:
    log(
        f"Dashboards: {DASHBOARD_USERS} province staff, a page each then 1 s reading "
        f"({WARMUP_S} s warm-up, {DASHBOARD_MEASURE_S} s measured):"
    )
    plan = {
        "lead_s": LEAD_S + 3,  # the logins first (each a password hash on the server)
        "dashboard": DASHBOARD,
        "staff": [{"username": name, "password": PASSWORD} for name in setup.staff],
    }
    users = len(setup.staff)
    # The server's CPU time over the measured part (the logins, a password hash each, before).
    cpu, at = ServerCpu(), []

    def mark(i: int) -> None:
        at.append(time.time())
        (cpu.begin if i == 0 else cpu.stop)()

    measured = plan["lead_s"] + WARMUP_S
    records, _cpu = run_locust(
        url,
        "ProvinceStaff",
        users,
        WARMUP_S + DASHBOARD_MEASURE_S,
        plan,
        workdir,
        marks=(measured, measured + DASHBOARD_MEASURE_S),
        on_mark=mark,
    )
    t0 = next(r[1] for r in records if r[0] == "start")
    logins = [r for r in records if r[0] == "login"]
    pages_read = [r for r in records if r[0] == "dashboard"]
    if len(logins) != users or any(r[3] != 302 for r in logins):
        raise RuntimeError(f"the staff could not log in: {[r[3] for r in logins]}")
    figures = windowed(pages_read, "dashboard", t0 + WARMUP_S, DASHBOARD_MEASURE_S, WINDOWS)
    errors = sum(1 for r in pages_read if r[3] != 200)
    result = figures["p95_ms"] | {
        "p50_ms": figures["p50_ms"]["value"],
        "per_s": figures["per_s"]["value"],
        "requests": figures["requests"],
        "errors": errors,
        "queries": setup.queries["dashboard"],
        "page": DASHBOARD,
    }
    if len(at) == 2:
        served = sum(1 for r in pages_read if at[0] <= r[1] < at[1])
        result["cpu_ms_per_page"] = cpu.per(served)
    used = result.get("cpu_ms_per_page", {})
    log(
        f"  p50 {result['p50_ms']:.0f} ms  p95 {result['value']:.0f} ms "
        f"({result['min']:.0f}–{result['max']:.0f})  {result['per_s']:.1f} pages/s, "
        f"{errors} errors; CPU a page: gunicorn {used.get('gunicorn')} ms, "
        f"PostgreSQL {used.get('postgresql')} ms"
    )
    return result


def _switch(name: str) -> None:
    connection.close()
    connection.settings_dict["NAME"] = name
    settings.DATABASES[connection.alias]["NAME"] = name


def _drop(name: str) -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
