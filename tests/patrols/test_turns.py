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


def test_monthly_summary_stays_exact(model_a, commune_a):
    """ShiftMonth equals the shifts it sums after inserts, new participants, a moved date and a
    soft delete."""
    from django.db.models import Count, Sum
    from django.db.models.functions import TruncMonth

    from patrols.models import ShiftMonth

    def summary():
        return {
            (r["month"], r["shifts"], r["turns"])
            for r in ShiftMonth.objects.filter(model=model_a).exclude(shifts=0).values()
        }

    def from_shifts():
        rows = (
            Shift.objects.filter(model=model_a)
            .annotate(m=TruncMonth("day"))
            .values("m")
            .annotate(n=Count("pk"), t=Sum("turns"))
        )
        return {(r["m"], r["n"], r["t"]) for r in rows}

    people = [PersonFactory(commune=commune_a) for _ in range(3)]
    base = timezone.make_aware(datetime.datetime(2025, 1, 31, 22, 0))
    shifts = []
    for days in (0, 1, 40):
        start = base + datetime.timedelta(days=days)
        shifts.append(
            Shift.objects.create(
                model=model_a,
                commune=commune_a,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=5),
            )
        )
    ShiftParticipant.objects.bulk_create(
        [ShiftParticipant(shift=s, person=p) for s in shifts for p in people[:2]]
    )
    assert (
        summary()
        == from_shifts()
        == {
            (datetime.date(2025, 1, 1), 1, 2),
            (datetime.date(2025, 2, 1), 1, 2),
            (datetime.date(2025, 3, 1), 1, 2),
        }
    )
    ShiftParticipant.objects.create(shift=shifts[0], person=people[2])
    moved = shifts[2]  # 12/03 → 05/02
    moved.starts_at -= datetime.timedelta(days=35)
    moved.ends_at -= datetime.timedelta(days=35)
    moved.save()
    shifts[1].soft_delete()  # 01/02
    assert (
        summary()
        == from_shifts()
        == {
            (datetime.date(2025, 1, 1), 1, 3),
            (datetime.date(2025, 2, 1), 1, 2),
        }
    )
