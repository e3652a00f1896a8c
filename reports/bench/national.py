"""`make bench-national`: the country at the bench province's density, generated once.

34 provinces and 3,321 communes, as Viet Nam has since 1 July 2025, in a database of their own
(``<name>_national``): the bench province "B10" exactly as ``make bench`` generates it (150
communes, ten years 2016–2025) and 33 provinces sharing the other 3,171 communes, each commune
at the same density (the same models, persons per model, shifts per team and year, incidents
per shift) with 2025's logs. The same functions write it as write the bench's provinces
(``generate``), one province a transaction, so a run that stops resumes where it stopped; then
every summary is rebuilt and the database vacuumed and analysed once.
"""

from __future__ import annotations

import time

from reports.bench import (
    LAST_YEAR,
    MODELS_PER_COMMUNE,
    PERSONS_PER_MODEL,
    PROVINCES,
    SHIFTS_PER_TEAM_YEAR,
    Province,
    log,
)
from reports.bench import generate as bench_generate

PROVINCES_IN_COUNTRY = 34
COMMUNES_IN_COUNTRY = 3321
YEARS = 1  # the other provinces' logs: 2025
BENCH_PROVINCE = PROVINCES[0]  # B10, ten years
COUNTRY_CODE = "VN"
GENERATION_S_MAX = 15 * 60

# The density of the bench's communes (``generate.fill``): 16 models, one more in two communes
# out of three; 40% of the models patrol teams; turns are 3 to 7 a shift (5 on average); one
# shift in three finds something.
MODELS_PER_COMMUNE_AVG = MODELS_PER_COMMUNE + 2 / 3
PATROL_SHARE = 0.4
TURNS_PER_SHIFT = 5
INCIDENTS_PER_SHIFT = 1 / 3


def plan() -> list[Province]:
    """The 34 provinces: B10 as the bench has it, then N01–N33 sharing the other communes as
    evenly as they divide (96 each, 97 for the first three)."""
    others = PROVINCES_IN_COUNTRY - 1
    each, extra = divmod(COMMUNES_IN_COUNTRY - BENCH_PROVINCE.communes, others)
    return [BENCH_PROVINCE] + [
        Province(
            f"Tỉnh Thử nghiệm N{n:02d}",
            f"N{n:02d}",
            YEARS,
            communes=each + (1 if n <= extra else 0),
        )
        for n in range(1, others + 1)
    ]


def expected(provinces: list[Province]) -> dict:
    """About how many rows ``provinces`` get (the exact counts depend on the ids the rows
    get): communes, models, persons, shifts, participant turns and incidents."""
    communes = sum(p.communes for p in provinces)
    commune_years = sum(p.communes * p.years for p in provinces)
    models = communes * MODELS_PER_COMMUNE_AVG
    shifts = commune_years * MODELS_PER_COMMUNE_AVG * PATROL_SHARE * SHIFTS_PER_TEAM_YEAR
    return {
        "provinces": len(provinces),
        "communes": communes,
        "models": round(models),
        "persons": round(models * PERSONS_PER_MODEL),
        "shifts": round(shifts),
        "participant_turns": round(shifts * TURNS_PER_SHIFT),
        "incidents": round(shifts * INCIDENTS_PER_SHIFT),
    }


def is_complete() -> bool:
    """Every province is there and the summaries were rebuilt after the last one."""
    from areas.models import Area
    from patrols.models import ShiftMonth

    provinces = plan()
    if bench_generate.missing_provinces(provinces):
        return False
    last = Area.objects.get(level=1, code=provinces[-1].code)
    return ShiftMonth.objects.filter(commune__parent=last).exists()


def generate() -> float:
    """The provinces not yet in the database, then the summaries and statistics; the seconds
    it took."""
    started = time.perf_counter()
    bench_generate.country()
    missing = bench_generate.missing_provinces(plan())
    log(f"Generating {len(missing)} of {PROVINCES_IN_COUNTRY} provinces …")
    for province in missing:
        bench_generate.generate_province(province)
    bench_generate.rebuild_summaries()
    bench_generate.vacuum_analyze()
    seconds = time.perf_counter() - started
    log(f"Country generated in {seconds:.0f} s")
    return seconds


