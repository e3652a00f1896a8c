"""What happened in each commune of the demo, month by month, and who recorded it.

Each commune has its own rate of each category (its size, a little growth each year), with the
seasons the seeds talk about: farm-produce theft in the coffee harvest (October–January),
fireworks and gambling around Tết, weapons handed in during the campaigns (March–April, and
before the 19 August festival). In Phường Đông Gia Nghĩa farm-produce thefts fall by about
60 % once seed 000's patrol team is set up. An incident is recorded by whoever would have
found it: a patrol shift of the commune that night (the incident falls within the shift), a
camera of its network, its mediation team, or a tip-off from the public, most of which lead to
a case of the following weeks; weapons are handed in to a club or a team."""

from __future__ import annotations

import datetime
import math
import random
from decimal import Decimal

from django.utils import timezone

from areas.demo import STORY_COMMUNE, Demo, copy_rows, reserve_ids, stable_hash
from areas.models import Area, AreaKind
from models_registry.demo import story_team_established
from models_registry.models import Camera, GrassrootsModel, ModelCategory
from patrols.models import IncidentCategory, ItemCounts

# Category → (a month's cases in an average commune, seasonal weights by month, 1 = usual).
RATES = {
    "theft_farm_produce": (
        0.9,
        {10: 1.8, 11: 2.6, 12: 2.6, 1: 1.8, 2: 0.6, 3: 0.4, 4: 0.4, 5: 0.5},
    ),
    "theft_property": (0.7, {1: 1.3, 2: 1.4}),
    "dispute": (1.5, {1: 1.2, 2: 1.3}),
    "racing": (0.7, {1: 1.3, 2: 1.6, 4: 1.3, 9: 1.3}),
    "lost_property": (0.3, {}),
    "fireworks": (0.2, {1: 4.0, 2: 5.0, 12: 1.5, 3: 0.3, 4: 0.3, 5: 0.3, 6: 0.3, 7: 0.3, 8: 0.3}),
    "drugs": (0.2, {}),
    "weapons": (0.15, {3: 3.0, 4: 3.0, 7: 2.0, 8: 3.0, 1: 0.3, 5: 0.3, 6: 0.3, 10: 0.3, 11: 0.3}),
    "gambling": (0.3, {1: 2.0, 2: 3.0}),
    "traffic_accident": (0.35, {1: 1.3, 2: 1.3}),
    "fire": (0.07, {1: 2.0, 2: 2.5, 3: 2.5, 4: 2.0, 7: 0.2, 8: 0.2, 9: 0.2}),
    "wanted": (0.04, {}),
    "tip_off": (0.55, {}),
    "other": (0.2, {}),
}
OUTCOMES = {
    "theft_farm_produce": ["handed_to_police", "handed_to_police", "returned"],
    "theft_property": ["handed_to_police"],
    "dispute": ["commitment", "mediated"],
    "racing": ["commitment"],
    "lost_property": ["returned"],
    "fireworks": ["handed_to_police"],
    "drugs": ["handed_to_police"],
    "weapons": ["handed_to_police"],
    "gambling": ["commitment", "handed_to_police"],
    "traffic_accident": ["settled", "handed_to_police"],
    "fire": ["settled"],
    "wanted": ["handed_to_police"],
    "tip_off": ["handed_to_police"],
    "other": ["other", "settled"],
}
CAMERA_SEEN = {"theft_property", "racing", "traffic_accident", "lost_property"}
DESCRIPTIONS = {
    "theft_farm_produce": [
        "Phát hiện đối tượng hái trộm cà phê tại rẫy",
        "Bắt quả tang trộm sầu riêng",
        "Thu giữ bao cà phê nhân không rõ nguồn gốc",
    ],
    "theft_property": ["Trộm xe máy để trước nhà", "Trộm tài sản trong nhà dân"],
    "dispute": ["Mâu thuẫn giữa hai hộ về ranh giới đất", "Xích mích trong gia đình"],
    "racing": ["Nhóm thanh thiếu niên chạy xe nẹt bô, đánh võng"],
    "lost_property": ["Nhặt được xe máy bị bỏ quên, xác minh trả lại chủ sở hữu"],
    "weapons": ["Nhân dân tự nguyện giao nộp vũ khí, công cụ thô sơ"],
}
INCIDENT_COLUMNS_SQL = [
    "id", "created_at", "updated_at", *ItemCounts.ITEM_FIELDS, "occurred_at", "detected_by",
    "outcome", "persons_involved", "description", "camera_id", "commune_id", "model_id",
    "village_id", "category_id", "shift_id", "solved_case_id", "suspects_arrested",
]  # fmt: skip


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _months(first: datetime.date, end: datetime.date):
    month = first.replace(day=1)
    while month <= end:
        following = (month + datetime.timedelta(days=32)).replace(day=1)
        yield max(month, first), min(following - datetime.timedelta(days=1), end)
        month = following


