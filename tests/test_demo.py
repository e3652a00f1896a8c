"""`make demo` data: the real province with years of history, most communes active, the seeds'
patterns, the work in progress of an office; every rule the portal enforces holds in it.

The demo is loaded once for the module (the small size, on a fixed day) inside a transaction
rolled back at the end; each test runs in a savepoint of it."""

import datetime

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test import override_settings

from accounts.models import User
from accounts.roles import Role
from areas.demo import BAC_GIA_NGHIA, STORY_COMMUNE, history_start
from areas.models import Area
from awards.models import Award, Proposal
from models_registry.models import Camera, GrassrootsModel, Membership, ModelRating, ModelType
from patrols.models import Incident, Shift, ShiftParticipant
from reports.models import ReportVersion, ReviewReport
from reports.statistics import Period, completeness, compute, resolve_scope
from tests.conftest import outside_any_scope

TODAY = datetime.date(2026, 11, 30)  # the day of the trial; the history is relative to it
LATER = datetime.date(2026, 12, 1)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    storage = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path_factory.mktemp("private"))},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with django_db_blocker.unblock(), override_settings(STORAGES=storage), transaction.atomic():
        # Run as from a shell: outside any scope, the commands open what they need.
        outside_any_scope(call_command, "load_areas")
        outside_any_scope(call_command, "load_demo", "--size=small", f"--today={TODAY}")
        yield
        transaction.set_rollback(True)


def counts() -> tuple:
    return tuple(
        m.all_objects.count() if hasattr(m, "all_objects") else m.objects.count()
        for m in (
            Area,
            User,
            GrassrootsModel,
            Membership,
            ModelRating,
            Camera,
            Shift,
            ShiftParticipant,
            Incident,
            Award,
            Proposal,
            ReviewReport,
        )
    )


