"""The demo registry: models of every type in most communes of the demo province, in the
proportions seed 003 reports ("225 Tổ Tự quản với 1575 thành viên; 689 Tổ An ninh nhân dân
với 3453 thành viên; 646 Tổ Hòa giải …"), with leaders, deputies, members who come and go,
yearly ratings and cameras, mostly installed by the residents ("1.022 mắt do Nhân dân tự
lắp"). Communes that already have models are left as they are; ratings of the years that
ended since the last run are added."""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from areas.demo import DUC_TRONG, STORY_COMMUNE, Demo, stable_hash
from areas.models import Area, AreaKind
from models_registry.models import (
    Camera,
    GrassrootsModel,
    Membership,
    ModelCategory,
    ModelRating,
    ModelType,
    Person,
    RatingScale,
    RatingStatus,
    RatingYear,
)
from models_registry.models.rating_rules import SCALE_VALUES, is_eligible, rating_period

FAMILY = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
]  # fmt: skip
MIDDLE = {
    "male": ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Công", "Thành"],
    "female": ["Thị", "Ngọc", "Thu", "Kim"],
}
GIVEN = {
    "male": [
        "Hùng", "Dũng", "Tuấn", "Sơn", "Bình", "Phúc", "Long", "Hải", "Nam", "Thắng", "Tài",
        "Lực", "Toàn", "Hiếu", "Khoa",
    ],
    "female": [
        "Lan", "Hoa", "Mai", "Hạnh", "Nga", "Thảo", "Hương", "Yến", "Trang", "Nhung", "Liên",
        "Hằng",
    ],
}  # fmt: skip
# Names of the K'Ho, M'Nông and Mạ communities of the Central Highlands.
HIGHLAND = {
    "male": ["K'Bình", "K'Điệp", "K'Brêu", "Điểu Đăk", "Điểu Xi", "K'Tiếp", "Điểu Ré", "K'Dũng"],
    "female": ["Ka Sô", "Ka Nhi", "H'Liên", "Ka Hoa", "Thị Hờ"],
}
PLACES = ["Cổng chợ", "Ngã ba trung tâm", "Trường tiểu học", "Cầu", "Nhà văn hóa", "Trạm y tế"]

# Type name → (expected models in a commune, members from, members to, name pattern). The
# counts are seed 003's per commune, scaled down, in its proportions (An ninh nhân dân :
# hòa giải : tự quản : PCCC : dân phòng : Hội đồng ANTT = 689 : 646 : 225 : 113 : 45 : 33);
# every commune has its CLB (seed 001: "91/91 xã … thành lập CLB"), most a shock team.
PLAN = {
    "Tổ bảo vệ an ninh, trật tự ở cơ sở": (1.0, 4, 6, "Tổ bảo vệ ANTT {v}"),
    "Tổ An ninh nhân dân": (2.0, 4, 7, "Tổ An ninh nhân dân {v}"),
    "Tổ tuần tra phòng, chống tội phạm": (0.35, 8, 12, "Tổ tuần tra phòng, chống tội phạm {c}"),
    "Tổ tuần tra phòng, chống tội phạm và bảo vệ nông sản": (
        0.5,
        8,
        15,
        "Tổ tuần tra bảo vệ nông sản {v}",
    ),
    "Tổ tự quản": (0.45, 6, 8, "Tổ tự quản về ANTT {v}"),
    "Tổ nhân dân tự quản": (0.2, 6, 8, "Tổ nhân dân tự quản {v}"),
    "CLB chủ nhà trọ tự quản": (0.25, 5, 9, "CLB chủ nhà trọ tự quản {c}"),
    "Tổ xe ôm tự quản": (0.1, 5, 8, "Tổ xe ôm tự quản {c}"),
    "Tổ hòa giải": (1.9, 4, 6, "Tổ hòa giải {v}"),
    "Camera an ninh": (0.4, 2, 4, "Camera an ninh {v}"),
    "CLB phòng, chống tội phạm": (1.0, 8, 14, "CLB phòng, chống tội phạm {c}"),
    "Đội thanh niên xung kích": (0.8, 6, 10, "Đội thanh niên xung kích {c}"),
    "Tổ dân phòng": (0.13, 5, 7, "Tổ dân phòng {v}"),
    "Đội phòng cháy, chữa cháy": (0.33, 4, 5, "Đội PCCC {v}"),
    "Hội đồng an ninh, trật tự": (0.1, 6, 8, "Hội đồng ANTT {c}"),
}
STATUTORY_FROM = datetime.date(2024, 7, 1)  # Luật Lực lượng tham gia bảo vệ ANTT ở cơ sở
STORY_TEAM = "Tổ tuần tra bảo vệ nông sản Đắk Nia"


