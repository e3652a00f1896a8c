"""A camera is in place from the day it was installed until the day it was removed: a past
period counts the cameras in place then (one removed later still counts for it); a removed
camera must say when, and only a removed one may; an approved month's cameras are locked like
its members, in the form and in the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from models_registry import signoff
from models_registry.models import Camera
from reports.statistics import Period, Scope, compute
from tests.conftest import login
from tests.factories import CameraFactory, GrassrootsModelFactory

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR_2024 = Period(D(2024, 1, 1), D(2024, 12, 31))
YEAR_2025 = Period(D(2025, 1, 1), D(2025, 12, 31))


@pytest.fixture
def network(commune_a, camera_type):
    return GrassrootsModelFactory(
        commune=commune_a, model_type=camera_type, established_on=D(2020, 1, 1)
    )


def cameras(user, commune, period) -> tuple[int, int]:
    stat = compute(user, Scope(unit=commune), period).headline["cameras"]
    return stat.value, stat.previous


def test_a_camera_removed_later_still_counts_for_the_years_it_stood(network, officer_a, commune_a):
    CameraFactory(model=network, code="A", funding="public", installed_on=D(2023, 5, 1))
    CameraFactory(
        model=network,
        code="B",
        funding="public",
        installed_on=D(2023, 5, 1),
        status="removed",
        removed_on=D(2025, 6, 1),
    )
    assert cameras(officer_a, commune_a, YEAR_2024) == (2, 2)  # both stood through 2023–2024
    assert cameras(officer_a, commune_a, YEAR_2025) == (1, 2)  # B came down in June 2025
    # Removed on the last day of a period: not in place on that day.
    end_may = Period(D(2025, 5, 1), D(2025, 5, 31))
    on_the_day = Period(D(2025, 6, 1), D(2025, 6, 1))
    assert cameras(officer_a, commune_a, end_may)[0] == 2
    assert cameras(officer_a, commune_a, on_the_day)[0] == 1


def test_a_removed_camera_says_when_and_only_a_removed_one(network, officer_a):
    camera = CameraFactory(model=network, code="A", funding="public", installed_on=D(2024, 1, 1))
    url = reverse("registry:camera_edit", args=[camera.pk])
    client = login(officer_a)
    data = {
        "model": network.pk,
        "code": "A",
        "place": "Ngã ba",
        "kind": "fixed",
        "funding": "public",
        "installed_on": "01/01/2024",
        "status": "removed",
        "removed_on": "",
    }
    with translation.override("vi"):
        page = client.post(url, data)
        assert page.status_code in (200, 422)
        assert "Nhập ngày camera được tháo dỡ." in page.content.decode()
        page = client.post(url, data | {"status": "working", "removed_on": "01/06/2025"})
        assert "Chỉ camera đã tháo dỡ mới có ngày tháo dỡ" in page.content.decode()
        page = client.post(url, data | {"removed_on": "01/06/2023"})
        assert "Ngày tháo dỡ không được trước ngày lắp đặt." in page.content.decode()
    assert client.post(url, data | {"removed_on": "01/06/2025"}).status_code == 302
    camera.refresh_from_db()
    assert (camera.status, camera.removed_on) == ("removed", D(2025, 6, 1))
    # The database holds the rule whatever writes.
    with pytest.raises(IntegrityError), transaction.atomic():
        Camera.objects.filter(pk=camera.pk).update(removed_on=None)


def test_an_approved_months_cameras_are_locked(network, officer_a, province_staff, commune_a):
    camera = CameraFactory(model=network, code="A", funding="public", installed_on=D(2024, 1, 1))
    row = signoff.confirm_month(user=officer_a, commune=commune_a, month=D(2025, 3, 1))
    signoff.approve_month(user=province_staff, month=row)
    # Removed in April: March's figures stay as approved.
    camera.status, camera.removed_on = "removed", D(2025, 4, 2)
    camera.full_clean()
    camera.save()
    # Removed in March, or put up in March: refused at the date, and by the database.
    camera.removed_on = D(2025, 3, 15)
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        camera.full_clean()
    assert "03/2025" in " ".join(refused.value.message_dict["removed_on"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Camera.objects.filter(pk=camera.pk).update(removed_on=D(2025, 3, 15))
    new = Camera(model=network, code="N", place="Chợ", funding="public", installed_on=D(2025, 3, 9))
    with pytest.raises(ValidationError) as refused:
        new.full_clean()
    assert "installed_on" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Camera.objects.create(
            model=network, code="N", place="Chợ", funding="public", installed_on=D(2025, 3, 9)
        )
    # Another kind changes every month since it was put up, March included.
    camera.refresh_from_db()
    camera.kind = "ptz"
    with pytest.raises(ValidationError) as refused:
        camera.full_clean()
    assert "kind" in refused.value.message_dict