# Each query counts the rows that break a rule; every count must be 0.
RULES = {
    "a participant was not serving in the team on the shift's day": """
        SELECT count(*) FROM patrols_shiftparticipant p JOIN patrols_shift s ON s.id = p.shift_id
        WHERE NOT EXISTS (SELECT 1 FROM models_registry_membership m
          WHERE m.person_id = p.person_id AND m.model_id = s.model_id AND m.deleted_at IS NULL
            AND m.joined_on <= s.day AND (m.left_on IS NULL OR m.left_on >= s.day))""",
    "a person was on two overlapping shifts": """
        SELECT count(*) FROM patrols_shiftparticipant a
        JOIN patrols_shift sa ON sa.id = a.shift_id
        JOIN patrols_shiftparticipant b ON b.person_id = a.person_id AND b.shift_id > a.shift_id
        JOIN patrols_shift sb ON sb.id = b.shift_id
        WHERE sa.starts_at < sb.ends_at AND sb.starts_at < sa.ends_at""",
    "a participant's time (held apart by the exclusion constraint) is not its shift's": """
        SELECT count(*) FROM patrols_shiftparticipant p JOIN patrols_shift s ON s.id = p.shift_id
        WHERE p.during IS DISTINCT FROM
          CASE WHEN s.deleted_at IS NULL THEN tstzrange(s.starts_at, s.ends_at) END""",
    "a shift is longer than 24 h, ends before it starts or is in the future": """
        SELECT count(*) FROM patrols_shift WHERE ends_at <= starts_at
          OR ends_at - starts_at > interval '24 hours' OR ends_at > now()""",
    "a shift is outside its team's service or commune": """
        SELECT count(*) FROM patrols_shift s JOIN models_registry_grassrootsmodel g ON g.id = s.model_id
        JOIN models_registry_modeltype t ON t.id = g.model_type_id
        WHERE s.day < g.established_on OR s.commune_id <> g.commune_id OR t.category <> 'patrol'
          OR (g.dissolved_on IS NOT NULL AND s.day > g.dissolved_on)""",
    "a shift's leader is not of its commune": """
        SELECT count(*) FROM patrols_shift s JOIN models_registry_person p ON p.id = s.leader_id
        WHERE p.commune_id <> s.commune_id""",
    "a shift's turns differ from its participant rows": """
        SELECT count(*) FROM patrols_shift s WHERE s.turns <>
          (SELECT count(*) FROM patrols_shiftparticipant p WHERE p.shift_id = s.id)""",
    "the monthly summary differs from the shifts and incidents": """
        SELECT count(*) FROM (SELECT model_id, date_trunc('month', day)::date AS month,
          count(*) AS n, sum(turns) AS t FROM patrols_shift WHERE deleted_at IS NULL
          GROUP BY 1, 2) s
        FULL JOIN (SELECT model_id, date_trunc('month', day)::date AS month, count(*) AS n
          FROM patrols_incident WHERE deleted_at IS NULL GROUP BY 1, 2) i USING (model_id, month)
        FULL JOIN patrols_shiftmonth m USING (model_id, month)
        WHERE coalesce(s.n, 0) <> coalesce(m.shifts, 0) OR coalesce(s.t, 0) <> coalesce(m.turns, 0)
          OR coalesce(i.n, 0) <> coalesce(m.incidents, 0)""",
    "the incidents' monthly summary differs from the incidents": """
        SELECT count(*) FROM (SELECT model_id, date_trunc('month', day)::date AS month,
          category_id, count(*) AS n, count(*) FILTER (WHERE outcome = 'mediated') AS mediated,
          count(*) FILTER (WHERE detected_by = 'tip_off') AS tip_offs, sum(drugs_grams) AS drugs
          FROM patrols_incident WHERE deleted_at IS NULL GROUP BY 1, 2, 3) i
        FULL JOIN patrols_incidentmonth m USING (model_id, month, category_id)
        WHERE coalesce(i.n, 0) <> coalesce(m.incidents, 0)
          OR coalesce(i.mediated, 0) <> coalesce(m.outcome_mediated, 0)
          OR coalesce(i.tip_offs, 0) <> coalesce(m.detected_tip_off, 0)
          OR coalesce(i.drugs, 0) <> coalesce(m.drugs_grams, 0)""",
    "the rollups by unit differ from the monthly summaries of live models": """
        SELECT (SELECT count(*) FROM (SELECT a.parent_id AS unit_id, g.model_type_id, s.month,
                  sum(s.shifts) AS n, sum(s.turns) AS t, sum(s.incidents) AS i
                  FROM patrols_shiftmonth s JOIN areas_area a ON a.id = s.commune_id
                  JOIN models_registry_grassrootsmodel g ON g.id = s.model_id
                   AND g.deleted_at IS NULL GROUP BY 1, 2, 3) x
                FULL JOIN patrols_unitmonth u USING (unit_id, model_type_id, month)
                WHERE coalesce(x.n, 0) <> coalesce(u.shifts, 0)
                  OR coalesce(x.t, 0) <> coalesce(u.turns, 0)
                  OR coalesce(x.i, 0) <> coalesce(u.incidents, 0))
             + (SELECT count(*) FROM (SELECT a.parent_id AS unit_id, g.model_type_id, s.month,
                  s.category_id, sum(s.incidents) AS n, sum(s.drugs_grams) AS drugs
                  FROM patrols_incidentmonth s JOIN areas_area a ON a.id = s.commune_id
                  JOIN models_registry_grassrootsmodel g ON g.id = s.model_id
                   AND g.deleted_at IS NULL GROUP BY 1, 2, 3, 4) x
                FULL JOIN patrols_unitincidentmonth u
                  USING (unit_id, model_type_id, month, category_id)
                WHERE coalesce(x.n, 0) <> coalesce(u.incidents, 0)
                  OR coalesce(x.drugs, 0) <> coalesce(u.drugs_grams, 0))""",
    "the members serving today by unit differ from the memberships": """
        SELECT count(*) FROM (SELECT a.parent_id AS unit_id, g.model_type_id, m.role,
            count(*) AS n FROM models_registry_membership m
            JOIN models_registry_grassrootsmodel g ON g.id = m.model_id AND g.deleted_at IS NULL
            JOIN areas_area a ON a.id = g.commune_id
            WHERE m.deleted_at IS NULL AND m.joined_on <= current_date
              AND (m.left_on IS NULL OR m.left_on >= current_date)
              AND g.established_on <= current_date
              AND (g.dissolved_on IS NULL OR g.dissolved_on >= current_date)
            GROUP BY 1, 2, 3) x
        FULL JOIN (SELECT unit_id, model_type_id, role, sum(change) AS n
            FROM models_registry_unitmemberchange WHERE day <= current_date
            GROUP BY 1, 2, 3 HAVING sum(change) <> 0) u USING (unit_id, model_type_id, role)
        WHERE coalesce(x.n, 0) <> coalesce(u.n, 0)""",
    "an incident of a shift falls outside it, or belongs to another team": """
        SELECT count(*) FROM patrols_incident i JOIN patrols_shift s ON s.id = i.shift_id
        WHERE i.occurred_at < s.starts_at OR i.occurred_at > s.ends_at OR i.model_id <> s.model_id""",
    "an incident is before its model, in another commune, or in the future": """
        SELECT count(*) FROM patrols_incident i JOIN models_registry_grassrootsmodel g ON g.id = i.model_id
        WHERE i.day < g.established_on OR i.commune_id <> g.commune_id OR i.occurred_at > now()""",
    "a camera detection names no camera of the network": """
        SELECT count(*) FROM patrols_incident i LEFT JOIN models_registry_camera c ON c.id = i.camera_id
        WHERE (i.detected_by = 'camera' AND (c.id IS NULL OR c.model_id <> i.model_id
          OR c.installed_on > i.day)) OR (i.camera_id IS NOT NULL AND i.detected_by <> 'camera')""",
    "a tip-off's case is another tip-off, of another commune, or not before": """
        SELECT count(*) FROM patrols_incident t JOIN patrols_incident c ON c.id = t.solved_case_id
        WHERE t.detected_by <> 'tip_off' OR c.detected_by = 'tip_off' OR c.commune_id <> t.commune_id
          OR c.deleted_at IS NOT NULL OR c.occurred_at < t.occurred_at""",
    "a tip-off records arrests": """
        SELECT count(*) FROM patrols_incident WHERE detected_by = 'tip_off' AND suspects_arrested > 0""",
    "a village is of another commune": """
        SELECT (SELECT count(*) FROM patrols_incident i JOIN areas_area v ON v.id = i.village_id
                WHERE v.parent_id <> i.commune_id)
             + (SELECT count(*) FROM models_registry_person p JOIN areas_area v ON v.id = p.village_id
                WHERE v.parent_id <> p.commune_id)""",
    "a row points to nothing (the bulk load runs without foreign-key triggers)": """
        SELECT (SELECT count(*) FROM patrols_shiftparticipant p
                WHERE NOT EXISTS (SELECT 1 FROM patrols_shift s WHERE s.id = p.shift_id)
                   OR NOT EXISTS (SELECT 1 FROM models_registry_person r WHERE r.id = p.person_id))
             + (SELECT count(*) FROM patrols_shift s
                WHERE NOT EXISTS (SELECT 1 FROM models_registry_grassrootsmodel g WHERE g.id = s.model_id)
                   OR (s.leader_id IS NOT NULL
                       AND NOT EXISTS (SELECT 1 FROM models_registry_person r WHERE r.id = s.leader_id)))
             + (SELECT count(*) FROM patrols_incident i
                WHERE NOT EXISTS (SELECT 1 FROM patrols_incidentcategory c WHERE c.id = i.category_id)
                   OR (i.shift_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM patrols_shift s WHERE s.id = i.shift_id)))""",
    "a person is twice in one model at the same time, or with a leaving date before joining": """
        SELECT count(*) FROM models_registry_membership a JOIN models_registry_membership b
          ON a.model_id = b.model_id AND a.person_id = b.person_id AND a.id < b.id
        WHERE a.joined_on <= coalesce(b.left_on, 'infinity') AND b.joined_on <= coalesce(a.left_on, 'infinity')""",
    "a member joined before the model or lives in another commune": """
        SELECT count(*) FROM models_registry_membership m
        JOIN models_registry_grassrootsmodel g ON g.id = m.model_id
        JOIN models_registry_person p ON p.id = m.person_id
        WHERE m.joined_on < g.established_on OR p.commune_id <> g.commune_id""",
}


