"""`make bench`: a realistic province at scale, generated once, and the dashboards timed on it.

Two synthetic provinces of 150 communes each are generated in a database of their own
(``<name>_bench``), with PostgreSQL doing the bulk work (INSERT … SELECT over generate_series,
triggers off during the load, one VACUUM ANALYZE at the end):

- "ten years": 2,500 models, 35,000 persons, 1.2 million shifts, 6 million participant turns
  and 400,000 incidents over 2016–2025;
- "one year": the same province with 2025 only, the baseline that shows what ten years of
  history cost a one-year view.

The measures: the province dashboard for 2025 and for 2016–2025, a commune page, the figures
engine alone, and the raw SQL of the same aggregates, each as the median of several runs,
with query counts. Results go to bench/results.json.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

COMMUNES = 150
MODELS_PER_COMMUNE = 16  # + 100 more spread over the first communes: 2,500
PERSONS_PER_MODEL = 14  # 2,500 × 14 = 35,000
SHIFTS_PER_TEAM_YEAR = 120  # 1,000 patrol teams × 120 × 10 years = 1.2 million
FIRST_YEAR, LAST_YEAR = 2016, 2025
PASSWORD = "AnNinh@2026"


@dataclass
class Province:
    label: str
    code: str
    years: int


PROVINCES = [
    Province("Tỉnh Thử nghiệm (10 năm)", "B10", 10),
    Province("Tỉnh Thử nghiệm (1 năm)", "B01", 1),
]


def log(message: str) -> None:
    print(message, flush=True)


# --- generation --------------------------------------------------------------------------


def missing_provinces() -> list[Province]:
    from areas.models import Area

    have = set(
        Area.objects.filter(level=1, code__in=[p.code for p in PROVINCES]).values_list(
            "code", flat=True
        )
    )
    return [p for p in PROVINCES if p.code not in have]


def generate() -> None:
    from areas.models import Area, AreaKind

    country = Area.objects.filter(level=0).first() or Area.objects.create(
        name="Việt Nam", kind=AreaKind.COUNTRY, code="VN"
    )
    for province in missing_provinces():
        started = time.perf_counter()
        with transaction.atomic():
            unit = Area.objects.create(
                name=province.label, kind=AreaKind.PROVINCE, code=province.code, parent=country
            )
            ids = Area.reserve_ids(COMMUNES)
            Area.objects.bulk_create(
                [
                    Area(
                        pk=pk,
                        name=f"Xã Thử nghiệm {province.code}-{n:03d}",
                        kind=AreaKind.COMMUNE,
                        level=3,
                        code=f"{province.code}{n:03d}",
                        parent=unit,
                        path=f"{unit.path}{pk}/",
                    )
                    for n, pk in enumerate(ids, start=1)
                ]
            )
            _fill(unit, province.years)
        log(f"  {province.label}: {time.perf_counter() - started:.0f} s")
    from patrols.models import REBUILD_SHIFT_MONTHS_SQL

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        # The load ran with triggers off: build the monthly summary the triggers keep.
        cursor.execute(REBUILD_SHIFT_MONTHS_SQL)
    log(f"  monthly shift summary: {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    log(f"  VACUUM ANALYZE: {time.perf_counter() - started:.0f} s")


def _fill(unit, years: int) -> None:
    """The registry and the logs of one province, in SQL. Triggers (history, counters, foreign
    keys) are off for the load; the turn counter is written with the rows."""
    from models_registry.models import ModelCategory, ModelType

    types = list(ModelType.objects.order_by("sort_order", "pk").values_list("pk", "category"))
    patrol = [pk for pk, category in types if category == ModelCategory.PATROL]
    camera = [pk for pk, category in types if category == ModelCategory.CAMERA]
    other = [
        pk for pk, category in types if category not in (ModelCategory.PATROL, ModelCategory.CAMERA)
    ]
    # 40% patrol teams, 6% camera networks, the rest spread over the other types.
    plan = (patrol * 20)[:40] + (camera * 6)[:6] + (other * 54)[:54]
    first = LAST_YEAR - years + 1
    shifts_per_team = SHIFTS_PER_TEAM_YEAR * years
    with connection.cursor() as c:
        c.execute("SET LOCAL session_replication_role = replica")
        c.execute(
            "CREATE TEMP TABLE bench_plan (slot int, type_id int, category text) ON COMMIT DROP"
        )
        c.executemany(
            "INSERT INTO bench_plan VALUES (%s, %s, %s)",
            [(i, pk, dict(types)[pk]) for i, pk in enumerate(plan)],
        )
        # Models: 16 per commune, 100 more in the first 100 communes (2,500).
        c.execute(
            """
            INSERT INTO models_registry_grassrootsmodel
              (name, model_type_id, commune_id, established_on, motto, status, notes,
               created_at, updated_at)
            SELECT 'Mô hình ' || a.code || '-' || m, p.type_id, a.id,
                   make_date(2012 + (m %% 4), 1 + (m %% 12), 1), '', 'active', '', now(), now()
            FROM areas_area a
            CROSS JOIN generate_series(0, %s) AS m
            JOIN bench_plan p ON p.slot = (a.id * 7 + m * 13) %% 100
            WHERE a.parent_id = %s AND (m < %s OR (m = %s AND a.id %% 3 < 2))
            """,
            [MODELS_PER_COMMUNE, unit.pk, MODELS_PER_COMMUNE, MODELS_PER_COMMUNE],
        )
        c.execute(
            """CREATE TEMP TABLE bench_models ON COMMIT DROP AS
               SELECT g.id, g.commune_id, g.established_on, t.category,
                      row_number() OVER (ORDER BY g.id) AS n
               FROM models_registry_grassrootsmodel g
               JOIN models_registry_modeltype t ON t.id = g.model_type_id
               JOIN areas_area a ON a.id = g.commune_id WHERE a.parent_id = %s""",
            [unit.pk],
        )
        # Persons: 14 per model, each a member of that model (the first one its leader).
        c.execute(
            """
            INSERT INTO models_registry_person
              (full_name, birth_year, gender, phone, commune_id, created_at, updated_at)
            SELECT 'Thành viên ' || m.id || '-' || k, 1960 + (k * 3) %% 40,
                   CASE WHEN k %% 4 = 0 THEN 'female' ELSE 'male' END, '', m.commune_id,
                   now(), now()
            FROM bench_models m CROSS JOIN generate_series(0, %s) AS k
            ORDER BY m.id, k
            """,
            [PERSONS_PER_MODEL - 1],
        )
        c.execute(
            """CREATE TEMP TABLE bench_members ON COMMIT DROP AS
               SELECT m.id AS model_id, p.id AS person_id,
                      row_number() OVER (PARTITION BY m.id ORDER BY p.id) - 1 AS idx
               FROM bench_models m JOIN models_registry_person p
                 ON p.commune_id = m.commune_id
                AND p.full_name LIKE 'Thành viên ' || m.id || '-%%'"""
        )
        c.execute("CREATE INDEX ON bench_members (model_id, idx)")
        c.execute(
            """
            INSERT INTO models_registry_membership
              (person_id, model_id, role, joined_on, created_at, updated_at)
            SELECT b.person_id, b.model_id,
                   CASE b.idx WHEN 0 THEN 'leader' WHEN 1 THEN 'deputy' ELSE 'member' END,
                   m.established_on, now(), now()
            FROM bench_members b JOIN bench_models m ON m.id = b.model_id
            """
        )
        # Yearly ratings for the years of data.
        c.execute(
            """
            INSERT INTO models_registry_modelrating (model_id, year, rating, note, created_at, updated_at)
            SELECT m.id, y, (ARRAY['good', 'good', 'average', 'weak'])[1 + (m.id + y) %% 4], '',
                   now(), now()
            FROM bench_models m CROSS JOIN generate_series(%s, %s) AS y
            """,
            [first, LAST_YEAR],
        )
        # Cameras: 10 per camera network.
        c.execute(
            """
            INSERT INTO models_registry_camera
              (model_id, code, place, kind, funding, installed_on, linked_to_centre, status,
               created_at, updated_at)
            SELECT m.id, 'CAM-' || m.id || '-' || k, 'Ngã ba ' || k,
                   (ARRAY['fixed', 'fixed', 'ptz', 'plate'])[1 + k %% 4],
                   (ARRAY['state', 'public', 'public', 'sponsor'])[1 + (m.id + k) %% 4],
                   make_date(%s, 1 + k, 1), k %% 2 = 0, 'working', now(), now()
            FROM bench_models m CROSS JOIN generate_series(0, 9) AS k
            WHERE m.category = 'camera'
            """,
            [first],
        )
        # Shifts: every patrol team every ~3 days, evenings, 3 to 7 members (5 on average).
        c.execute(
            """
            INSERT INTO patrols_shift
              (model_id, commune_id, starts_at, ends_at, route, guests_police, guests_militia,
               guests_other, notes, created_at, updated_at, deleted_at, turns)
            SELECT m.id, m.commune_id, st, st + interval '4 hours', '', i %% 2, 0, 0, '',
                   now(), now(), NULL, 3 + ((m.id + i) %% 5)
            FROM bench_models m
            CROSS JOIN generate_series(0, %s) AS i
            CROSS JOIN LATERAL (
              SELECT ((make_date(%s, 1, 1) + (i * 365 * %s / %s))::timestamp
                      + make_interval(hours => (18 + (m.id + i) %% 5)::int)) AT TIME ZONE 'Asia/Ho_Chi_Minh'
            ) AS t(st)
            WHERE m.category = 'patrol'
            """,
            [shifts_per_team - 1, first, years, shifts_per_team],
        )
        c.execute(
            """
            INSERT INTO patrols_shiftparticipant (shift_id, person_id)
            SELECT s.id, b.person_id
            FROM patrols_shift s
            JOIN bench_models m ON m.id = s.model_id
            JOIN generate_series(0, 6) AS k ON k < s.turns
            JOIN bench_members b ON b.model_id = s.model_id AND b.idx = (s.id + k) %% %s
            """,
            [PERSONS_PER_MODEL],
        )
        # Incidents: one shift in three finds something.
        c.execute(
            """
            INSERT INTO patrols_incident
              (model_id, commune_id, shift_id, occurred_at, category_id, detected_by, outcome,
               persons_involved, description, created_at, updated_at, guns, homemade_guns,
               crude_weapons, explosives, firecrackers_kg, drugs_grams, vehicles)
            SELECT s.model_id, s.commune_id, s.id, s.starts_at + interval '1 hour',
                   cats.ids[1 + (s.id / 3) %% array_length(cats.ids, 1)],
                   (ARRAY['patrol','patrol','patrol','patrol','patrol','patrol','patrol',
                          'tip_off','camera','mediation'])[1 + (s.id / 3) %% 10],
                   (ARRAY['handed_to_police','settled','commitment','returned','mediated'])
                     [1 + (s.id / 7) %% 5],
                   1 + s.id %% 3, '', now(), now(),
                   0, (s.id %% 97 = 0)::int, (s.id %% 31 = 0)::int, 0,
                   CASE WHEN s.id %% 53 = 0 THEN 1.5 ELSE 0 END,
                   CASE WHEN s.id %% 61 = 0 THEN 2.25 ELSE 0 END, (s.id %% 89 = 0)::int
            FROM patrols_shift s
            JOIN bench_models m ON m.id = s.model_id
            CROSS JOIN (SELECT array_agg(id ORDER BY sort_order) AS ids
                        FROM patrols_incidentcategory) AS cats
            WHERE s.id %% 3 = 0
            """,
            [],
        )
        c.execute("SET LOCAL session_replication_role = origin")


def bench_user(code: str):
    from accounts.models import User
    from accounts.roles import Role
    from areas.models import Area

    username = f"bench_{code.lower()}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            first_name="Thử nghiệm",
            role=Role.PROVINCE_STAFF,
            scope_unit=Area.objects.get(code=code, level=1),
        )
        user.set_password(PASSWORD)
        user.save()
    return user


def counts(code: str) -> dict:
    from areas.models import Area
    from models_registry.models import GrassrootsModel, Person
    from patrols.models import Incident, Shift

    unit = Area.objects.get(code=code, level=1)
    with connection.cursor() as c:
        c.execute(
            "SELECT count(*) FROM patrols_shiftparticipant sp JOIN patrols_shift s ON s.id = sp.shift_id "
            "WHERE s.commune_id IN (SELECT id FROM areas_area WHERE parent_id = %s)",
            [unit.pk],
        )
        turns = c.fetchone()[0]
    return {
        "communes": Area.objects.filter(parent=unit).count(),
        "models": GrassrootsModel.objects.in_unit(unit).count(),
        "persons": Person.objects.in_unit(unit).count(),
        "shifts": Shift.objects.in_unit(unit).count(),
        "participant_turns": turns,
        "incidents": Incident.objects.in_unit(unit).count(),
        "years": list(
            Shift.objects.in_unit(unit)
            .values_list("day__year")
            .annotate(n=Count("pk"))
            .order_by("day__year")
            .values_list("day__year", flat=True)
        )[:1]
        + [LAST_YEAR],
    }


# --- measures ----------------------------------------------------------------------------


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
    previous = period.year_earlier()
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
    import datetime

    from areas.models import Area
    from reports.periods import Period
    from reports.statistics import compute, resolve_scope

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

    from reports import services
    from reports.models import ReportVersion

    report = services.create_report(
        user=user, kind="final", unit=user.scope_unit, period=period, number=1
    )
    started = time.perf_counter()
    with transaction.atomic():
        version = services.request_rendering(report=report, user=user)
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


def write_results(results: dict, data: dict, path: Path) -> None:
    targets = {
        "province_dashboard_1y_ms_max": 300,
        "province_dashboard_queries_max": 15,
        "1y_view_on_10y_vs_1y_data_max": 1.3,
        "dashboard_1y_vs_raw_sql_max": 2.0,
        "review_report_annual_ms_max": 10_000,
    }
    met = {
        "province_dashboard_1y_ms": results["province_dashboard_1y"]["ms"] <= 300,
        "province_dashboard_queries": results["province_dashboard_1y"]["queries"] <= 15,
        "1y_view_on_10y_vs_1y_data": results["ratios"]["1y_view_on_10y_vs_1y_data"] <= 1.3,
        "dashboard_1y_vs_raw_sql": results["ratios"]["dashboard_1y_vs_raw_sql"] <= 2.0,
        "review_report_annual_ms": results["review_report_annual"]["ms"] <= 10_000,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {"data": data, "figures": results, "targets": targets, "met": met},
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
