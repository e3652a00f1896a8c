"""Every registry rule: a Vietnamese field message, through the form and the API, and nothing saved."""

import datetime

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from models_registry.forms import CameraForm, GrassrootsModelForm, MemberAddForm, MembershipForm
from tests.conftest import login
from tests.factories import CameraFactory, MembershipFactory, PersonFactory

TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)


def counts():
    names = [
        "GrassrootsModel",
        "Person",
        "Membership",
        "Camera",
        "ModelRating",
        "GrassrootsModelEvent",
        "PersonEvent",
        "MembershipEvent",
        "CameraEvent",
    ]
    return {n: apps.get_model("models_registry", n).objects.count() for n in names}


def errors_in(language, form_class, data, **kwargs):
    with translation.override(language):
        form = form_class(data=data, **kwargs)
        assert not form.is_valid()
        return {k: [str(m) for m in v] for k, v in form.errors.items()}


def assert_vietnamese(form_class, data, field, **kwargs):
    vi = errors_in("vi", form_class, data, **kwargs)
    en = errors_in("en", form_class, data, **kwargs)
    assert field in vi, vi
    assert vi[field] != en[field], f"untranslated: {vi[field]}"
    return vi[field]


def api_errors(user, method, url, payload):
    client = APIClient()
    client.force_authenticate(user)
    out = {}
    for language in ("vi", "en"):
        response = getattr(client, method)(
            url, payload, format="json", HTTP_ACCEPT_LANGUAGE=language
        )
        assert response.status_code == 400, response.content
        out[language] = response.json()
    return out


def model_data(commune, model_type, **overrides):
    return {
        "name": "Tổ tuần tra thôn 1",
        "model_type": model_type.pk,
        "commune": commune.pk,
        "established_on": "2022-01-10",
        "status": "active",
        **overrides,
    }


def test_model_established_in_the_future(officer_a, commune_a, patrol_type):
    before = counts()
    data = model_data(commune_a, patrol_type, established_on=TOMORROW.isoformat())
    messages = assert_vietnamese(GrassrootsModelForm, data, "established_on", user=officer_a)
    response = login(officer_a).post(reverse("registry:model_add"), data)
    assert response.status_code == 200 and messages[0] in response.content.decode()
    answers = api_errors(
        officer_a, "post", reverse("grassrootsmodel-list"), {**data, "villages": []}
    )
    assert answers["vi"]["established_on"] != answers["en"]["established_on"]
    assert counts() == before


def test_model_in_another_commune_cannot_be_created(officer_a, commune_b, patrol_type):
    before = counts()
    data = model_data(commune_b, patrol_type)
    assert_vietnamese(GrassrootsModelForm, data, "commune", user=officer_a)
    answers = api_errors(officer_a, "post", reverse("grassrootsmodel-list"), data)
    assert "commune" in answers["vi"]
    assert counts() == before


def test_dissolved_model_needs_its_date(officer_a, commune_a, patrol_type):
    data = model_data(commune_a, patrol_type, status="dissolved")
    assert_vietnamese(GrassrootsModelForm, data, "dissolved_on", user=officer_a)


def test_left_before_joined(officer_a, model_a, person_a):
    membership = MembershipFactory(
        person=person_a, model=model_a, joined_on=datetime.date(2022, 5, 1)
    )
    before = counts()
    data = {"role": "member", "joined_on": "2022-05-01", "left_on": "2022-04-30"}
    assert_vietnamese(MembershipForm, data, "left_on", user=officer_a, instance=membership)
    response = login(officer_a).post(
        reverse("registry:membership_edit", args=[membership.pk]), data
    )
    assert response.status_code == 200
    answers = api_errors(
        officer_a,
        "patch",
        reverse("membership-detail", args=[membership.pk]),
        {"left_on": "2022-04-30"},
    )
    assert answers["vi"]["left_on"] != answers["en"]["left_on"]
    membership.refresh_from_db()
    assert membership.left_on is None
    assert counts() == before


def test_two_current_leaders(officer_a, model_a, person_a, commune_a):
    MembershipFactory(person=person_a, model=model_a, role="leader")
    before = counts()
    data = {"full_name": "Phạm Văn Bình", "role": "leader", "joined_on": "2023-01-01"}
    messages = assert_vietnamese(MemberAddForm, data, "role", user=officer_a, model=model_a)
    response = login(officer_a).post(reverse("registry:member_add", args=[model_a.pk]), data)
    assert response.status_code == 200 and messages[0] in response.content.decode()
    other = PersonFactory(full_name="Phạm Văn Bình", commune=commune_a)
    before = counts()
    answers = api_errors(
        officer_a,
        "post",
        reverse("membership-list"),
        {"person": other.pk, "model": model_a.pk, "role": "leader", "joined_on": "2023-01-01"},
    )
    assert answers["vi"]["role"] != answers["en"]["role"]
    assert counts() == before


