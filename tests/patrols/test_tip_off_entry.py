"""Entering a tip-off's case and a case's arrests: the incident page, the API, the shift page
and the shift import — each inside the user's area, every problem at its field."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from patrols.models import Incident
from tests.conftest import login
from tests.factories import IncidentFactory
from tests.patrols.conftest import D
from tests.patrols.test_entry_page import URL as SHIFT_URL
from tests.patrols.test_entry_page import payload
from tests.patrols.test_import import book, shift_row

ITEMS = {
    "guns": 0,
    "homemade_guns": 0,
    "crude_weapons": 0,
    "explosives": 0,
    "firecrackers_kg": 0,
    "drugs_grams": 0,
    "vehicles": 0,
}


@pytest.fixture
def case_a(model_a):
    return IncidentFactory(model=model_a, suspects_arrested=3)


@pytest.fixture
def case_b(registry_b):
    return IncidentFactory(model=registry_b["team"])


def tip_off(model, category, **overrides):
    return {
        "model": model.pk,
        "occurred_at": f"{D.isoformat()}T08:15",
        "category": category.pk,
        "detected_by": "tip_off",
        "outcome": "handed_to_police",
        "persons_involved": 0,
        **ITEMS,
        **overrides,
    }


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- the incident page ------------------------------------------------------------------


def test_a_tip_off_is_linked_to_its_case_on_the_page(client_a, model_a, category, case_a):
    form = client_a.get(reverse("patrols:incident_add")).content.decode()
    assert f'<option value="{case_a.pk}">#{case_a.pk} · 10/03/2025' in form
    response = client_a.post(
        reverse("patrols:incident_add"), tip_off(model_a, category, solved_case=case_a.pk)
    )
    assert response.status_code == 302
    tip = Incident.objects.get(detected_by="tip_off")
    assert tip.solved_case == case_a and tip.suspects_arrested == 0
    html = client_a.get(case_a.get_absolute_url()).content.decode()
    assert 'data-field="suspects_arrested">3<' in html and tip.get_absolute_url() in html
    html = client_a.get(tip.get_absolute_url()).content.decode()
    assert case_a.get_absolute_url() in html and "Vụ việc được giúp khám phá" in html


def test_an_outsider_cannot_link_another_communes_case(officer_b, registry_b, category, case_a):
    client = login(officer_b)
    offered = client.get(reverse("patrols:incident_add")).context["form"]["solved_case"]
    assert case_a.pk not in offered.field.queryset.values_list("pk", flat=True)
    before = Incident.all_objects.count()
    response = client.post(
        reverse("patrols:incident_add"),
        tip_off(registry_b["team"], category, solved_case=case_a.pk),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["solved_case"] == ["Hãy chọn một vụ việc đã ghi nhận của xã, phường có tin báo."]
    assert Incident.all_objects.count() == before


def test_province_staff_get_the_chosen_models_cases(province_staff, model_a, case_a, case_b):
    """A province's cases are too many for one list: none until the model is chosen, then
    its commune's (the form reloads through htmx, keeping what was typed)."""
    client = login(province_staff)
    url = reverse("patrols:incident_add")
    assert not client.get(url).context["form"]["solved_case"].field.queryset.exists()
    reloaded = client.get(
        url, {"model": model_a.pk, "description": "Tin từ dân"}, HTTP_HX_REQUEST="true"
    )
    assert [t.name for t in reloaded.templates][0] == "patrols/_incident_form.html"
    form = reloaded.context["form"]
    assert list(form["solved_case"].field.queryset) == [case_a]
    assert form["description"].value() == "Tin từ dân"


