"""Edges found in review: fixed communes, cascading deactivation, safe exports and imports."""

import datetime
import io
import unicodedata

from django.apps import apps
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from models_registry.models import Camera, Membership, Person
from models_registry.services import import_members
from tests.conftest import login
from tests.factories import CameraFactory, GrassrootsModelFactory, MembershipFactory, PersonFactory
from tests.models_registry.test_import_export import GOOD, workbook


def test_overlapping_membership_on_edit_is_a_message_not_a_crash(officer_a, model_a, person_a):
    old = MembershipFactory(
        person=person_a,
        model=model_a,
        joined_on=datetime.date(2021, 3, 1),
        left_on=datetime.date(2021, 12, 31),
    )
    MembershipFactory(person=person_a, model=model_a, joined_on=datetime.date(2023, 1, 1))
    response = login(officer_a).post(
        reverse("registry:membership_edit", args=[old.pk]),
        {"role": "member", "joined_on": "2021-03-01", "left_on": ""},
    )
    assert response.status_code == 200
    assert "đã là thành viên" in response.content.decode()
    old.refresh_from_db()
    assert old.left_on == datetime.date(2021, 12, 31)


def test_a_recorded_model_or_person_stays_in_its_commune(
    province_staff, model_a, person_a, commune_b
):
    client = APIClient()
    client.force_authenticate(province_staff)
    for url in (
        reverse("grassrootsmodel-detail", args=[model_a.pk]),
        reverse("person-detail", args=[person_a.pk]),
    ):
        response = client.patch(url, {"commune": commune_b.pk}, format="json")
        assert response.status_code == 400 and "commune" in response.json()
    data = {
        "name": model_a.name,
        "model_type": model_a.model_type_id,
        "commune": commune_b.pk,
        "established_on": "2021-03-01",
        "status": "active",
    }
    login(province_staff).post(reverse("registry:model_edit", args=[model_a.pk]), data)
    model_a.refresh_from_db()
    person_a.refresh_from_db()
    assert model_a.commune_id != commune_b.pk and person_a.commune_id != commune_b.pk


def test_deactivating_a_model_deactivates_what_hangs_on_it(
    officer_a, commune_a, camera_type, person_a
):
    network = GrassrootsModelFactory(name="Camera thôn", commune=commune_a, model_type=camera_type)
    CameraFactory(model=network, code="C1")
    MembershipFactory(person=person_a, model=network)
    assert (
        login(officer_a).post(reverse("registry:model_deactivate", args=[network.pk])).status_code
        == 302
    )
    assert not Camera.objects.filter(model=network).exists()
    assert not Membership.objects.filter(model=network).exists()
    assert Camera.all_objects.filter(model=network).count() == 1


def test_deactivating_a_person_ends_their_memberships(officer_a, model_a, person_a):
    MembershipFactory(person=person_a, model=model_a)
    assert (
        login(officer_a).post(reverse("registry:person_deactivate", args=[person_a.pk])).status_code
        == 302
    )
    html = (
        login(officer_a).get(reverse("registry:model_detail", args=[model_a.pk])).content.decode()
    )
    assert person_a.full_name not in html


def test_export_keeps_formulas_and_control_characters_as_text(officer_a, commune_a):
    PersonFactory(full_name='=HYPERLINK("http://x","y")', commune=commune_a)
    PersonFactory(full_name="Lê\x0bVăn", commune=commune_a)
    response = login(officer_a).get(reverse("registry:person_list"), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {c.value: c.data_type for row in sheet.iter_rows(min_row=2) for c in row[:1]}
    assert cells['=HYPERLINK("http://x","y")'] == "s"
    assert "LêVăn" in cells


def test_import_reads_decomposed_vietnamese(model_a, village_a):
    rows = [
        [unicodedata.normalize("NFD", str(v)) if isinstance(v, str) else v for v in row]
        for row in GOOD
    ]
    result = import_members(model=model_a, content=workbook(rows), commit=True)
    assert result.saved, [r.errors for r in result.rows]
    assert Person.objects.get(full_name="Trần Thị Lan").gender == "female"


def test_damaged_confirmation_is_a_message(client_a, model_a):
    url = reverse("registry:member_import", args=[model_a.pk])
    for data in ({"confirm": "1", "token": "@@not a token@@"}, {"confirm": "1"}):
        response = client_a.post(url, data)
        assert response.status_code == 200 and Membership.objects.count() == 0
        assert "Xác nhận này bị hỏng" in response.content.decode()


def test_village_links_are_in_the_history(officer_a, model_a, village_a):
    event = apps.get_model("models_registry", "GrassrootsModelVillageEvent")
    model_a.villages.add(village_a)
    model_a.villages.remove(village_a)
    assert list(event.objects.order_by("pgh_id").values_list("pgh_label", flat=True)) == [
        "village.add",
        "village.remove",
    ]


def test_new_rows_only_in_communes_in_force(province_staff, province, patrol_type):
    from tests.factories import CommuneFactory

    old = CommuneFactory(parent=province, name="Xã Cũ", valid_to=datetime.date(2025, 6, 30))
    client = APIClient()
    client.force_authenticate(province_staff)
    response = client.post(
        reverse("grassrootsmodel-list"),
        {
            "name": "Tổ cũ",
            "model_type": patrol_type.pk,
            "commune": old.pk,
            "established_on": "2021-01-01",
            "status": "active",
        },
        format="json",
    )
    assert response.status_code == 400 and "commune" in response.json()
