"""A year of realistic patrol shifts and incidents for the demo province's teams."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from models_registry.models import GrassrootsModel, ModelCategory
from patrols.models import Incident, IncidentCategory, Shift, ShiftParticipant

# How often each category turns up, roughly as the seeds report them.
CATEGORY_WEIGHTS = {
    "theft_farm_produce": 14,
    "theft_property": 10,
    "dispute": 12,
    "racing": 8,
    "lost_property": 6,
    "fireworks": 4,
    "drugs": 3,
    "weapons": 3,
    "gambling": 4,
    "traffic_accident": 4,
    "fire": 1,
    "wanted": 1,
    "tip_off": 6,
    "other": 4,
}
OUTCOMES = {
    "theft_farm_produce": ["handed_to_police", "returned"],
    "theft_property": ["handed_to_police"],
    "dispute": ["mediated", "commitment", "mediation_failed"],
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


def _items(code: str, rng: random.Random) -> dict:
    if code == "weapons":
        return {
            "homemade_guns": rng.randint(0, 2),
            "crude_weapons": rng.randint(1, 4),
            "explosives": rng.randint(0, 1),
        }
    if code == "fireworks":
        return {"firecrackers_kg": round(rng.uniform(0.5, 12), 1)}
    if code == "drugs":
        return {"drugs_grams": round(rng.uniform(0.1, 5), 2)}
    if code == "racing":
        return {"vehicles": rng.randint(1, 3)}
    return {}


@transaction.atomic
def load_demo_patrols(*, days: int = 365, seed: int = 19) -> int:
    """Shifts for every patrol team of the demo data that has none yet; returns shifts created."""
    rng = random.Random(seed)
    # Arrests and tip-offs' cases from a generator of their own: the rest stays as it was.
    cases_rng = random.Random(seed + 1)
    tz = timezone.get_current_timezone()
    categories = {c.code: c for c in IncidentCategory.objects.all()}
    codes, weights = zip(*CATEGORY_WEIGHTS.items(), strict=True)
    today = timezone.localdate()
    created = 0
    teams = GrassrootsModel.objects.filter(
        model_type__category=ModelCategory.PATROL
    ).prefetch_related("memberships__person", "villages")
    for team in teams:
        if Shift.all_objects.filter(model=team).exists():
            continue
        members = [m.person for m in team.memberships.all()]
        villages = list(team.villages.all())
        shifts, turns, incidents = [], [], []
        first = max(team.established_on, today - datetime.timedelta(days=days))
        day = first
        while day < today:
            start = datetime.datetime.combine(day, datetime.time(rng.choice([19, 20, 21]), 0), tz)
            shift = Shift(
                model=team,
                commune_id=team.commune_id,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=rng.choice([3, 4, 5])),
                leader=members[0],
                guests_police=rng.choice([0, 1, 1, 2]),
                guests_militia=rng.choice([0, 0, 1, 2]),
            )
            shifts.append((shift, rng.sample(members, k=min(len(members), rng.randint(3, 6)))))
            day += datetime.timedelta(days=rng.choice([2, 3, 3, 4]))
        Shift.objects.bulk_create([s for s, _people in shifts])
        for shift, people in shifts:
            if shift.leader not in people:
                people = [shift.leader, *people[:-1]]
            turns.extend(ShiftParticipant(shift=shift, person=p) for p in people)
            if rng.random() < 0.12:
                code = rng.choices(codes, weights)[0]
                incidents.append(
                    Incident(
                        model=team,
                        commune_id=team.commune_id,
                        shift=shift,
                        occurred_at=shift.starts_at
                        + datetime.timedelta(minutes=rng.randint(20, 170)),
                        village=rng.choice(villages) if villages else None,
                        category=categories[code],
                        detected_by="tip_off" if code == "tip_off" else "patrol",
                        outcome=rng.choice(OUTCOMES[code]),
                        persons_involved=rng.randint(0, 3),
                        **_items(code, rng),
                    )
                )
        ShiftParticipant.objects.bulk_create(turns)
        cases = [
            i for i in incidents if i.detected_by != "tip_off" and i.outcome == "handed_to_police"
        ]
        for case in cases:
            case.suspects_arrested = cases_rng.choice([0, 1, 1, 2, 3])
        Incident.objects.bulk_create(incidents)
        _link_tip_offs(cases_rng, incidents, cases)
        created += len(shifts)
    _standalone_incidents(rng, categories, today, days)
    return created


def _link_tip_offs(rng, incidents, cases) -> None:
    """Most of a team's tip-offs led to one of its cases of the weeks around them."""
    tips = []
    for tip in (i for i in incidents if i.detected_by == "tip_off"):
        near = [c for c in cases if abs((c.occurred_at - tip.occurred_at).days) <= 30]
        if near and rng.random() < 0.7:
            tip.solved_case = rng.choice(near)
            tips.append(tip)
    Incident.objects.bulk_update(tips, ["solved_case"])


def _standalone_incidents(rng, categories, today, days) -> None:
    """Mediation teams' cases and camera networks' detections, once."""
    others = GrassrootsModel.objects.filter(
        model_type__category__in=[ModelCategory.MEDIATION, ModelCategory.CAMERA]
    ).prefetch_related("cameras", "villages")
    rows = []
    for model in others:
        if Incident.all_objects.filter(model=model).exists():
            continue
        cameras = list(model.cameras.all())
        is_camera = model.model_type.category == ModelCategory.CAMERA
        for _n in range(rng.randint(4, 12)):
            day = today - datetime.timedelta(days=rng.randint(1, days - 1))
            if day < model.established_on:
                continue
            at = datetime.datetime.combine(
                day, datetime.time(rng.randint(6, 22), 0), timezone.get_current_timezone()
            )
            code = (
                rng.choice(["theft_property", "racing", "traffic_accident"])
                if is_camera
                else "dispute"
            )
            rows.append(
                Incident(
                    model=model,
                    commune_id=model.commune_id,
                    occurred_at=at,
                    category=categories[code],
                    detected_by="camera" if is_camera else "mediation",
                    camera=rng.choice(cameras) if is_camera and cameras else None,
                    outcome=rng.choice(OUTCOMES[code])
                    if is_camera
                    else rng.choice(["mediated", "mediated", "mediated", "mediation_failed"]),
                    persons_involved=rng.randint(1, 4),
                    **_items(code, rng),
                )
            )
    Incident.objects.bulk_create([r for r in rows if r.detected_by != "camera" or r.camera_id])