class _Commune:
    """The models of one commune that can record an incident, and its shifts by day."""

    def __init__(self, commune: Area, models: list[GrassrootsModel], cameras, villages, shifts):
        self.commune = commune
        self.models = models
        self.cameras = cameras
        self.villages = villages
        self.shifts: dict[datetime.date, list] = {}
        for shift in shifts:
            self.shifts.setdefault(timezone.localtime(shift.starts_at).date(), []).append(shift)

    def active(self, day, *categories):
        return [
            m for m in self.models if m.is_active_on(day) and m.model_type.category in categories
        ]

    def shift_near(self, rng, day, code: str):
        """A shift of the commune that night or the nights around it; a farm-produce theft
        is found by a farm-produce patrol team when one was out."""
        for offset in (0, 1, -1, 2, -2, 3, -3):
            found = self.shifts.get(day + datetime.timedelta(days=offset))
            if found:
                if code == "theft_farm_produce":
                    found = [s for s in found if s.team.type_name.endswith("nông sản")] or found
                return rng.choice(found)
        return None


def load(demo: Demo, first: datetime.date, end: datetime.date, shifts) -> int:
    """The incidents of every commune from ``first`` to ``end``; returns how many."""
    categories = {c.code: c.pk for c in IncidentCategory.objects.all()}
    models = GrassrootsModel.objects.filter(commune__in=demo.communes).select_related("model_type")
    by_commune: dict[int, list] = {}
    for model in models:
        by_commune.setdefault(model.commune_id, []).append(model)
    cameras: dict[int, list] = {}
    for camera in Camera.objects.filter(model__commune__in=demo.communes, status="working"):
        cameras.setdefault(camera.model_id, []).append(camera)
    villages: dict[int, list] = {}
    for village in Area.objects.villages().filter(parent__in=demo.communes):
        villages.setdefault(village.parent_id, []).append(village.pk)
    shifts_of: dict[int, list] = {}
    for shift in shifts:
        shifts_of.setdefault(shift.team.commune_id, []).append(shift)
    silent = {c.pk for c in demo.silent_communes}
    rows, tips = [], []
    for commune in demo.communes:
        place = _Commune(
            commune,
            by_commune.get(commune.pk, []),
            cameras,
            villages.get(commune.pk, []),
            shifts_of.get(commune.pk, []),
        )
        stop = end
        if commune.pk in silent:  # nobody logs there any more: the last shift ended it
            days = [s.starts_at for s in shifts_of.get(commune.pk, [])]
            stop = (
                timezone.localtime(max(days)).date() if days else first - datetime.timedelta(days=1)
            )
        rng = random.Random(stable_hash("incidents", commune.code, first))
        carry = 0.0
        for start, last in _months(first, min(stop, end)):
            for code, (rate, season) in RATES.items():
                mean = rate * _factor(demo, commune, code, start) * season.get(start.month, 1.0)
                mean *= ((last - start).days + 1) / 30.4
                if commune.code == STORY_COMMUNE and code == "theft_farm_produce":
                    # The story's figures as the expected ones, not a draw: about 60 %.
                    count, carry = int(mean + carry), mean + carry - int(mean + carry)
                else:
                    count = _poisson(rng, mean)
                for _n in range(count):
                    day = start + datetime.timedelta(days=rng.randint(0, (last - start).days))
                    row = _record(rng, place, code, day, categories)
                    if row is None:
                        continue
                    (tips if code == "tip_off" else rows).append(row)
                    if code == "tip_off" and rng.random() < 0.55:
                        case = _case_of(rng, place, row, min(stop, end), categories)
                        if case is not None:
                            rows.append(case)
                            row["case"] = case
    _arrests(rows)
    for row, pk in zip(
        rows + tips, reserve_ids("patrols_incident", len(rows) + len(tips)), strict=True
    ):
        row["id"] = pk
    for row in tips:
        case = row.pop("case", None)
        row["solved_case_id"] = case["id"] if case else None
    # Cases first: the database checks that a tip-off's case exists, in its commune.
    for batch in (rows, tips):
        copy_rows(
            "patrols_incident",
            INCIDENT_COLUMNS_SQL,
            ([r.get(c) for c in INCIDENT_COLUMNS_SQL] for r in batch),
        )
    return len(rows) + len(tips)


def _factor(demo: Demo, commune: Area, code: str, month: datetime.date) -> float:
    """How much happens in ``commune``: its size, the years' growth, a ward's few farms and
    the story of Phường Đông Gia Nghĩa."""
    factor = 0.5 + (stable_hash("size", commune.code) % 100) / 100  # 0.5–1.5
    factor *= demo.size.incident_scale * (1 + 0.04 * (month.year - demo.start.year))
    if code == "theft_farm_produce":
        if commune.kind == AreaKind.WARD and commune.code != STORY_COMMUNE:
            factor *= 0.2
        if commune.code == STORY_COMMUNE:
            # Seed 000: "kéo giảm 60% số vụ liên quan đến trộm cắp nông sản".
            factor = 3.0 if month < story_team_established(demo) else 1.15
            factor *= max(demo.size.incident_scale, 0.8)
    return factor


