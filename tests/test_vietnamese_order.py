"""Names are listed in Vietnamese alphabetical order everywhere (Bắc < Bình, D < Đ), by the
stored sort key in the database: list pages, choice lists, the API, the engine's breakdown (and
so the dashboards, their export and the review report's appendix) and the completeness page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from reports.statistics import Period, completeness, compute, resolve_scope
from tests.conftest import login
from tests.factories import CommuneFactory, GrassrootsModelFactory, PersonFactory

YEAR = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
# Created out of order on purpose; "Xã Đức Trọng" and "Xã Hiệp Thạnh" are the conftest's.
COMMUNES = ["Xã Bắc Gia Nghĩa", "Xã Bình Thuận", "Xã Dung", "Xã Đức Trọng", "Xã Hiệp Thạnh"]


@pytest.fixture
def communes(province, commune_a, commune_b):
    for name in ("Xã Dung", "Xã Bình Thuận", "Xã Bắc Gia Nghĩa"):
        CommuneFactory(parent=province, name=name)


@pytest.fixture
def teams(communes, commune_b, patrol_type, camera_type):
    """Models of commune B, two types; each type's names out of order."""
    for name, kind in [
        ("Tổ tuần tra Đồng Tâm", patrol_type),
        ("Tổ tuần tra Dốc Đá", patrol_type),
        ("Tổ tuần tra Bình An", patrol_type),
        ("Camera Đường 10", camera_type),
        ("Camera Đường 2", camera_type),
    ]:
        GrassrootsModelFactory(name=name, commune=commune_b, model_type=kind)


def names(rows, attr="name"):
    return [getattr(row, attr) for row in rows]


@pytest.mark.django_db
def test_the_list_of_units_and_its_commune_choices(communes, province_staff):
    client = login(province_staff)
    response = client.get(reverse("areas:list"), {"level": 3, "current": "true"})
    assert names(response.context["object_list"]) == COMMUNES
    html = response.content.decode()
    assert html.index("Xã Bắc Gia Nghĩa") < html.index("Xã Bình Thuận")
    assert html.index("Xã Dung") < html.index("Xã Đức Trọng")

    response = client.get(reverse("registry:model_list"))
    choices = response.context["filter"].form.fields["commune"].queryset
    assert names(choices) == COMMUNES


@pytest.mark.django_db
def test_the_registry_lists_models_by_commune_then_name_and_persons_by_given_name(
    teams, communes, commune_a, commune_b, province_staff
):
    client = login(province_staff)
    GrassrootsModelFactory(name="Tổ tự quản Ấp 1", commune=commune_a)
    rows = client.get(reverse("registry:model_list")).context["object_list"]
    assert names(rows) == [
        "Camera Đường 2",  # Xã Đức Trọng first (đ < h), then by name: C < T; 2 < 10
        "Camera Đường 10",
        "Tổ tuần tra Bình An",
        "Tổ tuần tra Dốc Đá",
        "Tổ tuần tra Đồng Tâm",
        "Tổ tự quản Ấp 1",  # Xã Hiệp Thạnh
    ]
    for full_name in ("Nguyễn Văn Đức", "Trần Thị Ánh", "Lê Văn Dũng", "Phạm Thị Bích"):
        PersonFactory(full_name=full_name, commune=commune_b)
    rows = client.get(reverse("registry:person_list")).context["object_list"]
    assert names(rows, "full_name") == [
        "Trần Thị Ánh",
        "Phạm Thị Bích",
        "Lê Văn Dũng",
        "Nguyễn Văn Đức",
    ]


@pytest.mark.django_db
def test_the_api_lists_in_vietnamese_order_and_orders_by_name_on_request(communes, province_staff):
    api = APIClient()
    api.force_authenticate(province_staff)
    url = reverse("area-list")
    rows = api.get(url, {"level": 3}).json()["results"]
    assert [row["name"] for row in rows] == COMMUNES
    rows = api.get(url, {"level": 3, "ordering": "-name"}).json()["results"]
    assert [row["name"] for row in rows] == COMMUNES[::-1]


@pytest.mark.django_db
def test_the_engines_breakdown_and_completeness(teams, commune_b, province_staff):
    figures = compute(province_staff, resolve_scope(province_staff), YEAR)
    assert [row.label for row in figures.breakdown] == COMMUNES
    # A commune's models: by type (the catalogue's order), then by name.
    figures = compute(province_staff, resolve_scope(province_staff, unit=commune_b.pk), YEAR)
    assert [row.label for row in figures.breakdown] == [
        "Tổ tuần tra Bình An",
        "Tổ tuần tra Dốc Đá",
        "Tổ tuần tra Đồng Tâm",
        "Camera Đường 2",
        "Camera Đường 10",
    ]
    report = completeness(province_staff, province_staff.scope_unit, 30, timezone.localdate())
    # No commune but B has a patrol team: B by its rate (0 %), then the others by name.
    assert [row.label for row in report.communes] == [
        "Xã Đức Trọng",
        "Xã Bắc Gia Nghĩa",
        "Xã Bình Thuận",
        "Xã Dung",
        "Xã Hiệp Thạnh",
    ]
    assert [row.label for row in report.silent_models] == [
        "Tổ tuần tra Bình An",
        "Tổ tuần tra Dốc Đá",
        "Tổ tuần tra Đồng Tâm",
    ]


@pytest.mark.django_db
def test_the_dashboard_table_sorted_by_name(communes, province_staff):
    client = login(province_staff)
    for sort, expected in (("label", COMMUNES), ("-label", COMMUNES[::-1])):
        html = client.get(reverse("home"), {"preset": "year", "sort": sort}).content.decode()
        table = html[html.index('data-table="breakdown"') :]
        positions = [table.index(name) for name in expected]
        assert positions == sorted(positions), sort