def test_demo_keeps_every_rule_of_the_portal(demo, db):
    with connection.cursor() as cursor:
        broken = {}
        for rule, sql in RULES.items():
            cursor.execute(sql)
            broken[rule] = cursor.fetchone()[0]
    assert broken == dict.fromkeys(RULES, 0)
    for model in GrassrootsModel.objects.all():
        assert model.memberships.filter(role="leader", left_on__isnull=True).count() == 1
    for award in Award.objects.select_related("unit", "model", "person")[:300]:
        award.full_clean(exclude=["created_by", "proposal"])


def test_history_runs_from_three_years_back_to_yesterday(demo, db):
    days = Shift.objects.order_by("day").values_list("day", flat=True)
    assert history_start(TODAY) == datetime.date(2023, 1, 1)
    assert days.first() <= datetime.date(2023, 1, 10)
    assert days.last() == TODAY - datetime.timedelta(days=1)
    years = {d.year for d in Shift.objects.dates("day", "year")}
    assert years == {2023, 2024, 2025, 2026}


def test_most_communes_have_models_of_every_type(demo, db):
    province = Area.objects.get(code="68", level=1, valid_to__isnull=True)
    communes = Area.objects.current().communes().filter(parent=province)
    with_models = communes.filter(grassroots_models__isnull=False).distinct().count()
    assert with_models >= 0.6 * communes.count()
    active_types = set(ModelType.objects.filter(is_active=True).values_list("pk", flat=True))
    assert set(GrassrootsModel.objects.values_list("model_type", flat=True)) == active_types
    serving = Membership.objects.filter(left_on__isnull=True).count()
    assert 4 <= serving / GrassrootsModel.objects.count() <= 9
    assert Membership.objects.filter(role="deputy").exists()
    assert Membership.objects.filter(left_on__isnull=False, role="member").exists()  # turnover
    assert Membership.objects.filter(role="leader", left_on__isnull=False).exists()  # new leaders
    assert (
        ModelRating.objects.filter(year=2025).count()
        >= 0.8
        * GrassrootsModel.objects.filter(established_on__lt=datetime.date(2025, 2, 1)).count()
    )
    funding = dict(Camera.objects.values_list("funding").annotate(n=Count("pk")))
    assert funding["public"] > funding.get("state", 0) and funding["public"] > funding["sponsor"]
    assert Camera.objects.filter(kind="plate").exists()