def story_team_established(demo: Demo) -> datetime.date:
    """Seed 000's team, mid-history: 1 January of last year, so that last year, whole, is
    its first year and the year before it the comparison."""
    return datetime.date(demo.today.year - 1, 1, 1)


@dataclass
class _Spec:
    type_name: str
    name: str
    established: datetime.date
    size: int
    village: Area | None


def load_demo_registry(demo: Demo) -> int:
    """Models for the demo's communes that have none yet; returns how many were made."""
    with transaction.atomic():
        types = {t.name: t for t in ModelType.objects.all()}
        have = set(
            GrassrootsModel.all_objects.filter(commune__in=demo.communes).values_list(
                "commune_id", flat=True
            )
        )
        villages: dict[int, list[Area]] = {}
        for village in Area.objects.villages().filter(parent__in=demo.communes).order_by("pk"):
            villages.setdefault(village.parent_id, []).append(village)
        created = 0
        patrol_communes = _patrol_communes(demo)
        for commune in demo.communes:
            if commune.pk in have:
                continue
            rng = random.Random(stable_hash("registry", commune.code))
            specs = _specs(demo, rng, commune, villages.get(commune.pk, []), patrol_communes, types)
            created += _create(demo, rng, commune, specs, types, villages.get(commune.pk, []))
        _ratings(demo)
        return created


def _patrol_communes(demo: Demo) -> set[int]:
    if demo.size.patrol_communes is None:
        return {c.pk for c in demo.communes}
    ordinary = sorted(
        (c for c in demo.communes if not demo.is_special(c)),
        key=lambda c: stable_hash("patrol", c.code),
    )
    chosen = [c for c in demo.communes if demo.is_special(c)] + demo.silent_communes
    chosen += [c for c in ordinary if c not in chosen][: demo.size.patrol_communes]
    return {c.pk for c in chosen}


def _specs(demo, rng, commune, villages, patrol_communes, types) -> list[_Spec]:
    specs = []
    for type_name, (expected, low, high, pattern) in PLAN.items():
        patrol = types[type_name].category == ModelCategory.PATROL
        if patrol and commune.pk not in patrol_communes:
            continue
        if type_name.endswith("bảo vệ nông sản") and commune.kind == AreaKind.WARD:
            expected = 0.0  # a ward's farm produce is guarded by its commune neighbours
        if (
            type_name in ("CLB chủ nhà trọ tự quản", "Tổ dân phòng")
            and commune.kind == AreaKind.WARD
        ):
            expected *= 3
        if type_name == "CLB phòng, chống tội phạm" or (patrol and demo.size.models_scale < 1):
            scaled = expected  # every commune has its club; small demos keep their teams
        else:
            scaled = expected * demo.size.models_scale
        count = int(scaled) + (rng.random() < scaled - int(scaled))
        if demo.is_special(commune) and expected:
            count = max(count, 1)  # the users' and the story's communes show every type
        for n in range(count):
            village = villages[(n + len(specs)) % len(villages)] if villages else None
            name = pattern.format(
                v=village.name if village else commune.short_name, c=commune.short_name
            )
            if any(s.name == name for s in specs):
                name = f"{name} ({n + 1})"
            specs.append(
                _Spec(
                    type_name,
                    name,
                    _established(demo, rng, type_name),
                    rng.randint(low, high),
                    village,
                )
            )
    if commune.code == STORY_COMMUNE:
        specs = [s for s in specs if not s.type_name.endswith("bảo vệ nông sản")]
        specs.append(
            _Spec(
                "Tổ tuần tra phòng, chống tội phạm và bảo vệ nông sản",
                STORY_TEAM,
                story_team_established(demo),
                15,  # seed 000: "với 15 thành viên"
                villages[0] if villages else None,
            )
        )
    if commune.code == DUC_TRONG:
        specs.append(
            _Spec(
                "Camera an ninh",
                "Camera an ninh Công an xã Đức Trọng",
                datetime.date(2020, 10, 1),
                3,
                None,
            )
        )
        specs.append(
            _Spec(
                "Camera an ninh",
                "Camera an ninh Thôn Bắc Hội",
                datetime.date(2018, 6, 1),
                4,
                villages[0] if villages else None,
            )
        )
    return specs


