"""A small fixed province whose every figure is computed by hand in the tests.

Province: communes A, B and C (C has no model). Year under review: 2025; comparison: 2024.

Models (end of 2025 / end of 2024): team_a (patrol, A), selfman_a (self-management, A,
established 01/03/2025), team_b (patrol, B), network_b (cameras, B), dissolved_b (patrol, B,
dissolved 30/06/2025), deleted_a (patrol, A, soft-deleted: never counted).
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

D = datetime.date


def at(y, m, d, hh=0, mm=0):
    """A local (Asia/Ho_Chi_Minh) time."""
    return timezone.make_aware(datetime.datetime(y, m, d, hh, mm))


@pytest.fixture
def world(province, commune_a, commune_b, patrol_type, camera_type):
    from models_registry.models import ModelRating, ModelType
    from patrols.models import Incident, IncidentCategory, Shift, ShiftParticipant
    from tests.factories import (
        CameraFactory,
        CommuneFactory,
        GrassrootsModelFactory,
        MembershipFactory,
        PersonFactory,
    )

    commune_c = CommuneFactory(parent=province, name="Xã Tà Năng", code="24970")
    selfman_type = ModelType.objects.get(name="Tổ tự quản")
    est = D(2020, 1, 1)
    team_a = GrassrootsModelFactory(
        name="Tổ tuần tra A", commune=commune_a, model_type=patrol_type, established_on=est
    )
    selfman_a = GrassrootsModelFactory(
        name="Tổ tự quản A",
        commune=commune_a,
        model_type=selfman_type,
        established_on=D(2025, 3, 1),
    )
    team_b = GrassrootsModelFactory(
        name="Tổ tuần tra B", commune=commune_b, model_type=patrol_type, established_on=est
    )
    network_b = GrassrootsModelFactory(
        name="Mắt camera B", commune=commune_b, model_type=camera_type, established_on=est
    )
    dissolved_b = GrassrootsModelFactory(
        name="Tổ tuần tra giải thể B",
        commune=commune_b,
        model_type=patrol_type,
        established_on=est,
        status="dissolved",
        dissolved_on=D(2025, 6, 30),
    )
    deleted_a = GrassrootsModelFactory(
        name="Tổ nhập nhầm A", commune=commune_a, model_type=patrol_type, established_on=est
    )

    p1, p2, p3, p4 = (PersonFactory(full_name=f"Người A{i}", commune=commune_a) for i in range(4))
    p5 = PersonFactory(full_name="Người B", commune=commune_b)
    MembershipFactory(person=p1, model=team_a, role="leader", joined_on=est)
    MembershipFactory(person=p2, model=team_a, role="member", joined_on=est)
    MembershipFactory(person=p3, model=team_a, role="member", joined_on=est, left_on=D(2025, 5, 1))
    MembershipFactory(person=p4, model=selfman_a, role="member", joined_on=D(2025, 3, 1))
    MembershipFactory(person=p5, model=team_b, role="leader", joined_on=est)
    MembershipFactory(person=p1, model=deleted_a, role="member", joined_on=est)

    def shift(model, start, hours, people, deleted=False):
        s = Shift.objects.create(
            model=model,
            commune=model.commune,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=hours),
        )
        ShiftParticipant.objects.bulk_create([ShiftParticipant(shift=s, person=p) for p in people])
        if deleted:
            s.soft_delete()
        return s

    shifts = {
        # 00:30 on 1 January, local: 31 December in UTC, but it counts on 01/01/2025.
        "s1": shift(team_a, at(2025, 1, 1, 0, 30), 3, [p1, p2]),
        # 22:00 on 31/12/2025 to 04:00 on 01/01/2026: counted once, on 31/12/2025.
        "s2": shift(team_a, at(2025, 12, 31, 22), 6, [p1]),
        # 23:00 on 31/12/2024 to 00:30 on 01/01/2025 (when s1 starts): counted in 2024.
        "s3": shift(team_a, at(2024, 12, 31, 23), 1.5, [p1, p2, p3]),
        "s4": shift(team_a, at(2026, 1, 1, 4), 2, [p1]),  # once s2 has ended
        "s5_deleted": shift(team_a, at(2025, 6, 10, 20), 3, [p1, p2], deleted=True),
        "s6": shift(team_b, at(2025, 3, 5, 19), 3, [p5]),
        "s7": shift(team_b, at(2024, 3, 5, 19), 3, [p5]),
        "s8_deleted_model": shift(deleted_a, at(2025, 4, 1, 19), 3, [p1]),
    }
    cam1 = CameraFactory(
        model=network_b, code="C1", kind="fixed", funding="public", installed_on=D(2024, 1, 1)
    )
    CameraFactory(
        model=network_b, code="C2", kind="plate", funding="state", installed_on=D(2025, 2, 1)
    )
    CameraFactory(
        model=network_b,
        code="C3",
        funding="state",
        installed_on=D(2024, 1, 1),
        status="removed",
        removed_on=D(2024, 1, 1),
    )
    cat = {c.code: c for c in IncidentCategory.objects.all()}

    def incident(model, when, code, outcome, detected, shift=None, deleted=False, **items):
        i = Incident.objects.create(
            model=model,
            commune=model.commune,
            shift=shift,
            occurred_at=when,
            category=cat[code],
            outcome=outcome,
            detected_by=detected,
            camera=cam1 if detected == "camera" else None,
            **items,
        )
        if deleted:
            i.soft_delete()
        return i

    incident(
        team_a,
        at(2025, 1, 1, 1),
        "theft_property",
        "handed_to_police",
        "patrol",
        shift=shifts["s1"],
        homemade_guns=1,
        crude_weapons=2,
    )
    incident(selfman_a, at(2025, 5, 5, 9), "dispute", "mediated", "mediation")
    incident(
        network_b, at(2025, 7, 7, 2), "theft_property", "handed_to_police", "camera", vehicles=1
    )
    incident(
        team_b,
        at(2025, 8, 8, 21),
        "drugs",
        "handed_to_police",
        "tip_off",
        drugs_grams=Decimal("1.5"),
    )
    incident(team_a, at(2024, 7, 7, 22), "theft_property", "handed_to_police", "patrol")
    incident(team_a, at(2024, 8, 8, 22), "theft_property", "returned", "patrol")
    incident(team_a, at(2024, 12, 31, 23, 30), "theft_property", "handed_to_police", "patrol")
    incident(team_a, at(2025, 9, 9, 22), "racing", "commitment", "patrol", deleted=True)
    incident(deleted_a, at(2025, 4, 1, 20), "racing", "commitment", "patrol")

    ModelRating.objects.create(model=team_a, year=2025, rating="good")
    ModelRating.objects.create(model=team_b, year=2025, rating="weak")
    ModelRating.objects.create(model=team_b, year=2024, rating="good")
    deleted_a.soft_delete()
    return {
        "commune_c": commune_c,
        "team_a": team_a,
        "selfman_a": selfman_a,
        "team_b": team_b,
        "network_b": network_b,
        "dissolved_b": dissolved_b,
        "deleted_a": deleted_a,
        "selfman_type": selfman_type,
        **shifts,
    }


@pytest.fixture
def world_awards(world, province, commune_a, commune_b):
    """Commendations of the fixed province. 2025: collectives team_a (director), police of A
    (provincial chairman), a provincial body (minister); individuals Người A0 (director), a
    named person of B (minister, medal). 2024: team_b (commune chairman). Left out: a deleted
    award, an award to the deleted model, one of 2026."""
    from models_registry.models import Person
    from tests.factories import AwardFactory

    p1 = Person.objects.get(full_name="Người A0")
    made = {
        "a1": AwardFactory(model=world["team_a"], decision_date=D(2025, 8, 19)),
        "a2": AwardFactory(recipient_kind="person", person=p1, decision_date=D(2025, 8, 19)),
        "a3": AwardFactory(
            recipient_kind="commune_police",
            unit=commune_a,
            form="certificate_of_commendation",
            issuer="province_chairman",
            decision_date=D(2025, 12, 5),
        ),
        "a4": AwardFactory(
            recipient_kind="named_person",
            unit=commune_b,
            recipient_name="Nguyễn Văn Khánh",
            recipient_unit="Công an xã Đức Trọng",
            form="medal",
            issuer="minister",
            decision_date=D(2025, 3, 1),
        ),
        "a5": AwardFactory(
            recipient_kind="body",
            unit=province,
            recipient_name="Phòng PV05 Công an tỉnh",
            form="emulation_flag",
            issuer="minister",
            decision_date=D(2025, 11, 1),
        ),
        "a6": AwardFactory(
            model=world["team_b"], issuer="commune_chairman", decision_date=D(2024, 6, 1)
        ),
        "deleted": AwardFactory(model=world["team_a"], decision_date=D(2025, 2, 2)),
        "of_deleted_model": AwardFactory(model=world["deleted_a"], decision_date=D(2025, 2, 2)),
        "a2026": AwardFactory(model=world["team_a"], decision_date=D(2026, 1, 10)),
    }
    made["deleted"].soft_delete()
    return made


@pytest.fixture
def province_final(world, secretary):
    """The province's tổng kết of 2025, numbered and dated, as the document tests print it;
    ``province_final(situation=…)`` sets more of its fields."""
    from reports.reviews import services
    from reports.statistics import Period

    def make(**fields):
        return services.create_report(
            user=secretary,
            kind="final",
            unit=secretary.scope_unit,
            period=Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
            number=12,
            issued_on=datetime.date(2026, 1, 5),
            signer_name="Nguyễn Văn Bình",
            **fields,
        )

    return make


def place(area, lat, lon):
    area.latitude, area.longitude = Decimal(lat), Decimal(lon)
    area.save()


@pytest.fixture
def placed(world, province, commune_a, commune_b):
    """Communes A and B with coordinates, C without; camera C1 of B's network with
    coordinates, C2 without, C3 removed, C4 soft-deleted."""
    from models_registry.models import Camera
    from tests.factories import CameraFactory

    place(province, "11.6739", "107.968")
    place(commune_a, "11.7460", "108.4160")
    place(commune_b, "11.7520", "108.3610")
    network = world["network_b"]
    for code, lat, lon in [("C1", "11.7550", "108.3650"), ("C3", "11.7510", "108.3600")]:
        Camera.objects.filter(model=network, code=code).update(
            latitude=Decimal(lat), longitude=Decimal(lon)
        )
    gone = CameraFactory(
        model=network,
        code="C4-XOA",
        latitude=Decimal("11.7500"),
        longitude=Decimal("108.3700"),
        installed_on=datetime.date(2024, 1, 1),
    )
    gone.soft_delete()
    return world
