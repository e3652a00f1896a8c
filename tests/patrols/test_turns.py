"""``Shift.turns`` is kept by PostgreSQL from the participant rows, whatever writes them."""

import datetime

from django.db import connection
from django.utils import timezone

from patrols.models import Shift, ShiftParticipant
from tests.factories import PersonFactory


def test_turns_follow_the_participant_rows(model_a, commune_a):
    people = [PersonFactory(commune=commune_a) for _ in range(4)]
    start = timezone.now() - datetime.timedelta(days=2)
    shift = Shift.objects.create(
        model=model_a,
        commune=commune_a,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    ShiftParticipant.objects.bulk_create([ShiftParticipant(shift=shift, person=p) for p in people])
    shift.refresh_from_db()
    assert shift.turns == 4
    assert shift.day == timezone.localtime(start).date()
    ShiftParticipant.objects.filter(shift=shift, person__in=people[:3]).delete()
    assert Shift.objects.get(pk=shift.pk).turns == 1
    # A save from an instance that still says 4 keeps the count the rows give.
    shift.notes = "Đi muộn"
    shift.save()
    assert Shift.objects.get(pk=shift.pk).turns == 1
    # Moving a row to another shift moves its turn.
    other = Shift.objects.create(
        model=model_a,
        commune=commune_a,
        starts_at=start - datetime.timedelta(days=1),
        ends_at=start - datetime.timedelta(days=1) + datetime.timedelta(hours=2),
    )
    ShiftParticipant.objects.filter(shift=shift).update(shift=other)
    assert Shift.objects.get(pk=shift.pk).turns == 0
    assert Shift.objects.get(pk=other.pk).turns == 1
    # A direct write cannot set a count the rows do not give.
    Shift.objects.filter(pk=other.pk).update(turns=99)
    assert Shift.objects.get(pk=other.pk).turns == 1
    # The recount (used after bulk loads) agrees with the triggers.
    with connection.cursor() as cursor:
        from patrols.models import RECOUNT_TURNS_SQL

        cursor.execute(RECOUNT_TURNS_SQL)
    assert Shift.objects.get(pk=other.pk).turns == 1


def test_turn_changes_leave_no_history_noise(model_a, commune_a):
    person = PersonFactory(commune=commune_a)
    start = timezone.now() - datetime.timedelta(days=2)
    shift = Shift.objects.create(
        model=model_a,
        commune=commune_a,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    ShiftParticipant.objects.create(shift=shift, person=person)
    assert shift.events.count() == 1  # the insert; the turn itself is recorded on its own row
