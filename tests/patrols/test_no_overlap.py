"""Nobody is on two overlapping shifts, held by the database (``participant_no_overlap``):
two requests at once cannot both record it, and the one refused hears the rule's message."""

import datetime
import importlib
import json
import threading
import urllib.error
import urllib.request
import uuid

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from rest_framework.authtoken.models import Token

from areas.scoping import unscoped
from patrols.models import OVERLAP_CONSTRAINT as OVERLAP
from patrols.models import Incident, Shift, ShiftParticipant
from patrols.services import ShiftRulesError, overlap_refusal, record_shift
from tests.patrols.conftest import D, at

BUSY = "đã tham gia một ca khác trong cùng thời gian"


def shift_of(team, start, end, people, **fields):
    shift = Shift.objects.create(
        model=team, commune=team.commune, starts_at=start, ends_at=end, **fields
    )
    for person in people:
        ShiftParticipant.objects.create(shift=shift, person=person)
    return shift


def test_the_database_refuses_a_member_on_two_overlapping_shifts(model_a, crew):
    shift_of(model_a, at(D, 20), at(D, 23), crew[:2])
    with pytest.raises(IntegrityError, match="participant_no_overlap"), transaction.atomic():
        shift_of(model_a, at(D, 22), at(D, 23, 30), [crew[1]])
    # Back to back is not an overlap; another member at the same time is not either.
    shift_of(model_a, at(D, 23), at(D + datetime.timedelta(days=1), 1), crew[:2])
    shift_of(model_a, at(D, 20), at(D, 23), [crew[2]])


def test_the_turns_follow_their_shift_when_it_moves_or_is_deleted(model_a, crew):
    first = shift_of(model_a, at(D, 8), at(D, 10), [crew[0]])
    second = shift_of(model_a, at(D, 12), at(D, 14), [crew[0]])
    second.starts_at = at(D, 9)
    with pytest.raises(IntegrityError, match="participant_no_overlap"), transaction.atomic():
        second.save()
    first.soft_delete()
    assert ShiftParticipant.objects.get(shift=first).during is None
    second.save()  # the deleted shift holds nobody
    assert ShiftParticipant.objects.get(shift=second).during.lower == at(D, 9)


def test_a_shift_moved_onto_a_member_it_drops_is_saved(model_a, crew):
    shift_of(model_a, at(D, 8), at(D, 10), [crew[0]])
    moved = shift_of(model_a, at(D, 12), at(D, 14), crew[:2])
    moved.starts_at = at(D, 9)
    record_shift(shift=moved, participants=[crew[1]], incidents=[])
    assert list(moved.participants.values_list("person", flat=True)) == [crew[1].pk]


def test_the_refusal_without_the_other_shift_asks_to_send_again(model_a, crew):
    shift = Shift(model=model_a, starts_at=at(D, 20), ends_at=at(D, 23))
    assert overlap_refusal(shift, crew[:1]).fields == {
        "participants": [
            "Một thành viên đã tham gia một ca khác trong cùng thời gian; ca chưa được lưu. "
            "Hãy gửi lại."
        ]
    }


@pytest.mark.django_db(transaction=True)
def test_an_overlap_recorded_meanwhile_is_refused_in_the_rules_words(model_a, crew):
    """The second request passed the rules before the first committed: the database waits
    for the first, refuses the second, and the service names the member and the shift."""
    first_saved, release = threading.Event(), threading.Event()
    outcome = {}

    def first():
        with unscoped("a request of its own"), transaction.atomic():
            shift = Shift(model=model_a, starts_at=at(D, 20), ends_at=at(D, 23))
            outcome["first"] = record_shift(shift=shift, participants=crew[:2], incidents=[])
            first_saved.set()
            release.wait(10)
        connection.close()

    def second():
        first_saved.wait(10)
        with unscoped("a request of its own"):
            shift = Shift(model=model_a, starts_at=at(D, 21), ends_at=at(D, 22))
            try:
                record_shift(shift=shift, participants=[crew[1]], incidents=[])
            except ShiftRulesError as err:
                outcome["second"] = err.message_dict
        connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_saved.wait(10)
    threading.Event().wait(0.5)  # the second is now waiting on the first's turn
    release.set()
    for thread in threads:
        thread.join(20)
    (message,) = outcome["second"]["participants"]
    assert message.startswith(f"{crew[1].full_name} {BUSY} (")
    assert str(outcome["first"]) in message
    assert Shift.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_posts_of_one_shift_save_it_once(live_server, model_a, crew, officer_a):
    token = Token.objects.create(user=officer_a).key
    body = {
        "model": model_a.pk,
        "starts_at": at(D, 20).isoformat(),
        "ends_at": at(D, 23).isoformat(),
        "participants": [crew[0].pk],
    }
    start = threading.Barrier(12)
    answers = []

    def post():
        data = json.dumps({**body, "submission_key": str(uuid.uuid4())}).encode()
        request = urllib.request.Request(
            f"{live_server.url}/api/shifts/",
            data=data,
            headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
        )
        start.wait(10)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                answers.append((response.status, json.load(response)))
        except urllib.error.HTTPError as err:
            answers.append((err.code, json.loads(err.read() or b"null")))

    threads = [threading.Thread(target=post) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    assert sorted(status for status, _ in answers) == [201] + [400] * 11, answers
    assert Shift.objects.count() == 1
    for status, answer in answers:
        if status == 400:
            (message,) = answer["participants"]
            assert message.startswith(f"{crew[0].full_name} {BUSY} ("), message


def test_the_migration_resolves_the_overlaps_recorded_before(model_a, crew, category):
    """Turns recorded before the rule was held: a double submit is deleted with its
    incidents, a later overlapping turn is taken off its shift; what was first stays."""
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE patrols_shiftparticipant DROP CONSTRAINT {OVERLAP}")
    first = shift_of(model_a, at(D, 20), at(D, 23), crew[:2])
    repeat = shift_of(model_a, at(D, 20), at(D, 23), crew[:2])
    Incident.objects.create(
        model=model_a,
        commune=model_a.commune,
        shift=repeat,
        occurred_at=at(D, 21),
        category=category,
        detected_by="patrol",
        outcome="returned",
    )
    partly = shift_of(model_a, at(D, 22), at(D, 23, 30), crew[1:3])
    chained = shift_of(model_a, at(D, 23), at(D, 23, 45), crew[1:2])  # after partly's turn
    migration = importlib.import_module("patrols.migrations.0008_participant_no_overlap")
    with connection.schema_editor() as editor:
        migration.resolve_overlaps(apps, editor)
        (constraint,) = [c for c in ShiftParticipant._meta.constraints if c.name == OVERLAP]
        editor.add_constraint(ShiftParticipant, constraint)
    repeat.refresh_from_db()
    assert repeat.deleted_at is not None
    assert not Incident.objects.filter(shift=repeat).exists()
    assert set(first.participants.values_list("person", flat=True)) == {crew[0].pk, crew[1].pk}
    assert list(partly.participants.values_list("person", flat=True)) == [crew[2].pk]
    # Once partly's turn was taken off, the chained shift's turn overlaps nothing kept.
    assert chained.participants.count() == 1
    partly.refresh_from_db()
    assert partly.turns == 1
    taken_off = apps.get_model("patrols", "ShiftParticipantEvent").objects.filter(
        pgh_label="delete", shift_id=partly.pk, person_id=crew[1].pk
    )
    assert taken_off.exclude(pgh_context=None).exists()  # in the history, with the reason
