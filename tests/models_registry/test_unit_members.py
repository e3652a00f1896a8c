"""The members serving, added up by unit (``UnitMemberChange``), stay exact whatever is written:
after random memberships, joins and leaves moved, roles changed, soft deletes and restores,
models deactivated, reactivated, retyped, moved or given other dates, and communes put under
another province, the members serving on any day by unit, type and role equal a plain count;
and the country's dashboard, which reads them, counts the members a plain count gives."""

import datetime
import random

import pytest
from django.db.models import Count, Sum

from models_registry.models import GrassrootsModel, Membership, UnitMemberChange
from models_registry.querysets import GrassrootsModelQuerySet, MembershipQuerySet
from reports.statistics import Period, compute, resolve_scope
from tests.factories import GrassrootsModelFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

FIRST = datetime.date(2019, 1, 1)
DAYS = 2600  # into 2026


def _day(rng: random.Random) -> datetime.date:
    return FIRST + datetime.timedelta(days=rng.randrange(DAYS))


def _plain(day: datetime.date) -> dict:
    """Members serving on ``day`` by unit, type and role, counted from the memberships."""
    serving = Membership.all_objects.filter(
        MembershipQuerySet.serving_q(day),
        GrassrootsModelQuerySet.active_q(day, "model__"),
        deleted_at__isnull=True,
        model__deleted_at__isnull=True,
    )
    rows = serving.values_list("model__commune__parent_id", "model__model_type_id", "role")
    return {key: n for *key, n in rows.annotate(n=Count("pk")) for key in [tuple(key)]}


def _rolled(day: datetime.date) -> dict:
    rows = (
        UnitMemberChange.objects.filter(day__lte=day)
        .values_list("unit_id", "model_type_id", "role")
        .annotate(n=Sum("change"))
    )
    return {(unit, kind, role): n for unit, kind, role, n in rows if n}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_members_by_unit_equal_plain_counts_after_random_writes(
    seed, administrator, province, other_province, commune_a, commune_b, patrol_type, camera_type
):
    rng = random.Random(seed)
    models = [
        GrassrootsModelFactory(commune=commune, model_type=patrol_type, established_on=_day(rng))
        for commune in (commune_a, commune_a, commune_b, commune_b)
    ]
    memberships = []
    for _ in range(40):
        model = rng.choice(models)
        joined = _day(rng)
        left = joined + datetime.timedelta(days=rng.randrange(900)) if rng.random() < 0.5 else None
        memberships.append(
            MembershipFactory(
                person=PersonFactory(commune=model.commune),
                model=model,
                role=rng.choice(["deputy", "member", "member"]),
                joined_on=joined,
                left_on=left,
            )
        )

    def membership_dates(rng):
        m = rng.choice(memberships)
        m.refresh_from_db()
        m.joined_on = _day(rng)
        m.left_on = (
            m.joined_on + datetime.timedelta(days=rng.randrange(700))
            if rng.random() < 0.6
            else None
        )
        m.save()

    def membership_role(rng):
        m = rng.choice(memberships)
        m.refresh_from_db()
        m.role = "deputy" if m.role == "member" else "member"
        m.save()

    def membership_delete_or_restore(rng):
        m = Membership.all_objects.get(pk=rng.choice(memberships).pk)
        if m.deleted_at is None:
            m.soft_delete()
        else:
            m.deleted_at = None
            m.save()

    def model_liveness(rng):
        model = GrassrootsModel.all_objects.get(pk=rng.choice(models).pk)
        if model.deleted_at is None:
            model.soft_delete()
        else:
            model.deleted_at = None
            model.save()

    def model_type(rng):
        model = GrassrootsModel.all_objects.get(pk=rng.choice(models).pk)
        model.model_type = camera_type if model.model_type_id == patrol_type.pk else patrol_type
        model.save()

    def model_dates(rng):
        model = GrassrootsModel.all_objects.get(pk=rng.choice(models).pk)
        model.established_on = _day(rng)
        model.dissolved_on = (
            model.established_on + datetime.timedelta(days=rng.randrange(1500))
            if rng.random() < 0.5
            else None
        )
        model.save()

    def model_commune(rng):
        model = GrassrootsModel.all_objects.get(pk=rng.choice(models).pk)
        model.commune = commune_b if model.commune_id == commune_a.pk else commune_a
        model.save()

    def commune_parent(rng):
        commune_b.refresh_from_db()
        commune_b.parent = other_province if commune_b.parent_id == province.pk else province
        commune_b.save()

    writes = [
        membership_dates,
        membership_role,
        membership_delete_or_restore,
        model_liveness,
        model_type,
        model_dates,
        model_commune,
        commune_parent,
    ]
    for write in writes:
        write(rng)
    for _ in range(60):
        rng.choice(writes)(rng)
    # A bulk update of many memberships in one statement.
    Membership.all_objects.filter(pk__in=[m.pk for m in memberships[:10]]).update(role="member")

    days = [_day(rng) for _ in range(25)]
    for day in days:
        assert _rolled(day) == _plain(day), day

    # The country's dashboard reads them: its members now and before, by role and province.
    scope = resolve_scope(administrator)
    for end in days[:6]:
        period = Period(end - datetime.timedelta(days=rng.choice([0, 30, 364])), end)
        figures = compute(administrator, scope, period)
        now, before = _plain(period.end), _plain(figures.previous.end)
        members = figures.headline["members"]
        assert (members.value, members.previous) == (sum(now.values()), sum(before.values()))
        by_province = {}
        for (unit, _, _), n in now.items():
            by_province[unit] = by_province.get(unit, 0) + n
        got = {r.key: r["members"].value for r in figures.breakdown if r["members"].value}
        assert got == {k: v for k, v in by_province.items() if v}, period