def _farm_thefts(**filters) -> int:
    return Incident.objects.filter(category__code="theft_farm_produce", **filters).count()


def test_the_seeds_patterns(demo, db):
    # Farm-produce thefts peak in the coffee harvest (October–January).
    harvest = _farm_thefts(day__month__in=[10, 11, 12, 1]) / 4
    rest = _farm_thefts(day__month__in=[2, 3, 4, 5, 6, 7, 8, 9]) / 8
    assert harvest > 1.8 * rest
    # Weapons are handed in during the campaigns (March–April, July–August).
    weapons = Incident.objects.filter(category__code="weapons")
    campaign = weapons.filter(day__month__in=[3, 4, 7, 8]).count() / 4
    assert campaign > 2 * weapons.exclude(day__month__in=[3, 4, 7, 8]).count() / 8
    # Tip-offs lead to cases of the following weeks; disputes are mediated.
    tips = Incident.objects.filter(detected_by="tip_off")
    assert tips.filter(solved_case__isnull=False).count() > 0.4 * tips.count()
    assert Incident.objects.filter(detected_by="mediation", outcome="mediated").count() > 20
    assert Incident.objects.filter(detected_by="camera").exists()


def test_the_story_commune_has_sixty_percent_fewer_farm_thefts(demo, db):
    commune = Area.objects.get(code=STORY_COMMUNE, level=3, valid_to__isnull=True)
    team = GrassrootsModel.objects.get(commune=commune, name__contains="Đắk Nia")
    assert team.established_on == datetime.date(2025, 1, 1)
    user = User.objects.get(username="tinh")
    figures = compute(
        user,
        resolve_scope(user, unit=commune.pk),
        Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
    )
    thefts = next(
        r for r in figures.incidents_by_category if r.extra["code"] == "theft_farm_produce"
    )
    change = thefts["incidents"].change
    assert change.direction == "down" and 45 <= change.percent <= 75, change.text