YEAR_QUERY = f"?preset=year&year={LAST_YEAR}"
TARGETS = {
    "country_dashboard_1y_ms_max": 500,
    "country_dashboard_queries_max": 20,
    "province_in_country_vs_alone_max": 1.1,
}


def measure(bench_database: str, runs: int = 15) -> dict:
    """The country's dashboard and B10's on the national database (the default connection),
    and B10's on the bench database, where it is alone: in turns, each run on its own
    database's connection (both kept open; the switch is not timed)."""
    import datetime

    from django.db import connections
    from django.test import Client

    from reports.bench.measure import round_robin
    from reports.statistics import Period, compute, resolve_scope

    in_country = connections["default"]
    alone = _connection(in_country.settings_dict, bench_database)

    def use(wrapper):
        connections["default"] = wrapper

    def client_of(user) -> Client:
        client = Client()
        client.force_login(user)  # the session is stored in the database in use
        return client

    def page(client, url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return call

    year = Period(datetime.date(LAST_YEAR, 1, 1), datetime.date(LAST_YEAR, 12, 31))
    try:
        country_user = bench_generate.bench_user(COUNTRY_CODE, level=0)
        country_client = client_of(country_user)
        province_client = client_of(bench_generate.bench_user(BENCH_PROVINCE.code))
        rows = len(compute(country_user, resolve_scope(country_user), year).breakdown)
        use(alone)
        alone_client = client_of(bench_generate.bench_user(BENCH_PROVINCE.code))
        use(in_country)
        calls = [
            ("country_dashboard_1y", in_country, page(country_client, f"/{YEAR_QUERY}")),
            (
                "country_engine_1y",
                in_country,
                lambda: compute(country_user, resolve_scope(country_user), year),
            ),
            (
                "province_dashboard_1y_in_country",
                in_country,
                page(province_client, f"/{YEAR_QUERY}"),
            ),
            ("province_dashboard_1y_alone", alone, page(alone_client, f"/{YEAR_QUERY}")),
        ]
        spreads = round_robin(
            [call for _n, _w, call in calls],
            runs,
            before=[lambda w=wrapper: use(w) for _n, wrapper, _c in calls],
        )
    finally:
        use(in_country)
        alone.close()
    figures = {name: spread for (name, _w, _c), spread in zip(calls, spreads, strict=True)}
    for name, f in figures.items():
        log(
            f"  {name:<34} {f['median']:>8.1f} ms  ({f['min']:.0f}–{f['max']:.0f})"
            f"  {f['queries']:>3} queries"
        )
    ratio = round(
        figures["province_dashboard_1y_in_country"]["median"]
        / figures["province_dashboard_1y_alone"]["median"],
        2,
    )
    log(f"  {'province_in_country_vs_alone':<34} {ratio:>8.2f} ×")
    log(f"  country dashboard's breakdown: {rows} rows")
    return {
        "figures": figures,
        "ratios": {"province_in_country_vs_alone": ratio},
        "country_breakdown_rows": rows,
    }


def _connection(settings_dict: dict, name: str):
    """A connection of its own, with the default alias, to database ``name`` on the same
    server."""
    import copy

    from django.db.utils import load_backend

    backend = load_backend(settings_dict["ENGINE"])
    return backend.DatabaseWrapper({**copy.deepcopy(settings_dict), "NAME": name}, "default")


def met(results: dict) -> dict:
    figures, ratios = results["figures"], results["ratios"]
    return {
        "country_dashboard_1y_ms": figures["country_dashboard_1y"]["median"]
        <= TARGETS["country_dashboard_1y_ms_max"],
        "country_dashboard_queries": figures["country_dashboard_1y"]["queries"]
        <= TARGETS["country_dashboard_queries_max"],
        "province_in_country_vs_alone": ratios["province_in_country_vs_alone"]
        <= TARGETS["province_in_country_vs_alone_max"],
    }
