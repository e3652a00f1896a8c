"""The benchmark provinces, generated with PostgreSQL doing the bulk work.

One set of functions for every generated province, the bench's two (``generate``) and the
country's 34 (``reports/bench/national.py``): ``create_province`` (the unit and its communes),
``fill`` (the registry and ``years`` of logs of its communes, in SQL with triggers off),
``sort_keys``, then once for the database ``rebuild_summaries`` and ``vacuum_analyze``."""

from __future__ import annotations

import time

from django.db import connection, transaction
from django.db.models import Count

from reports.bench import (
    LAST_YEAR,
    MODELS_PER_COMMUNE,
    PASSWORD,
    PERSONS_PER_MODEL,
    PROVINCES,
    SHIFTS_PER_TEAM_YEAR,
    Province,
    log,
)


def missing_provinces(provinces: list[Province] = PROVINCES) -> list[Province]:
    from areas.models import Area

    have = set(
        Area.objects.filter(level=1, code__in=[p.code for p in provinces]).values_list(
            "code", flat=True
        )
    )
    return [p for p in provinces if p.code not in have]


def generate(provinces: list[Province] = PROVINCES) -> None:
    """The bench's provinces that are not in the database yet, then the summaries and the
    planner's statistics."""
    for province in missing_provinces(provinces):
        generate_province(province)
    rebuild_summaries()
    vacuum_analyze()


def country():
    from areas.models import Area, AreaKind

    return Area.objects.filter(level=0).first() or Area.objects.create(
        name="Việt Nam", kind=AreaKind.COUNTRY, code="VN"
    )


def generate_province(province: Province) -> None:
    """One province, its communes, registry and logs, in one transaction (a province is in
    the database whole or not at all)."""
    started = time.perf_counter()
    with transaction.atomic():
        unit = create_province(province)
        fill(unit, province.years)
        sort_keys(unit)
    log(f"  {province.label}: {time.perf_counter() - started:.0f} s")


def create_province(province: Province):
    from areas.models import Area, AreaKind

    unit = Area.objects.create(
        name=province.label, kind=AreaKind.PROVINCE, code=province.code, parent=country()
    )
    ids = Area.reserve_ids(province.communes)
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
    return unit


def rebuild_summaries() -> None:
    """Every summary the triggers keep, rebuilt from the rows (the load ran with triggers
    off). A summary added to the engine adds its rebuild here."""
    from patrols.models import REBUILD_SUMMARIES_SQL

    for name, sql in [("monthly summaries (shifts, incidents)", REBUILD_SUMMARIES_SQL)]:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
        log(f"  {name}: {time.perf_counter() - started:.0f} s")


def vacuum_analyze() -> None:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    log(f"  VACUUM ANALYZE: {time.perf_counter() - started:.0f} s")


def sort_keys(unit) -> None:
    """The Vietnamese sort keys of the models and persons written by SQL in ``fill``: computed
    in Python (``vi_key``), copied into a temporary table and written by one UPDATE a table
    (``refresh_sort_keys``'s ``bulk_update`` took 3.7 s for a one-year province's 22,400
    persons and their models, this 1.4 s)."""
    from areas.base.sorting import sort_key_fields
    from models_registry.models import GrassrootsModel, Person

    for model in (GrassrootsModel, Person):
        (field,) = sort_key_fields(model)
        table = model._meta.db_table
        rows = list(model.all_objects.in_unit(unit).order_by().values_list("pk", field.source))
        with connection.cursor() as c:
            c.execute("CREATE TEMP TABLE bench_keys (id bigint, key text) ON COMMIT DROP")
            with c.cursor.copy("COPY bench_keys (id, key) FROM STDIN") as copy:
                for pk, source in rows:
                    copy.write_row((pk, field.key_of(source)))
            c.execute(
                f'UPDATE {table} t SET "{field.column}" = k.key FROM bench_keys k '
                f'WHERE t.id = k.id AND t."{field.column}" IS DISTINCT FROM k.key'
            )
            c.execute("DROP TABLE bench_keys")