def test_every_problem_at_once_on_the_page(province_staff, model_a, category, case_b):
    """Province staff see both communes: a case of B is refused for a tip-off of A."""
    client = login(province_staff)
    response = client.post(
        reverse("patrols:incident_add"),
        tip_off(model_a, category, solved_case=case_b.pk, suspects_arrested=2),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "xã, phường có tin báo" in form.errors["solved_case"][0]
    assert "ghi vào vụ việc" in form.errors["suspects_arrested"][0]
    assert not Incident.objects.filter(detected_by="tip_off").exists()


def test_a_linked_case_cannot_become_a_tip_off_on_its_page(client_a, model_a, category, case_a):
    IncidentFactory(model=model_a, detected_by="tip_off", solved_case=case_a)
    data = tip_off(model_a, category, suspects_arrested=0)
    response = client_a.post(reverse("patrols:incident_edit", args=[case_a.pk]), data)
    assert response.status_code == 200
    assert "không thể là tin báo" in response.context["form"].errors["detected_by"][0]
    case_a.refresh_from_db()
    assert case_a.detected_by == "patrol" and case_a.suspects_arrested == 3


def test_a_recorded_incident_is_offered_its_communes_other_cases(
    province_staff, model_a, case_a, case_b
):
    other = IncidentFactory(model=model_a)
    IncidentFactory(model=model_a, detected_by="tip_off")
    form = login(province_staff).get(reverse("patrols:incident_edit", args=[case_a.pk]))
    offered = form.context["form"]["solved_case"].field.queryset
    assert list(offered.values_list("pk", flat=True)) == [other.pk]


# --- the API ----------------------------------------------------------------------------


def test_api_links_a_tip_off_and_records_arrests(officer_a, model_a, category, case_a):
    client = api(officer_a)
    body = tip_off(model_a, category, occurred_at="2025-03-10T08:15:00+07:00")
    response = client.post(
        reverse("incident-list"), {**body, "solved_case": case_a.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["solved_case"] == case_a.pk
    answer = client.patch(
        reverse("incident-detail", args=[case_a.pk]), {"suspects_arrested": 4}, format="json"
    )
    assert answer.status_code == 200 and answer.json()["suspects_arrested"] == 4


def test_api_outsider_gets_a_field_error_or_404(officer_b, registry_b, category, case_a, model_a):
    client = api(officer_b)
    body = tip_off(registry_b["team"], category, occurred_at="2025-03-10T08:15:00+07:00")
    response = client.post(
        reverse("incident-list"), {**body, "solved_case": case_a.pk}, format="json"
    )
    assert response.status_code == 400 and list(response.json()) == ["solved_case"]
    own_tip = IncidentFactory(model=model_a, detected_by="tip_off")
    response = client.patch(
        reverse("incident-detail", args=[own_tip.pk]), {"solved_case": None}, format="json"
    )
    assert response.status_code == 404
    assert not Incident.objects.filter(solved_case=case_a).exists()


@pytest.mark.parametrize(
    "change,field,message",
    [
        ("another commune's case", "solved_case", "cùng xã, phường"),
        ("a tip-off as the case", "solved_case", "không chọn một tin báo"),
        ("negative arrests", "suspects_arrested", "0"),
        ("arrests on a tip-off", "suspects_arrested", "ghi vào vụ việc"),
    ],
)
def test_api_rules_at_their_field(
    change, field, message, province_staff, model_a, category, case_b
):
    body = tip_off(model_a, category, occurred_at="2025-03-10T08:15:00+07:00")
    if change == "another commune's case":
        body["solved_case"] = case_b.pk
    elif change == "a tip-off as the case":
        body["solved_case"] = IncidentFactory(model=model_a, detected_by="tip_off").pk
    elif change == "negative arrests":
        body.update(detected_by="patrol", suspects_arrested=-1)
    else:
        body["suspects_arrested"] = 1
    before = Incident.all_objects.count()
    response = api(province_staff).post(
        reverse("incident-list"), body, format="json", HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert response.status_code == 400
    assert list(response.json()) == [field] and message in response.json()[field][0]
    assert Incident.all_objects.count() == before


def test_api_shift_incidents_record_arrests(officer_a, model_a, crew, category):
    from tests.patrols.test_api import body

    data = body(model_a, crew, category)
    data["incidents"][0]["suspects_arrested"] = 2
    response = api(officer_a).post(reverse("shift-list"), data, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["incidents"][0]["suspects_arrested"] == 2


# --- the shift page and the shift import ------------------------------------------------


def test_shift_page_records_arrests_and_an_old_page_still_saves(client_a, model_a, crew, category):
    data = payload(model_a, crew, category, **{"incidents-0-suspects_arrested": 2})
    assert "incidents-1-suspects_arrested" not in data  # as a page cached before the field
    assert client_a.post(SHIFT_URL, data).status_code == 302
    arrests = sorted(Incident.objects.values_list("suspects_arrested", flat=True))
    assert arrests == [0, 2]


INCIDENT = [1, "21:30", "Trộm cắp tài sản", "", "Tuần tra", "Bàn giao cho Công an", 1, ""]


def test_import_records_arrests_and_links_tip_offs(client_a, officer_a, model_a, crew, case_a):
    tip = [1, "22:00", "Tin báo, tố giác tội phạm", "", "Tin báo của Nhân dân"]
    content = book(
        [shift_row(1, model_a, crew)],
        [INCIDENT + [2, ""], tip + ["Bàn giao cho Công an", 0, "", "", f"#{case_a.pk}"]],
    )
    url = reverse("patrols:shift_import")
    preview = client_a.post(url, {"file": SimpleUploadedFile("ca.xlsx", content)})
    assert "Xác nhận" in preview.content.decode(), preview.context["result"]
    client_a.post(url, {"confirm": "1", "token": preview.context["token"]})
    assert Incident.objects.get(shift__isnull=False, detected_by="patrol").suspects_arrested == 2
    assert Incident.objects.get(detected_by="tip_off").solved_case == case_a


def test_import_reports_each_bad_case_at_its_row(officer_a, model_a, crew, case_b):
    from patrols.imports import import_shifts

    own_tip = IncidentFactory(model=model_a, detected_by="tip_off")
    tip = [1, "22:00", "Tin báo, tố giác tội phạm", "", "Tin báo của Nhân dân", "Khác", 0, ""]
    content = book(
        [shift_row(1, model_a, crew), shift_row(2, model_a, crew, day="12/03/2025")],
        [
            tip + ["", f"{case_b.pk}"],  # commune B's case: not in the officer's area
            tip + ["", "abc"],
            [2, "21:00", *INCIDENT[2:], "x", ""],
            [2, "21:30", *tip[2:], "", own_tip.pk],  # a tip-off named as the case
        ],
    )
    result = import_shifts(user=officer_a, content=content, commit=True)
    assert not result.saved
    first, second = (row.errors for row in result.rows)
    assert any(f"số {case_b.pk} trong địa bàn" in e for e in first)
    assert any("không có vụ việc số abc" in e for e in first)
    assert any("số đối tượng bị bắt phải là số nguyên" in e for e in second)
    assert Incident.objects.filter(shift__isnull=False).count() == 0