def _established(demo: Demo, rng: random.Random, type_name: str) -> datetime.date:
    """Most models are older than the history; about one in ten started during it."""
    if type_name == "Tổ bảo vệ an ninh, trật tự ở cơ sở":
        return STATUTORY_FROM
    if rng.random() < 0.1:
        span = (demo.today - demo.start).days - 60
        return demo.start + datetime.timedelta(days=rng.randint(0, max(span, 1)))
    first = datetime.date(2012, 1, 1)
    return first + datetime.timedelta(days=rng.randint(0, (demo.start - first).days - 1))


def _person(rng, commune, villages, used: set[str]) -> Person:
    while True:
        gender = rng.choice(["male", "male", "female"])
        if rng.random() < 0.12:
            name = rng.choice(HIGHLAND[gender])
        else:
            family, middle = rng.choice(FAMILY), rng.choice(MIDDLE[gender])
            name = f"{family} {middle} {rng.choice(GIVEN[gender])}"
        if name not in used:
            used.add(name)
            break
    return Person(
        full_name=name,
        gender=gender,
        birth_year=rng.randint(1958, 2002),
        phone=f"09{rng.randint(10_000_000, 99_999_999)}",
        commune=commune,
        village=rng.choice(villages) if villages else None,
    )


def _roster(demo, rng, spec: _Spec) -> list[tuple[int, str, datetime.date, datetime.date | None]]:
    """(person index, role, joined, left) of one model over its life: a leader, a deputy and
    members from its start; members leave (about one in twelve a year) and are replaced a few
    weeks later; in one model in four the leader steps down, the deputy takes over and a new
    deputy joins."""
    start, end = spec.established, demo.today
    rows, next_person = [], 0

    def join(role, on, left=None):
        nonlocal next_person
        rows.append((next_person, role, on, left))
        next_person += 1
        return len(rows) - 1

    leader = join("leader", start)
    deputy = join("deputy", start)
    for _n in range(spec.size - 2):
        on = start + datetime.timedelta(days=rng.randint(0, 45))
        while on <= end:
            stay = datetime.timedelta(days=int(rng.expovariate(1 / (365 * 12))) + 30)
            left = on + stay if on + stay < end else None
            join("member", min(on, end), left)
            if left is None:
                break
            on = left + datetime.timedelta(days=rng.randint(10, 80))
    lifetime = (end - start).days
    if lifetime > 400 and rng.random() < 0.25:
        change = start + datetime.timedelta(days=rng.randint(200, lifetime - 100))
        person, role, joined, _left = rows[leader]
        rows[leader] = (person, role, joined, change - datetime.timedelta(days=1))
        person, role, joined, _left = rows[deputy]
        rows[deputy] = (person, role, joined, change - datetime.timedelta(days=1))
        rows.append((person, "leader", change, None))
        join("deputy", change)
    return rows


def _create(demo, rng, commune, specs, types, villages) -> int:
    models = [
        GrassrootsModel(
            name=s.name,
            model_type=types[s.type_name],
            commune=commune,
            established_on=s.established,
            motto=rng.choice(["", "", "Tự phòng, tự quản, tự bảo vệ", "Vì bình yên thôn xóm"]),
        )
        for s in specs
    ]
    GrassrootsModel.objects.bulk_create(models)
    through = GrassrootsModel.villages.through
    through.objects.bulk_create(
        [
            through(grassrootsmodel=m, area=s.village)
            for m, s in zip(models, specs, strict=True)
            if s.village
        ]
    )
    used: set[str] = set()
    persons, memberships = [], []
    for model, spec in zip(models, specs, strict=True):
        roster = _roster(demo, rng, spec)
        people = [
            _person(rng, commune, villages, used) for _n in range(1 + max(r[0] for r in roster))
        ]
        persons += people
        memberships += [
            Membership(person=people[i], model=model, role=role, joined_on=on, left_on=left)
            for i, role, on, left in roster
        ]
    Person.objects.bulk_create(persons)
    for membership in memberships:
        membership.person_id = membership.person.pk
    Membership.objects.bulk_create(memberships)
    Camera.objects.bulk_create(_cameras(demo, rng, commune, models, villages))
    return len(models)


