"""What one shift holds at most — 200 incidents, 100 participants, 200 villages — on the page,
through the API and in an import, refused in Vietnamese before the rows are read one by one."""

import time

import pytest
from django.urls import reverse

from models_registry.models import Person
from patrols.imports import import_shifts
from patrols.models import Incident, Shift
from patrols.services import MAX_INCIDENTS, shift_problems
from tests.patrols.conftest import D, at
from tests.patrols.test_api import ITEMS, api, body
from tests.patrols.test_import import book, shift_row

TOO_MANY_INCIDENTS = "Một ca tuần tra ghi tối đa 200 vụ việc."


def incident(category, minute=0):
    return {
        **ITEMS,
        "occurred_at": at(D, 21, minute % 60).isoformat(),
        "category": category.pk,
        "detected_by": "patrol",
        "outcome": "returned",
    }


def test_the_api_refuses_more_incidents_than_a_shift_holds_at_once(
    officer_a, model_a, crew, category
):
    rows = [incident(category)] * (MAX_INCIDENTS + 1)
    started = time.perf_counter()
    response = api(officer_a).post(
        "/api/shifts/",
        body(model_a, crew, category, incidents=rows, participants=list(range(1, 102))),
        format="json",
    )
    assert time.perf_counter() - started < 5
    assert response.status_code == 400
    assert response.json() == {
        "incidents": [TOO_MANY_INCIDENTS],
        "participants": ["Một ca tuần tra có tối đa 100 thành viên tham gia."],
    }
    assert not Shift.all_objects.exists()


def test_a_shift_with_as_many_incidents_as_it_holds_is_saved_in_time(
    officer_a, model_a, crew, category
):
    rows = [incident(category, minute) for minute in range(MAX_INCIDENTS)]
    started = time.perf_counter()
    response = api(officer_a).post(
        "/api/shifts/", body(model_a, crew, category, incidents=rows), format="json"
    )
    assert response.status_code == 201, response.json()
    assert time.perf_counter() - started < 15  # gunicorn gives a request 30 s
    assert Incident.objects.filter(shift_id=response.json()["id"]).count() == MAX_INCIDENTS


def test_the_service_refuses_too_many_participants_and_incidents(model_a):
    shift = Shift(model=model_a, starts_at=at(D, 20), ends_at=at(D, 23))
    problems = shift_problems(
        shift=shift, participants=[Person()] * 101, incidents=[Incident()] * 201
    )
    assert problems.fields["participants"] == ["Một ca tuần tra có tối đa 100 thành viên tham gia."]
    assert problems.fields["incidents"] == [TOO_MANY_INCIDENTS]
    assert problems.incidents == {}  # not read one by one


def test_the_page_refuses_more_incident_rows_than_a_shift_holds(client_a, model_a, crew):
    data = {
        "model": model_a.pk,
        "day": "10/03/2025",
        "start": "20:00",
        "end": "23:00",
        "participants": [crew[0].pk],
        "guests_police": 0,
        "guests_militia": 0,
        "guests_other": 0,
        "submission_key": "8c3b1d2e-6a44-4f0e-9f7e-0d6c1a2b3c4d",
        "incidents-TOTAL_FORMS": 201,
        "incidents-INITIAL_FORMS": 0,
    }
    response = client_a.post(reverse("patrols:shift_add"), data)
    assert response.status_code == 422
    assert TOO_MANY_INCIDENTS in response.content.decode()
    assert not Shift.all_objects.exists()


def test_an_import_refuses_a_shift_with_too_many_incidents(officer_a, model_a, crew):
    rows = [[1, "21:00", "Trộm cắp nông sản", "", "Tuần tra", "Bàn giao cho Công an", 1, ""]]
    content = book([shift_row(1, model_a, crew)], rows * 201)
    result = import_shifts(user=officer_a, content=content, commit=True)
    assert not result.saved
    assert TOO_MANY_INCIDENTS in result.rows[0].errors
    assert not Shift.all_objects.exists()


@pytest.mark.parametrize("name", ["participants", "villages"])
def test_a_form_encoded_api_body_is_bounded_too(officer_a, model_a, crew, category, name):
    data = {"model": model_a.pk, name: list(range(1, 300))}
    response = api(officer_a).post("/api/shifts/", data)  # multipart
    assert response.status_code == 400
    assert list(response.json()) == [name]
