"""The API: token and session auth, pagination, filters, schema and docs, scoped writes."""

from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from areas.base.history import history_of
from areas.models import Area


def test_token_auth_and_scoped_read(officer_a, commune_a, village_a, village_b):
    token = Token.objects.create(user=officer_a)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get(reverse("area-list"))
    assert response.status_code == 200
    body = response.json()
    assert {"count", "next", "previous", "results"} <= set(body)
    assert {a["name"] for a in body["results"]} == {"Xã Hiệp Thạnh", "Thôn Phi Nôm"}


def test_anonymous_is_refused(db):
    response = APIClient().get(reverse("area-list"))
    assert response.status_code in (401, 403)


def test_filters_and_pagination(province_staff, commune_a, commune_b, village_a, village_b):
    client = APIClient()
    client.force_authenticate(province_staff)
    communes = client.get(reverse("area-list"), {"level": 3}).json()
    # Vietnamese order: đ before h.
    assert [a["name"] for a in communes["results"]] == ["Xã Đức Trọng", "Xã Hiệp Thạnh"]
    villages = client.get(reverse("village-list"), {"commune": commune_b.pk}).json()
    assert [v["name"] for v in villages["results"]] == ["Thôn Bắc Hội"]
    searched = client.get(reverse("area-list"), {"q": "Phi"}).json()
    assert [a["name"] for a in searched["results"]] == ["Thôn Phi Nôm"]
    page = client.get(reverse("area-list"), {"page_size": 1, "page": 2}).json()
    assert page["count"] == 5


def test_village_crud_through_the_api(officer_a, commune_a):
    client = APIClient()
    client.force_authenticate(officer_a)
    created = client.post(
        reverse("village-list"),
        {"commune": commune_a.pk, "kind": "hamlet", "name": "Ấp 3"},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert history_of(Area.objects.get(pk=pk))[-1].user == officer_a  # who added it
    url = reverse("village-detail", args=[pk])
    assert client.patch(url, {"name": "Ấp Ba"}, format="json").status_code == 200
    assert client.delete(url).status_code == 204
    village = Area.all_objects.get(pk=pk)
    assert village.is_deleted and village.name == "Ấp Ba"
    assert client.get(url).status_code == 404


def test_read_only_role_gets_403_on_writes(secretary, commune_a, village_a):
    client = APIClient()
    client.force_authenticate(secretary)
    assert client.get(reverse("village-detail", args=[village_a.pk])).status_code == 200
    response = client.patch(
        reverse("village-detail", args=[village_a.pk]), {"name": "X"}, format="json"
    )
    assert response.status_code == 403


def test_official_units_are_read_only(province_staff, commune_a):
    client = APIClient()
    client.force_authenticate(province_staff)
    url = reverse("area-detail", args=[commune_a.pk])
    assert client.get(url).status_code == 200
    assert client.patch(url, {"name": "X"}, format="json").status_code == 405
    # An official unit is not a village: the village endpoint does not find it.
    assert client.get(reverse("village-detail", args=[commune_a.pk])).status_code == 404


def test_openapi_schema_lists_the_endpoints(officer_a):
    client = APIClient()
    client.force_authenticate(officer_a)
    response = client.get(reverse("schema"), {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/areas/", "/api/areas/{id}/", "/api/villages/", "/api/villages/{id}/"} <= set(
        paths
    )


def test_docs_page_uses_local_assets(client_a):
    html = client_a.get(reverse("api-docs")).content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower() and "https://" not in html