def _record(rng, place: _Commune, code: str, day, categories) -> dict | None:
    """Who recorded an incident of ``code`` on ``day``, and how; None when nobody could."""
    tz = timezone.get_current_timezone()
    row = {
        "commune_id": place.commune.pk,
        "category_id": categories[code],
        "outcome": rng.choice(OUTCOMES[code]),
        "persons_involved": rng.randint(1, 3),
        "description": rng.choice(DESCRIPTIONS.get(code, [""])),
        "village_id": rng.choice(place.villages) if place.villages else None,
        "suspects_arrested": 0,
        **_items(rng, code),
    }
    at = datetime.datetime.combine(
        day, datetime.time(rng.randint(7, 21), rng.choice([0, 15, 30, 45])), tz
    )
    mediators = place.active(day, ModelCategory.MEDIATION)
    networks = [m for m in place.active(day, ModelCategory.CAMERA) if place.cameras.get(m.pk)]
    if code == "tip_off":
        found = place.active(
            day, ModelCategory.PATROL, ModelCategory.SELF_MANAGEMENT, ModelCategory.CLUB
        )
        return _done(row, rng.choice(found) if found else None, "tip_off", at)
    if code == "weapons":
        found = place.active(day, ModelCategory.CLUB, ModelCategory.PATROL)
        return _done(row, rng.choice(found) if found else None, "other", at)
    if code == "dispute" and mediators and rng.random() < 0.65:
        row["outcome"] = rng.choices(["mediated", "mediation_failed"], [82, 18])[0]
        return _done(row, rng.choice(mediators), "mediation", at)
    if code in CAMERA_SEEN and networks and rng.random() < 0.35:
        network = rng.choice(networks)
        seen = [c for c in place.cameras[network.pk] if c.installed_on <= day]
        if seen:
            row["camera_id"] = rng.choice(seen).pk
            return _done(row, network, "camera", at)
    shift = place.shift_near(rng, day, code)
    if shift is not None:
        minutes = max(int((shift.ends_at - shift.starts_at).total_seconds() // 60) - 10, 1)
        row["shift_id"] = shift.pk
        return _done(
            row,
            shift.team,
            "patrol",
            shift.starts_at + datetime.timedelta(minutes=rng.randint(5, minutes)),
        )
    found = place.active(day, ModelCategory.PATROL, ModelCategory.SELF_MANAGEMENT) or place.active(
        day, ModelCategory.CLUB, ModelCategory.FIRE, ModelCategory.OTHER
    )
    return _done(row, rng.choice(found) if found else None, "other", at)


def _done(row: dict, model, detected_by: str, at: datetime.datetime) -> dict | None:
    if model is None:
        return None
    row.update(
        model_id=model.pk, detected_by=detected_by, occurred_at=at, created_at=at, updated_at=at
    )
    return row


def _items(rng: random.Random, code: str) -> dict:
    items = dict.fromkeys(["guns", "homemade_guns", "crude_weapons", "explosives", "vehicles"], 0)
    items.update(firecrackers_kg=Decimal(0), drugs_grams=Decimal(0))
    if code == "weapons":
        items.update(
            homemade_guns=rng.choice([0, 0, 1, 1, 2]),
            crude_weapons=rng.randint(1, 4),
            explosives=rng.choice([0, 0, 0, 1]),
        )
    elif code == "fireworks":
        items["firecrackers_kg"] = Decimal(rng.randint(5, 120)) / 10
    elif code == "drugs":
        items["drugs_grams"] = Decimal(rng.randint(10, 500)) / 100
    elif code == "racing":
        items["vehicles"] = rng.randint(1, 3)
    return items


def _case_of(rng, place: _Commune, tip: dict, last: datetime.date, categories) -> dict | None:
    """The case a tip-off led to, a few days to three weeks later (seed 001: "cung cấp hơn
    5.000 nguồn tin có giá trị giúp công an các cấp điều tra, khám phá 2.144 vụ")."""
    day = timezone.localtime(tip["occurred_at"]).date() + datetime.timedelta(
        days=rng.randint(1, 21)
    )
    if day > last:
        return None
    code = rng.choice(
        ["theft_property", "theft_property", "drugs", "gambling", "wanted", "theft_farm_produce"]
    )
    case = _record(rng, place, code, day, categories)
    if case is None or case["occurred_at"] <= tip["occurred_at"]:
        return None
    case.update(outcome="handed_to_police", detected_by=case["detected_by"])
    return case


def _arrests(rows: list[dict]) -> None:
    """Cases handed to the police record their arrests."""
    for row in rows:
        if row["outcome"] == "handed_to_police":
            rng = random.Random(stable_hash("arrests", row["occurred_at"], row["category_id"]))
            row["suspects_arrested"] = rng.choice([0, 1, 1, 1, 2, 3])