def test_silent_teams_and_communes_show_on_completeness(demo, db):
    province = Area.objects.get(code="68", level=1, valid_to__isnull=True)
    result = completeness(User.objects.get(username="tinh"), province, 30, TODAY)
    assert len(result.silent_communes) >= 2
    assert len(result.silent_models) >= 4
    assert all(row.extra["days_silent"] > 30 for row in result.silent_models)
    silent_in = {row.extra["commune_id"] for row in result.silent_models}
    officer_communes = {u.scope_unit_id for u in User.objects.filter(role=Role.COMMUNE_OFFICER)}
    bac_gia_nghia = Area.objects.get(code=BAC_GIA_NGHIA, level=3, valid_to__isnull=True)
    assert silent_in & officer_communes == {bac_gia_nghia.pk}  # one of its teams, not the rest
    assert 50 < result.rate < 100


def test_commendations_every_year_by_the_seeds_issuers(demo, db):
    for year in (2023, 2024, 2025, 2026):
        festival = Award.objects.filter(decision_date=datetime.date(year, 8, 19))
        assert festival.filter(issuer="police_director", recipient_kind="model").exists()
        assert festival.filter(issuer="police_director", recipient_kind="person").exists()
        assert Award.objects.filter(issuer="minister", decision_date__year=year).exists()
    for year in (2023, 2024, 2025):
        year_end = Award.objects.filter(decision_date__year=year, decision_date__month=12)
        assert year_end.filter(issuer="province_chairman", form="emulation_flag").exists()
        assert year_end.filter(issuer="commune_chairman").exists()
    assert not Award.objects.filter(decision_date__gt=TODAY).exists()


def test_work_in_progress(demo, db):
    issued = ReviewReport.objects.get(kind="final", period_start=datetime.date(2024, 12, 15))
    assert issued.period_end == datetime.date(2025, 12, 14) and issued.is_issued
    version = ReportVersion.objects.get(report=issued, issued_at__isnull=False)
    assert version.pdf and version.pages >= 3 and version.snapshot
    assert issued.conferred.exists()
    draft = ReviewReport.objects.get(kind="interim")
    assert (draft.period_start, draft.period_end) == (
        datetime.date(2026, 6, 15),
        datetime.date(2026, 12, 14),
    )
    assert not draft.is_issued and "06 tháng cuối năm 2026" in draft.title
    statuses = list(Proposal.objects.values_list("status", flat=True))
    assert sorted(statuses) == ["approved", "returned", "submitted", "submitted"]
    assert Award.objects.filter(proposal__status="approved").count() >= 2
    # The spreadsheets of January–March 2023, imported by the officer (so with their history).
    team = GrassrootsModel.objects.filter(
        commune__code="24967", model_type__name="Tổ An ninh nhân dân"
    ).earliest("pk")
    imported = Shift.objects.filter(
        model=team, day__range=(datetime.date(2023, 1, 1), datetime.date(2023, 3, 31))
    )
    assert imported.exists()
    events = apps.get_model("patrols", "ShiftEvent").objects
    assert events.filter(pgh_obj__in=imported, pgh_label="insert").count() == imported.count()


