"""One search for every search box and the API: Vietnamese text is found with or without its
diacritics, in any Unicode form, "đ" as "d" — and only inside the user's scope."""

import datetime
import unicodedata

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from areas.base.search import search
from areas.models import Area
from models_registry.models import Person
from tests.conftest import login
from tests.factories import (
    AwardFactory,
    CameraFactory,
    GrassrootsModelFactory,
    PersonFactory,
    VillageFactory,
)

PLACE = "Đồng Tâm"
FOUND_BY = ["dong tam", "DONG TAM", "Đồng Tâm", unicodedata.normalize("NFD", "Đồng Tâm"), "tâm"]
NOT_FOUND_BY = ["dong nai", "%", "_", "Đồng Tâm Xa", "dong\x07"]


def _village(commune, **_):
    return VillageFactory(parent=commune, name=f"Thôn {PLACE}")


def _model(commune, patrol_type, **_):
    return GrassrootsModelFactory(
        name=f"Tổ tuần tra {PLACE}", commune=commune, model_type=patrol_type
    )


def _person(commune, **_):
    return PersonFactory(full_name=f"Nguyễn {PLACE}", commune=commune)


def _camera(commune, camera_type, **_):
    network = GrassrootsModelFactory(name="Mắt camera", commune=commune, model_type=camera_type)
    return CameraFactory(model=network, code=f"CAM-{commune.code}", place=f"Ngã ba {PLACE}")


def _award(commune, **_):
    person = PersonFactory(full_name=f"Trần {PLACE}", commune=commune)
    return AwardFactory(recipient_kind="person", person=person)


def _review(commune, user, **_):
    from reports.reviews import services
    from reports.statistics import Period

    return services.create_report(
        user=user,
        kind="interim",
        unit=commune,
        period=Period(datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)),
        title=f"Sơ kết mô hình {PLACE}",
    )


# Each search box: its page, its API list (None: the page has none), a row it must find.
BOXES = {
    "areas": ("areas:list", "area-list", _village),
    "villages": ("areas:village_list", "village-list", _village),
    "models": ("registry:model_list", "grassrootsmodel-list", _model),
    "persons": ("registry:person_list", "person-list", _person),
    "cameras": ("registry:camera_list", "camera-list", _camera),
    "awards": ("awards:award_list", "award-list", _award),
    "reviews": ("reports:report_list", None, _review),
}


@pytest.fixture
def rows(request, commune_a, commune_b, officer_a, officer_b, patrol_type, camera_type):
    """The box's row in commune A (officer A's) and the same text in commune B (the
    outsider's)."""
    make = BOXES[request.param][2]
    kinds = {"patrol_type": patrol_type, "camera_type": camera_type}
    own = make(commune_a, user=officer_a, **kinds)
    outsider = make(commune_b, user=officer_b, **kinds)
    return request.param, own, outsider


def page_ids(client, url_name, term) -> set[int]:
    response = client.get(reverse(url_name), {"q": term})
    assert response.status_code == 200
    return {row.pk for row in response.context["object_list"]}


def api_ids(client, url_name, param, term) -> set[int]:
    response = client.get(reverse(url_name), {param: term})
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("rows", list(BOXES), indirect=True)
def test_each_search_box_finds_with_or_without_diacritics_in_scope(rows, officer_a):
    box, own, outsider = rows
    page, api_list, _make = BOXES[box]
    client = login(officer_a)
    api = APIClient()
    api.force_authenticate(officer_a)
    for term in FOUND_BY:
        found = page_ids(client, page, term)
        assert own.pk in found, term
        assert outsider.pk not in found, term
        if api_list:
            for param in ("q", "search"):
                found = api_ids(api, api_list, param, term)
                assert own.pk in found, (param, term)
                assert outsider.pk not in found, (param, term)
    for term in NOT_FOUND_BY:
        assert own.pk not in page_ids(client, page, term), term
        if api_list:
            for param in ("q", "search"):
                assert own.pk not in api_ids(api, api_list, param, term), (param, term)


def test_a_name_is_found_by_its_words_in_any_order(officer_a, commune_a, commune_b):
    an = PersonFactory(full_name="Nguyễn Văn An", commune=commune_a)
    PersonFactory(full_name="Lê Thị Bình", commune=commune_a)  # no "an", no "nguyen"
    PersonFactory(full_name="Nguyễn Văn An", commune=commune_b)
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn An")
    for term in ["nguyen van an", "Nguyễn Văn An", nfd, "an nguyen", "  NGUYEN   an "]:
        assert page_ids(login(officer_a), "registry:person_list", term) == {an.pk}, term


def test_d_and_dd_are_the_same_letter_to_a_search(officer_a, commune_a):
    duc = PersonFactory(full_name="Lê Văn Đức", commune=commune_a)
    dung = PersonFactory(full_name="Phạm Dũng", commune=commune_a)
    assert page_ids(login(officer_a), "registry:person_list", "duc") == {duc.pk}
    assert page_ids(login(officer_a), "registry:person_list", "đũng") == {dung.pk}


def test_a_units_code_is_matched_whole(officer_a, commune_a):
    assert page_ids(login(officer_a), "areas:list", commune_a.code) == {commune_a.pk}
    assert page_ids(login(officer_a), "areas:list", commune_a.code[:3]) == set()


def test_an_empty_term_keeps_every_row(commune_a):
    PersonFactory(full_name="Nguyễn Văn An", commune=commune_a)
    assert search(Person.objects.all(), "  ", ["full_name"]).count() == 1


def test_stored_decomposed_text_is_found_too(commune_a):
    # Rows written before text was stored in NFC (or by raw SQL) are still found.
    person = PersonFactory(full_name="Bình", commune=commune_a)
    Person.objects.filter(pk=person.pk).update(
        full_name=unicodedata.normalize("NFD", "Nguyễn Văn An")
    )
    assert list(search(Person.objects.all(), "Nguyễn Văn An", ["full_name"])) == [person]


def test_the_api_schema_offers_search_only_where_there_is_a_search_box(administrator):
    api = APIClient()
    api.force_authenticate(administrator)
    schema = api.get(reverse("schema"), {"format": "json"}).json()

    def params(path):
        return {p["name"] for p in schema["paths"][path]["get"].get("parameters", [])}

    assert {"q", "search"} <= params("/api/persons/")
    assert "search" not in params("/api/memberships/")


def test_the_admin_searches_the_same_way(administrator, commune_a, commune_b):
    client = login(administrator)
    response = client.get(reverse("admin:areas_area_changelist"), {"q": "duc trong"})
    assert [a.pk for a in response.context["cl"].result_list] == [commune_b.pk]
    # A user's unit is picked through the admin's autocomplete, which searches the same way.
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "accounts", "model_name": "user", "field_name": "scope_unit", "term": "hiep"},
    )
    assert [r["id"] for r in response.json()["results"]] == [str(commune_a.pk)]
    assert Area.objects.filter(pk=commune_a.pk).exists()


def test_a_nul_in_a_search_is_refused_at_its_field_not_a_server_error(officer_a, commune_a):
    api = APIClient()
    api.force_authenticate(officer_a)
    for param in ("q", "search"):
        response = api.get(reverse("person-list"), {param: "an\x00"})
        assert response.status_code == 400, (param, response.content)
        assert "ký tự rỗng" in response.json()[param][0]
    assert login(officer_a).get(reverse("registry:person_list"), {"q": "an\x00"}).status_code == 200
