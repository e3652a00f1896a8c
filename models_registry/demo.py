"""Demo registry for the demo province: a few dozen models with members, ratings and cameras."""

import datetime
import random

from django.db import transaction

from areas.models import Area, AreaLevel
from models_registry.models import (
    Camera,
    GrassrootsModel,
    Membership,
    ModelRating,
    ModelType,
    Person,
)

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "K'",
]
MIDDLE_M, MIDDLE_F = ["Văn", "Hữu", "Đức", "Minh", "Quốc"], ["Thị", "Ngọc", "Thu", "Kim"]
GIVEN_M = [
    "Hùng",
    "Dũng",
    "Tuấn",
    "Sơn",
    "Bình",
    "Phúc",
    "Long",
    "Hải",
    "Nam",
    "Thắng",
    "Tài",
    "Lực",
]
GIVEN_F = ["Lan", "Hoa", "Mai", "Hạnh", "Nga", "Thảo", "Hương", "Yến", "Trang"]
PLACES = [
    "Cổng chợ",
    "Ngã ba trung tâm",
    "Trường tiểu học",
    "Cầu thôn",
    "Nhà văn hóa thôn",
    "Đường liên xã",
    "Trạm y tế",
    "Bến xe",
    "Cây xăng",
]

# (type name, model name pattern, with cameras)
FULL_SET = [
    ("Tổ bảo vệ an ninh, trật tự ở cơ sở", "Tổ bảo vệ ANTT {v}", False),
    (
        "Tổ tuần tra phòng, chống tội phạm và bảo vệ nông sản",
        "Tổ tuần tra bảo vệ nông sản {c}",
        False,
    ),
    ("Tổ tự quản", "Tổ tự quản {v}", False),
    ("Tổ tự quản", "Tổ tự quản {v2}", False),
    ("Tổ hòa giải", "Tổ hòa giải {v}", False),
    ("Camera an ninh", "Mắt camera an ninh {c}", True),
    ("CLB phòng, chống tội phạm", "CLB phòng, chống tội phạm {c}", False),
]
SMALL_SET = FULL_SET[:1] + FULL_SET[2:3] + FULL_SET[4:5]
MORE_COMMUNES = ["25015", "24985", "24988", "24871", "24611", "24617", "24615", "24781", "24846"]


def _name(rng: random.Random) -> tuple[str, str]:
    gender = rng.choice(["male", "male", "female"])
    middle, given = (MIDDLE_M, GIVEN_M) if gender == "male" else (MIDDLE_F, GIVEN_F)
    family = rng.choice(FAMILY)
    if family == "K'":
        return f"K'{rng.choice(given)}", gender
    return f"{family} {rng.choice(middle)} {rng.choice(given)}", gender


@transaction.atomic
def load_demo_registry(commune_codes: list[str], *, seed: int = 2026) -> int:
    """Create the demo models in communes that have none yet; returns how many were made."""
    rng = random.Random(seed)
    types = {t.name: t for t in ModelType.objects.all()}
    created = 0
    for index, code in enumerate(commune_codes + MORE_COMMUNES):
        commune = Area.objects.current().get(code=code, level=AreaLevel.COMMUNE)
        if GrassrootsModel.all_objects.filter(commune=commune).exists():
            continue
        villages = list(Area.objects.villages().filter(parent=commune).order_by("name"))
        specs = FULL_SET if index < len(commune_codes) else SMALL_SET
        for number, (type_name, pattern, with_cameras) in enumerate(specs):
            village = villages[number % len(villages)] if villages else None
            village2 = villages[(number + 1) % len(villages)] if villages else None
            established = datetime.date(rng.choice([2019, 2020, 2021, 2022]), rng.randint(1, 12), 1)
            model = GrassrootsModel.objects.create(
                name=pattern.format(
                    v=village.name if village else commune.short_name,
                    v2=village2.name if village2 else f"{commune.short_name} 2",
                    c=commune.short_name,
                ),
                model_type=types[type_name],
                commune=commune,
                established_on=established,
                motto="Vì bình yên thôn xóm" if number % 2 == 0 else "",
            )
            if village:
                model.villages.set([v for v in (village, village2) if v])
            created += 1
            for position in range(rng.randint(5, 9)):
                full_name, gender = _name(rng)
                person = Person.objects.create(
                    full_name=full_name,
                    gender=gender,
                    birth_year=rng.randint(1960, 2000),
                    phone=f"09{rng.randint(10_000_000, 99_999_999)}",
                    commune=commune,
                    village=rng.choice(villages) if villages else None,
                )
                role = "leader" if position == 0 else "deputy" if position == 1 else "member"
                Membership.objects.create(
                    person=person,
                    model=model,
                    role=role,
                    joined_on=established + datetime.timedelta(days=rng.randint(0, 60)),
                )
            for year in range(max(established.year, 2022), 2026):
                ModelRating.objects.create(
                    model=model, year=year, rating=rng.choice(["good", "good", "average", "weak"])
                )
            if with_cameras:
                for n in range(rng.randint(6, 12)):
                    Camera.objects.create(
                        model=model,
                        code=f"CAM-{commune.code}-{n + 1:02d}",
                        place=f"{rng.choice(PLACES)}{f', {village.name}' if village else ''}",
                        village=rng.choice(villages) if villages else None,
                        latitude=commune.latitude,
                        longitude=commune.longitude,
                        kind=rng.choice(["fixed", "fixed", "ptz", "plate"]),
                        funding=rng.choice(["public", "public", "state", "sponsor"]),
                        installed_on=established + datetime.timedelta(days=rng.randint(30, 700)),
                        linked_to_centre=rng.random() < 0.6,
                    )
    return created
