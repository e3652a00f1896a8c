"""An approved month locks the commune's shifts and incidents: recording, changing, moving in
or out, and deleting are refused with the message at the date field, and the database holds
the rule against an edit landing while the province approves."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from areas.scoping import unscoped
from models_registry import signoff
from patrols.models import Incident, Shift, ShiftParticipant
from patrols.services import ShiftRulesError, record_shift
from tests.patrols.conftest import D, at

LOCKED = "Số liệu tháng 03/2025 của Xã Hiệp Thạnh đã được duyệt và khóa"
APRIL = datetime.date(2025, 4, 10)


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def approve_march(commune, officer, staff):
    row = signoff.confirm_month(user=officer, commune=commune, month=D)
    return signoff.approve_month(user=staff, month=row)


def vi(err: ValidationError) -> dict:
    with translation.override("vi"):
        return {k: " ".join(map(str, v)) for k, v in err.message_dict.items()}


def test_a_shift_in_a_locked_month_is_refused_at_its_start(
    model_a, crew, commune_a, officer_a, province_staff
):
    april = record_shift(
        shift=Shift(model=model_a, starts_at=at(APRIL, 20), ends_at=at(APRIL, 22)),
        participants=crew[:2],
        incidents=[],
    )
    march = record_shift(
        shift=Shift(model=model_a, starts_at=at(D, 20), ends_at=at(D, 22)),
        participants=crew[:2],
        incidents=[],
    )
    approve_march(commune_a, officer_a, province_staff)
    with pytest.raises(ShiftRulesError) as refused:
        record_shift(
            shift=Shift(model=model_a, starts_at=at(D, 8), ends_at=at(D, 10)),
            participants=crew[2:3],
            incidents=[],
        )
    assert LOCKED in vi(refused.value)["starts_at"]
    # moving April's shift into March; March's shift out of it; changing its crew
    april.starts_at, april.ends_at = at(D, 5), at(D, 7)
    with pytest.raises(ShiftRulesError) as refused:
        record_shift(shift=april, participants=crew[:2], incidents=[])
    assert LOCKED in vi(refused.value)["starts_at"]
    march.starts_at, march.ends_at = at(APRIL, 5), at(APRIL, 7)
    with pytest.raises(ShiftRulesError):
        record_shift(shift=march, participants=crew[:2], incidents=[])
    march.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        march.soft_delete()
    assert LOCKED in " ".join(refused.value.messages)
    # the database refuses what skips the rules
    for write in (
        lambda: ShiftParticipant.objects.create(shift=march, person=crew[3]),
        lambda: ShiftParticipant.objects.filter(shift=march).delete(),
        lambda: Shift.objects.filter(pk=march.pk).update(notes="Sửa thẳng"),
        lambda: Shift.objects.filter(pk=april.pk).update(starts_at=at(D, 5), ends_at=at(D, 6)),
    ):
        with pytest.raises(IntegrityError, match="commune_month_locked"), transaction.atomic():
            write()
    assert march.participants.count() == 2 and not Shift.objects.get(pk=march.pk).notes
    # April is open
    record_shift(
        shift=Shift(model=model_a, starts_at=at(APRIL, 8), ends_at=at(APRIL, 9)),
        participants=crew[2:3],
        incidents=[],
    )


def test_an_incident_in_a_locked_month_is_refused_at_its_time(
    model_a, crew, category, commune_a, officer_a, province_staff
):
    incident = Incident.objects.create(
        model=model_a,
        commune=commune_a,
        occurred_at=at(D, 9),
        category=category,
        detected_by="tip_off",
        outcome="settled",
    )
    row = approve_march(commune_a, officer_a, province_staff)
    incident.description = "Sửa mô tả"
    with pytest.raises(ValidationError) as refused:
        incident.full_clean()
    assert LOCKED in vi(refused.value)["occurred_at"]
    with pytest.raises(IntegrityError, match="commune_month_locked"), transaction.atomic():
        incident.save()
    with pytest.raises(ValidationError):
        incident.soft_delete()
    signoff.reopen_month(user=province_staff, month=row, reason="Sửa vụ việc")
    incident.full_clean()
    incident.save()
    incident.soft_delete()


@pytest.mark.django_db(transaction=True)
def test_an_edit_landing_while_the_province_approves_waits_and_is_refused(
    model_a, crew, commune_a, officer_a, province_staff
):
    """The approval holds the commune's lock until it commits: a shift sent meanwhile waits
    for it, then finds the month approved and is refused by the database."""
    row = signoff.confirm_month(user=officer_a, commune=commune_a, month=D)
    approving, release = threading.Event(), threading.Event()
    outcome = {}

    def approve():
        with unscoped("a request of its own"), transaction.atomic():
            signoff.approve_month(user=province_staff, month=row)
            approving.set()
            release.wait(10)
        connection.close()

    def edit():
        approving.wait(10)
        with unscoped("a request of its own"):
            try:
                with transaction.atomic():
                    shift = Shift.objects.create(
                        model=model_a, commune=commune_a, starts_at=at(D, 20), ends_at=at(D, 22)
                    )
                    outcome["saved"] = shift.pk
            except IntegrityError as err:
                outcome["refused"] = str(err)
        connection.close()

    threads = [threading.Thread(target=approve), threading.Thread(target=edit)]
    for thread in threads:
        thread.start()
    approving.wait(10)
    threading.Event().wait(0.5)
    assert "saved" not in outcome and "refused" not in outcome  # waiting on the approval
    release.set()
    for thread in threads:
        thread.join(20)
    assert "commune_month_locked" in outcome["refused"]
    assert not Shift.objects.exists()
