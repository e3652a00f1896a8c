"""Each shift rule through the entry page form, and the standalone incident page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from patrols.models import Incident, Shift, ShiftParticipant
from tests.conftest import login
from tests.factories import CameraFactory, GrassrootsModelFactory, MembershipFactory, PersonFactory
from tests.patrols.conftest import D
from tests.patrols.test_entry_page import URL, payload


def counts():
    return (
        Shift.all_objects.count(),
        ShiftParticipant.objects.count(),
        Incident.all_objects.count(),
    )


@pytest.mark.parametrize(
    "case,expected",
    [
        ("future", "tương lai"),
        ("before the team", "chưa được thành lập"),
        ("dissolved", "đã giải thể"),
        ("not a member that day", "không phải là thành viên"),
        ("overlapping", "đã tham gia một ca khác"),
        ("negative guests", "phải lớn hơn hoặc bằng 0."),
        ("negative items", "phải lớn hơn hoặc bằng 0."),
        ("camera without a camera", "Hãy chọn camera"),
        ("another commune's team", None),
    ],
)
def test_each_rule_through_the_form(
    case, expected, officer_a, model_a, crew, category, commune_a, registry_b
):
    client = login(officer_a)
    overrides = {}
    if case == "future":
        overrides["day"] = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    elif case == "before the team":
        overrides["day"] = "2020-01-10"
    elif case == "dissolved":
        model_a.status, model_a.dissolved_on = "dissolved", datetime.date(2024, 12, 31)
        model_a.save()
    elif case == "not a member that day":
        late = PersonFactory(full_name="Người mới", commune=commune_a)
        MembershipFactory(person=late, model=model_a, joined_on=datetime.date(2025, 6, 1))
        overrides["participants"] = [p.pk for p in crew] + [late.pk]
    elif case == "overlapping":
        other = GrassrootsModelFactory(
            name="Tổ 2", commune=commune_a, model_type=model_a.model_type
        )
        MembershipFactory(person=crew[1], model=other, joined_on=datetime.date(2021, 3, 1))
        assert (
            client.post(
                URL,
                payload(
                    other,
                    [crew[1]],
                    category,
                    **{
                        "submission_key": "11111111-2222-4333-8444-555555555555",
                        "incidents-TOTAL_FORMS": 0,
                        "leader": "",
                    },
                ),
            ).status_code
            == 302
        )
    elif case == "negative guests":
        overrides["guests_militia"] = -1
    elif case == "negative items":
        overrides["incidents-0-guns"] = -1
    elif case == "camera without a camera":
        overrides["incidents-0-detected_by"] = "camera"
    data = payload(model_a, crew, category, **overrides)
    if case == "another commune's team":
        data["model"] = registry_b["team"].pk
    before = counts()
    response = client.post(URL, data)
    if expected is None:  # another commune's team is not found at all
        assert response.status_code == 404
    else:
        assert response.status_code == 422
        assert expected in response.content.decode()
    assert counts() == before


def test_standalone_camera_detection_page(officer_a, commune_a, camera_type, category):
    network = GrassrootsModelFactory(name="Camera thôn", commune=commune_a, model_type=camera_type)
    camera = CameraFactory(model=network, code="C1")
    client = login(officer_a)
    data = {
        "model": network.pk,
        "occurred_at": f"{D.isoformat()}T21:10",
        "category": category.pk,
        "detected_by": "camera",
        "outcome": "handed_to_police",
        "persons_involved": 1,
        "guns": 0,
        "homemade_guns": 0,
        "crude_weapons": 0,
        "explosives": 0,
        "firecrackers_kg": 0,
        "drugs_grams": 0,
        "vehicles": 1,
    }
    response = client.post(reverse("patrols:incident_add"), data)
    assert response.status_code == 200 and "Hãy chọn camera" in response.content.decode()
    response = client.post(reverse("patrols:incident_add"), {**data, "camera": camera.pk})
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.commune_id == commune_a.pk and incident.camera == camera
    html = client.get(reverse("patrols:incident_detail", args=[incident.pk])).content.decode()
    assert "C1" in html and "Lịch sử thay đổi" in html