def test_former_leader_does_not_block_a_new_one(officer_a, model_a, person_a):
    MembershipFactory(
        person=person_a, model=model_a, role="leader", left_on=datetime.date(2022, 12, 31)
    )
    form = MemberAddForm(
        data={"full_name": "Phạm Văn Bình", "role": "leader", "joined_on": "2023-01-01"},
        user=officer_a,
        model=model_a,
    )
    assert form.is_valid(), form.errors


def test_member_from_another_commune(province_staff, model_a, commune_b):
    """Province staff can see both communes, but a model's members live in its commune."""
    outsider = PersonFactory(full_name="Người xã khác", commune=commune_b)
    before = counts()
    answers = api_errors(
        province_staff,
        "post",
        reverse("membership-list"),
        {"person": outsider.pk, "model": model_a.pk, "role": "member", "joined_on": "2023-01-01"},
    )
    assert answers["vi"]["person"] != answers["en"]["person"]
    assert "xã" in answers["vi"]["person"][0].lower()
    assert counts() == before


def test_commune_officer_cannot_even_pick_another_communes_person(officer_a, model_a, commune_b):
    outsider = PersonFactory(full_name="Người xã khác", commune=commune_b)
    data = {"person": outsider.pk, "role": "member", "joined_on": "2023-01-01"}
    assert_vietnamese(MemberAddForm, data, "person", user=officer_a, model=model_a)


def test_joined_before_the_model_existed(officer_a, model_a):
    data = {"full_name": "Phạm Văn Bình", "role": "member", "joined_on": "2020-01-01"}
    assert_vietnamese(MemberAddForm, data, "joined_on", user=officer_a, model=model_a)


@pytest.mark.parametrize(
    "lat,lon,field",
    [("1.5", "105.0", "latitude"), ("21.0", "100.0", "longitude"), ("48.85", "2.35", "latitude")],
)
def test_camera_outside_viet_nam(officer_a, commune_a, camera_type, lat, lon, field):
    from tests.factories import GrassrootsModelFactory

    network = GrassrootsModelFactory(name="Camera thôn", commune=commune_a, model_type=camera_type)
    before = counts()
    data = {
        "model": network.pk,
        "code": "C1",
        "place": "Cổng chợ",
        "latitude": lat,
        "longitude": lon,
        "kind": "fixed",
        "funding": "public",
        "installed_on": "2023-02-01",
        "status": "working",
    }
    assert_vietnamese(CameraForm, data, field, user=officer_a)
    answers = api_errors(officer_a, "post", reverse("camera-list"), data)
    assert answers["vi"][field] != answers["en"][field]
    assert counts() == before


def test_camera_inside_viet_nam_and_on_truong_sa_is_fine(officer_a, commune_a, camera_type):
    from tests.factories import GrassrootsModelFactory

    network = GrassrootsModelFactory(name="Camera thôn", commune=commune_a, model_type=camera_type)
    for lat, lon in [("11.94", "108.44"), ("8.64", "111.92")]:
        data = {
            "model": network.pk,
            "code": f"C{lat}",
            "place": "Cổng chợ",
            "latitude": lat,
            "longitude": lon,
            "kind": "ptz",
            "funding": "state",
            "installed_on": "2023-02-01",
            "status": "working",
        }
        form = CameraForm(data=data, user=officer_a)
        assert form.is_valid(), form.errors


def test_camera_only_on_a_camera_network(officer_a, model_a):
    data = {
        "model": model_a.pk,
        "code": "C1",
        "place": "x",
        "kind": "fixed",
        "funding": "public",
        "installed_on": "2023-02-01",
        "status": "working",
    }
    assert_vietnamese(CameraForm, data, "model", user=officer_a)


def test_duplicate_camera_code(officer_a, commune_a, camera_type):
    from tests.factories import GrassrootsModelFactory

    network = GrassrootsModelFactory(name="Camera thôn", commune=commune_a, model_type=camera_type)
    CameraFactory(model=network, code="C1")
    data = {
        "model": network.pk,
        "code": "C1",
        "place": "x",
        "kind": "fixed",
        "funding": "public",
        "installed_on": "2023-02-01",
        "status": "working",
    }
    form = CameraForm(data=data, user=officer_a)
    assert not form.is_valid()
