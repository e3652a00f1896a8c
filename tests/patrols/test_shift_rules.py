"""The shift rules, enforced by the one service every entry path calls."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from patrols.models import Incident, Shift, ShiftParticipant
from patrols.services import record_shift, shift_times
from tests.factories import CameraFactory, GrassrootsModelFactory, MembershipFactory, PersonFactory
from tests.patrols.conftest import D, at


def counts():
    return (
        Shift.all_objects.count(),
        ShiftParticipant.objects.count(),
        Incident.all_objects.count(),
    )


def attempt(model, starts_at, ends_at, people, incidents=(), **extra):
    shift = Shift(model=model, starts_at=starts_at, ends_at=ends_at, **extra)
    return record_shift(shift=shift, participants=list(people), incidents=list(incidents))


def rejected(field, *args, **kwargs) -> list[str]:
    before = counts()
    messages = {}
    for language in ("vi", "en"):
        with translation.override(language), pytest.raises(ValidationError) as err:
            attempt(*args, **kwargs)
        messages[language] = err.value.message_dict.get(field)
    assert messages["vi"], err.value.message_dict
    assert messages["vi"] != messages["en"], f"untranslated: {messages['vi']}"
    assert counts() == before
    return messages["vi"]


def test_a_good_shift_with_incidents(model_a, crew, category):
    incident = Incident(
        occurred_at=at(D, 23, 30),
        category=category,
        detected_by="patrol",
        outcome="handed_to_police",
        persons_involved=2,
    )
    shift = attempt(
        model_a,
        at(D, 20),
        at(D + datetime.timedelta(days=1), 2),
        crew,
        [incident],
        leader=crew[0],
        guests_police=1,
        guests_militia=2,
    )
    assert shift.commune_id == model_a.commune_id
    assert shift.participants.count() == 6 and shift.guest_count == 3
    assert Incident.objects.get().shift == shift


def test_crossing_midnight_is_the_next_day():
    starts_at, ends_at = shift_times(D, datetime.time(22, 0), datetime.time(2, 0))
    assert ends_at - starts_at == datetime.timedelta(hours=4)
    assert timezone.localtime(ends_at).date() == D + datetime.timedelta(days=1)


def test_end_before_start(model_a, crew):
    rejected("ends_at", model_a, at(D, 22), at(D, 21), crew)


def test_longer_than_24_hours(model_a, crew):
    rejected("ends_at", model_a, at(D, 8), at(D + datetime.timedelta(days=1), 9), crew)


def test_not_in_the_future(model_a, crew):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    rejected("starts_at", model_a, at(tomorrow, 20), at(tomorrow, 23), crew)


def test_not_before_the_team_existed(model_a, crew):
    rejected(
        "starts_at",
        model_a,
        at(datetime.date(2020, 5, 1), 20),
        at(datetime.date(2020, 5, 1), 23),
        crew,
    )


def test_not_after_the_team_was_dissolved(model_a, crew):
    model_a.status, model_a.dissolved_on = "dissolved", datetime.date(2024, 12, 31)
    model_a.save()
    rejected("starts_at", model_a, at(D, 20), at(D, 23), crew)


def test_participants_must_be_members_on_that_day(model_a, crew, commune_a):
    late = PersonFactory(full_name="Người mới", commune=commune_a)
    MembershipFactory(person=late, model=model_a, joined_on=datetime.date(2025, 6, 1))
    messages = rejected("participants", model_a, at(D, 20), at(D, 23), [*crew, late])
    assert any("Người mới" in m for m in messages)


def test_no_person_in_two_overlapping_shifts(model_a, crew, commune_a, patrol_type):
    attempt(model_a, at(D, 20), at(D, 23), crew[:3])
    other_team = GrassrootsModelFactory(name="Tổ 2", commune=commune_a, model_type=patrol_type)
    MembershipFactory(person=crew[1], model=other_team, joined_on=datetime.date(2021, 3, 1))
    rejected("participants", other_team, at(D, 22), at(D, 23, 30), [crew[1]])
    # Back to back is fine.
    attempt(other_team, at(D, 23), at(D + datetime.timedelta(days=1), 1), [crew[1]])


def test_counts_are_never_negative(model_a, crew, category):
    rejected("guests_police", model_a, at(D, 20), at(D, 23), crew, guests_police=-1)
    bad = Incident(
        occurred_at=at(D, 21), category=category, detected_by="patrol", outcome="other", guns=-2
    )
    rejected("incidents", model_a, at(D, 20), at(D, 23), crew, [bad])


def test_camera_detection_names_a_camera_of_that_network(
    officer_a, commune_a, camera_type, category
):
    from patrols.services import record_shift  # noqa: F401  (incidents on their own: see below)

    network = GrassrootsModelFactory(name="Camera thôn", commune=commune_a, model_type=camera_type)
    other = GrassrootsModelFactory(name="Camera khác", commune=commune_a, model_type=camera_type)
    foreign_camera = CameraFactory(model=other, code="X1")
    incident = Incident(
        model=network,
        occurred_at=at(D, 21),
        category=category,
        detected_by="camera",
        outcome="handed_to_police",
        camera=foreign_camera,
    )
    with pytest.raises(ValidationError) as err:
        incident.full_clean(exclude=["commune"])
    assert "camera" in err.value.message_dict
    incident.camera = None
    with pytest.raises(ValidationError) as err:
        incident.full_clean(exclude=["commune"])
    assert "camera" in err.value.message_dict


def test_only_patrol_teams_have_shifts(commune_a, camera_type, crew):
    network = GrassrootsModelFactory(name="Camera thôn", commune=commune_a, model_type=camera_type)
    rejected("model", network, at(D, 20), at(D, 23), crew)


def test_incident_time_within_the_shift(model_a, crew, category):
    outside = Incident(
        occurred_at=at(D, 10), category=category, detected_by="patrol", outcome="other"
    )
    rejected("incidents", model_a, at(D, 20), at(D, 23), crew, [outside])


def test_double_submit_creates_one_shift(model_a, crew):
    key = uuid.uuid4()
    first = record_shift(
        shift=Shift(model=model_a, starts_at=at(D, 20), ends_at=at(D, 23)),
        participants=crew,
        incidents=[],
        submission_key=key,
    )
    second = record_shift(
        shift=Shift(model=model_a, starts_at=at(D, 20), ends_at=at(D, 23)),
        participants=crew,
        incidents=[],
        submission_key=key,
    )
    assert first.pk == second.pk and Shift.objects.count() == 1
    assert ShiftParticipant.objects.count() == 6


def test_rows_read_with_the_shift_are_not_looked_for_again(model_a, crew, category, village_a):
    """The team, the leader and the incidents' categories came with the shift (read by the
    page's, the import's or the API's lookup): checking the rules does not query them again.
    A village, which must be a village (``limit_choices_to``), is still checked."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from patrols.services import shift_problems

    shift = Shift(model=model_a, starts_at=at(D, 20), ends_at=at(D, 23), leader=crew[0])
    found = {
        "occurred_at": at(D, 21),
        "category": category,
        "detected_by": "patrol",
        "outcome": "returned",
    }
    incidents = [Incident(**found), Incident(**found, village=village_a)]
    with CaptureQueriesContext(connection) as queries:
        assert not shift_problems(shift=shift, participants=crew[:2], incidents=incidents)
    lookups = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT 1 AS "a"')]
    assert len(lookups) == 1 and '"areas_area"' in lookups[0]