def fill(unit, years: int) -> None:
    """The registry and the logs of one province, in SQL. Triggers (history, counters, foreign
    keys) are off for the load; the turn counter and the turns' time (``during``) are written
    with the rows."""
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
              (name, sort_name, model_type_id, commune_id, established_on, motto, status,
               notes, created_at, updated_at)
            SELECT 'Mô hình ' || a.code || '-' || m, '', p.type_id, a.id,
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
              (full_name, sort_name, birth_year, gender, phone, commune_id, created_at,
               updated_at)
            SELECT 'Thành viên ' || m.id || '-' || k, '', 1960 + (k * 3) %% 40,
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
        # Yearly ratings for the years of data, each on its type's scale, confirmed by the
        # commune.
        c.execute(
            """
            INSERT INTO models_registry_modelrating
              (model_id, year, scale, rating, note, status, created_at, updated_at)
            SELECT m.id, y, t.rating_scale,
                   (CASE t.rating_scale
                     WHEN 'duty' THEN ARRAY['done_well', 'done_well', 'done', 'not_done']
                     ELSE ARRAY['good', 'good', 'average', 'weak'] END)[1 + (m.id + y) %% 4],
                   '', 'confirmed', now(), now()
            FROM bench_models m
            JOIN models_registry_grassrootsmodel g ON g.id = m.id
            JOIN models_registry_modeltype t ON t.id = g.model_type_id
            CROSS JOIN generate_series(%s, %s) AS y
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
        # The turns and incidents below read the shifts written here: those after ``last``.
        c.execute("SELECT coalesce(max(id), 0) FROM patrols_shift")
        (last,) = c.fetchone()
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
            INSERT INTO patrols_shiftparticipant (shift_id, person_id, during)
            SELECT s.id, b.person_id, tstzrange(s.starts_at, s.ends_at)
            FROM patrols_shift s
            JOIN bench_models m ON m.id = s.model_id
            JOIN generate_series(0, 6) AS k ON k < s.turns
            JOIN bench_members b ON b.model_id = s.model_id AND b.idx = (s.id + k) %% %s
            WHERE s.id > %s
            """,
            [PERSONS_PER_MODEL, last],
        )
        # Incidents: one shift in three finds something.
        c.execute(
            """
            INSERT INTO patrols_incident
              (model_id, commune_id, shift_id, occurred_at, category_id, detected_by, outcome,
               persons_involved, description, created_at, updated_at, guns, homemade_guns,
               crude_weapons, explosives, firecrackers_kg, drugs_grams, vehicles,
               suspects_arrested)
            SELECT s.model_id, s.commune_id, s.id, s.starts_at + interval '1 hour',
                   cats.ids[1 + (s.id / 3) %% array_length(cats.ids, 1)],
                   (ARRAY['patrol','patrol','patrol','patrol','patrol','patrol','patrol',
                          'tip_off','camera','mediation'])[1 + (s.id / 3) %% 10],
                   (ARRAY['handed_to_police','settled','commitment','returned','mediated'])
                     [1 + (s.id / 7) %% 5],
                   1 + s.id %% 3, '', now(), now(),
                   0, (s.id %% 97 = 0)::int, (s.id %% 31 = 0)::int, 0,
                   CASE WHEN s.id %% 53 = 0 THEN 1.5 ELSE 0 END,
                   CASE WHEN s.id %% 61 = 0 THEN 2.25 ELSE 0 END, (s.id %% 89 = 0)::int,
                   0
            FROM patrols_shift s
            JOIN bench_models m ON m.id = s.model_id
            CROSS JOIN (SELECT array_agg(id ORDER BY sort_order) AS ids
                        FROM patrols_incidentcategory) AS cats
            WHERE s.id %% 3 = 0 AND s.id > %s
            """,
            [last],
        )
        c.execute("SET LOCAL session_replication_role = origin")


def bench_user(code: str, level: int = 1):
    """Province staff of the province ``code`` (``bench_b10``), or with ``level=0`` of the
    country (``bench_vn``: province staff may be scoped to the country)."""
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
            scope_unit=Area.objects.get(code=code, level=level),
        )
        user.set_password(PASSWORD)
        user.save()
    return user


def counts(code: str, level: int = 1) -> dict:
    """What was generated in the province ``code`` (or, ``level=0``, the whole country)."""
    from areas.models import Area
    from models_registry.models import GrassrootsModel, Person
    from patrols.models import Incident, Shift

    unit = Area.objects.get(code=code, level=level)
    communes = Area.objects.in_unit(unit).filter(level=3)
    with connection.cursor() as c:
        c.execute(
            "SELECT count(*) FROM patrols_shiftparticipant sp JOIN patrols_shift s ON s.id = sp.shift_id "
            "JOIN areas_area a ON a.id = s.commune_id WHERE a.path LIKE %s",
            [f"{unit.path}%"],
        )
        turns = c.fetchone()[0]
    figures = {
        "communes": communes.count(),
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
    if level == 0:
        figures = {"provinces": Area.objects.filter(level=1, parent=unit).count(), **figures}
    return figures