def test_this_year_to_date_compares_believably_with_last_year(demo, db):
    user = User.objects.get(username="tinh")
    period = Period(datetime.date(TODAY.year, 1, 1), TODAY - datetime.timedelta(days=1))
    figures = compute(user, resolve_scope(user), period)
    changes = {
        name: stat.change.percent
        for name, stat in figures.headline.items()
        if stat.change and stat.change.percent is not None
    }
    assert {"shifts", "turns", "incidents", "members", "models"} <= set(changes)
    assert {k: v for k, v in changes.items() if v > 100} == {}


def test_a_second_run_keeps_the_data_and_a_later_one_extends_it(demo, db):
    before = counts()
    outside_any_scope(call_command, "load_demo", "--size=small", f"--today={TODAY}")
    assert counts() == before
    silent_before = {
        row.key
        for row in completeness(
            User.objects.get(username="tinh"),
            Area.objects.get(code="68", level=1, valid_to__isnull=True),
            30,
            TODAY,
        ).silent_models
    }
    outside_any_scope(call_command, "load_demo", "--size=small", f"--today={LATER}")
    assert Shift.objects.filter(day=TODAY).exists()  # the new day is logged …
    assert Shift.objects.filter(day__gt=TODAY).count() == 0  # … up to the run's yesterday
    assert GrassrootsModel.objects.count() == before[2]
    after = completeness(
        User.objects.get(username="tinh"),
        Area.objects.get(code="68", level=1, valid_to__isnull=True),
        30,
        LATER,
    )
    assert {row.key for row in after.silent_models} == silent_before  # still silent
    with connection.cursor() as cursor:
        for rule, sql in RULES.items():
            cursor.execute(sql)
            assert cursor.fetchone()[0] == 0, rule


def test_the_sign_off_of_a_year_in_use(demo, db):
    """Finished months approved, the month just finished confirmed in most communes and
    returned in Đức Trọng, the silent communes' last months not confirmed; an approved
    month's records are locked."""
    from models_registry.locks import locked_month
    from models_registry.models import CommuneMonth, MonthStatus
    from models_registry.signoff import month_start, previous_month

    today = TODAY
    last = previous_month(today)
    rows = CommuneMonth.objects.all()
    assert rows.filter(status=MonthStatus.APPROVED).count() > 100
    assert not rows.filter(month__gte=month_start(today)).exists()
    assert not rows.filter(status=MonthStatus.APPROVED, month=last).exists()
    if today.day > 3:
        returned = rows.get(status=MonthStatus.RETURNED)
        assert (returned.commune.code, returned.month) == ("24958", last)
        assert returned.comment and returned.decided_by.username == "tinh"
        assert rows.filter(status=MonthStatus.CONFIRMED, month=last).count() >= 1
    # Not from a silent team's last shift on: a later run goes on writing its log there.
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM models_registry_communemonth c
               JOIN (SELECT g.commune_id, max(s.day) AS last
                     FROM models_registry_grassrootsmodel g
                     JOIN models_registry_modeltype t ON t.id = g.model_type_id
                     JOIN patrols_shift s ON s.model_id = g.id
                     WHERE t.category = 'patrol' AND g.deleted_at IS NULL
                       AND (g.dissolved_on IS NULL OR g.dissolved_on >= %s)
                     GROUP BY g.id, g.commune_id HAVING max(s.day) < %s) q
                 ON q.commune_id = c.commune_id
               WHERE c.status = 'approved' AND c.month >= date_trunc('month', q.last)""",
            [today, today - datetime.timedelta(days=30)],
        )
        assert cursor.fetchone()[0] == 0
    approved = rows.filter(status=MonthStatus.APPROVED).select_related("commune").first()
    assert locked_month(approved.commune_id, approved.month) == approved.month
    assert approved.confirmed_at < approved.decided_at
