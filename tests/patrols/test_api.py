"""The shift and incident API: the same rules as the entry page, and nothing saved on error."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from patrols.models import Incident, Shift, ShiftParticipant
from tests.factories import CameraFactory, GrassrootsModelFactory, MembershipFactory, PersonFactory
from tests.patrols.conftest import D, at

ITEMS = {
    "guns": 0,
    "homemade_guns": 0,
    "crude_weapons": 0,
    "explosives": 0,
    "firecrackers_kg": "0",
    "drugs_grams": "0",
    "vehicles": 0,
}


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def body(team, crew, category, **overrides):
    return {
        "model": team.pk,
        "starts_at": at(D, 20).isoformat(),
        "ends_at": at(D, 23).isoformat(),
        "participants": [p.pk for p in crew],
        "leader": crew[0].pk,
        "guests_police": 1,
        "incidents": [
            {
                "occurred_at": at(D, 21).isoformat(),
                "category": category.pk,
                "detected_by": "patrol",
                "outcome": "returned",
                "persons_involved": 1,
                **ITEMS,
            }
        ],
        **overrides,
    }


def counts():
    return (
        Shift.all_objects.count(),
        ShiftParticipant.objects.count(),
        Incident.all_objects.count(),
    )


def test_create_a_shift_with_nested_rows(officer_a, model_a, crew, category):
    response = api(officer_a).post(
        reverse("shift-list"), body(model_a, crew, category), format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert sorted(data["participants"]) == sorted(p.pk for p in crew)
    assert len(data["incidents"]) == 1 and data["commune"] == model_a.commune_id
    assert counts() == (1, 6, 1)


def test_the_queries_of_a_shift_do_not_grow_with_its_participants(
    officer_a, model_a, crew, category
):
    """The participants are read in one query and written in one; the answer reads their
    turns once (no query per member, no turn read twice)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(officer_a)
    counts = []
    days = [D + datetime.timedelta(days=n) for n in range(3)]
    # the first one a warm-up (the user's permissions are read once, then kept on the user)
    for day, people in [(days[0], crew[:1]), (days[1], crew[:2]), (days[2], crew)]:
        payload = body(
            model_a,
            people,
            category,
            starts_at=at(day, 20).isoformat(),
            ends_at=at(day, 23).isoformat(),
            incidents=[],
        )
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("shift-list"), payload, format="json")
        assert response.status_code == 201, response.json()
        assert sorted(response.json()["participants"]) == sorted(p.pk for p in people)
        counts.append(len(queries.captured_queries))
    assert counts[1] == counts[2]


def test_retry_with_the_same_key_creates_one_shift(officer_a, model_a, crew, category):
    payload = body(model_a, crew, category, submission_key=str(uuid.uuid4()))
    client = api(officer_a)
    first = client.post(reverse("shift-list"), payload, format="json")
    second = client.post(reverse("shift-list"), payload, format="json")
    assert first.json()["id"] == second.json()["id"] and counts() == (1, 6, 1)


def _bad_cases(model_a, crew, category, commune_a, camera_type):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    late = PersonFactory(full_name="Người mới", commune=commune_a)
    MembershipFactory(person=late, model=model_a, joined_on=datetime.date(2025, 6, 1))
    network = GrassrootsModelFactory(name="Camera", commune=commune_a, model_type=camera_type)
    camera_incident = {
        "occurred_at": at(D, 21).isoformat(),
        "category": category.pk,
        "detected_by": "camera",
        "outcome": "other",
        **ITEMS,
    }
    return {
        "end before start": ({"ends_at": at(D, 19).isoformat()}, "ends_at"),
        "over 24 hours": (
            {"ends_at": at(D + datetime.timedelta(days=1), 21).isoformat()},
            "ends_at",
        ),
        "future": (
            {"starts_at": at(tomorrow, 20).isoformat(), "ends_at": at(tomorrow, 22).isoformat()},
            "starts_at",
        ),
        "before the team": (
            {
                "starts_at": at(datetime.date(2020, 1, 1), 20).isoformat(),
                "ends_at": at(datetime.date(2020, 1, 1), 22).isoformat(),
            },
            "starts_at",
        ),
        "not a member that day": (
            {"participants": [p.pk for p in crew] + [late.pk]},
            "participants",
        ),
        "negative guests": ({"guests_militia": -1}, "guests_militia"),
        "negative items": (
            {"incidents": [{**body(model_a, crew, category)["incidents"][0], "guns": -1}]},
            "incidents",
        ),
        "camera without a camera": ({"incidents": [camera_incident]}, "incidents"),
        "not a patrol team": ({"model": network.pk}, "model"),
    }


CASES = [
    "end before start",
    "over 24 hours",
    "future",
    "before the team",
    "not a member that day",
    "negative guests",
    "negative items",
    "camera without a camera",
    "not a patrol team",
]


@pytest.mark.parametrize("case", CASES)
def test_each_rule_through_the_api(
    case, officer_a, model_a, crew, category, commune_a, camera_type
):
    overrides, field = _bad_cases(model_a, crew, category, commune_a, camera_type)[case]
    before = counts()
    answers = {}
    for language in ("vi", "en"):
        response = api(officer_a).post(
            reverse("shift-list"),
            body(model_a, crew, category, **overrides),
            format="json",
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert response.status_code == 400, response.json()
        answers[language] = response.json()
    assert field in answers["vi"], answers["vi"]
    assert answers["vi"][field] != answers["en"][field], answers["vi"][field]
    assert counts() == before


def test_overlapping_shift_through_the_api(officer_a, model_a, crew, category):
    client = api(officer_a)
    assert (
        client.post(reverse("shift-list"), body(model_a, crew, category), format="json").status_code
        == 201
    )
    overlap = body(
        model_a,
        crew[:2],
        category,
        starts_at=at(D, 22).isoformat(),
        ends_at=at(D, 23, 30).isoformat(),
        incidents=[],
    )
    response = client.post(reverse("shift-list"), overlap, format="json")
    assert response.status_code == 400 and "participants" in response.json()
    assert Shift.objects.count() == 1


def test_standalone_camera_detection(officer_a, commune_a, camera_type, category):
    network = GrassrootsModelFactory(name="Camera", commune=commune_a, model_type=camera_type)
    own = CameraFactory(model=network, code="C1")
    other = CameraFactory(
        model=GrassrootsModelFactory(name="Khác", commune=commune_a, model_type=camera_type),
        code="C9",
    )
    payload = {
        "model": network.pk,
        "occurred_at": at(D, 21).isoformat(),
        "category": category.pk,
        "detected_by": "camera",
        "outcome": "handed_to_police",
        "camera": other.pk,
        **ITEMS,
    }
    client = api(officer_a)
    bad = client.post(reverse("incident-list"), payload, format="json")
    assert bad.status_code == 400 and "camera" in bad.json()
    good = client.post(reverse("incident-list"), {**payload, "camera": own.pk}, format="json")
    assert good.status_code == 201, good.json()
    assert Incident.objects.get().commune_id == commune_a.pk