def _camera_spot(spot: random.Random, commune: Area) -> tuple[Decimal | None, Decimal | None]:
    """A point round the commune's centre, within about half its radius (a random stream of
    its own, so the rest of the demo stays as it was), for the map to show the cameras
    spread over the commune rather than piled on its centre."""
    if commune.latitude is None or commune.longitude is None:
        return None, None
    radius_km = math.sqrt(float(commune.area_km2 or 30) / math.pi) * 0.5
    distance = radius_km * math.sqrt(spot.random())
    angle = spot.uniform(0, 2 * math.pi)
    lat = float(commune.latitude) + distance * math.sin(angle) / 111.32
    lon = float(commune.longitude) + distance * math.cos(angle) / (
        111.32 * math.cos(math.radians(float(commune.latitude)))
    )
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")


def _cameras(demo, rng, commune, models, villages) -> list[Camera]:
    cameras = []
    spot = random.Random(stable_hash("camera-spot", commune.code))
    for model in models:
        if model.model_type.name != "Camera an ninh":
            continue
        state = model.name.startswith("Camera an ninh Công an")
        # Seed 004: the district's state system, 102 eyes of which 6 read licence plates; the
        # residents' own networks, a dozen or two eyes each ("17 camera an ninh tại 3 tuyến").
        count = 102 if state else 17 if "Bắc Hội" in model.name else rng.randint(8, 24)
        for n in range(count):
            if state:
                kind, funding, installed = (
                    ("plate" if n < 6 else "fixed" if n % 3 else "ptz"),
                    "state",
                    model.established_on,
                )
            else:
                kind = rng.choices(["fixed", "ptz", "plate"], [16, 4, 1])[0]
                funding = rng.choices(["public", "sponsor", "state"], [15, 3, 2])[0]
                span = max((demo.today - model.established_on).days - 1, 1)
                installed = model.established_on + datetime.timedelta(
                    days=min(rng.randint(0, span), rng.randint(0, span))
                )
            village = rng.choice(villages) if villages else None
            latitude, longitude = _camera_spot(spot, commune)
            code = f"CAM-{commune.code}-{model.pk}-{n + 1:03d}"
            # Drawn in the order they always were, so the rest of the demo stays as it was.
            place = f"{rng.choice(PLACES)}{f', {village.name}' if village else ''}"
            linked = state or rng.random() < 0.35
            status = rng.choices(["working", "broken", "removed"], [92, 6, 2])[0]
            removed = None
            if status == "removed":  # taken down some day since (no draw of ``rng``)
                days = max((demo.today - installed).days - 1, 0)
                removed = installed + datetime.timedelta(
                    days=stable_hash("removed", code) % (days + 1)
                )
            cameras.append(
                Camera(
                    model=model,
                    code=code,
                    place=place,
                    village=village,
                    latitude=latitude,
                    longitude=longitude,
                    kind=kind,
                    funding=funding,
                    installed_on=installed,
                    linked_to_centre=linked,
                    status=status,
                    removed_on=removed,
                )
            )
    return cameras


def rating_years(demo: Demo, kind: str = RatingYear.STATUTORY) -> range:
    """The rating years over by now: a statutory year covers 15/11 of the year before to
    14/11, the other models' the calendar year."""
    last = demo.today.year
    if rating_period(kind, last)[1] >= demo.today:
        last -= 1
    return range(demo.start.year, last + 1)


def _ratings(demo: Demo) -> None:
    """Each model rated once for each rating year of its type it may be rated in (the
    statutory teams: nine months of activity), on its type's scale; the years before the
    last approved by the province, the last confirmed by the commune and awaiting approval."""
    models = GrassrootsModel.objects.filter(commune__in=demo.communes)
    have = set(ModelRating.all_objects.filter(model__in=models).values_list("model_id", "year"))
    weights = {RatingScale.GRADE: [60, 32, 8], RatingScale.DUTY: [45, 48, 7]}
    approved_at = datetime.datetime.combine(demo.today, datetime.time(9), tzinfo=datetime.UTC)
    rows = []
    rows_of = models.values_list(
        "pk", "name", "established_on", "model_type__rating_scale", "model_type__rating_year"
    )
    for pk, name, established, scale, kind in rows_of:
        years = rating_years(demo, kind)
        for year in years:
            if (pk, year) in have or not is_eligible(kind, year, established):
                continue
            rng = random.Random(stable_hash("rating", name, pk, year))
            values = SCALE_VALUES[scale]
            rating = values[0] if name == STORY_TEAM else rng.choices(values, weights[scale])[0]
            final = year < years[-1]
            rows.append(
                ModelRating(
                    model_id=pk,
                    year=year,
                    scale=scale,
                    rating=rating,
                    status=RatingStatus.APPROVED if final else RatingStatus.CONFIRMED,
                    approved_at=approved_at if final else None,
                )
            )
    ModelRating.objects.bulk_create(rows)
